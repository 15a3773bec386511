import * as React from 'react';

import type { Dashboard } from '../../../contracts/dashboards';
import type { TileResult } from '../../../contracts/snapshots';
import { chosenValues, effectiveValues, filterDefinitions } from '../components/filters/presets';
import { dataTileIds } from '../utils/tileData';
import { apiPaths } from './paths';

/**
 * The tiles that ask for their data in the same moment (a page's first draw, new filter values, a
 * reload) share one request, GET /:id/data?format=ndjson&tiles=…: the server computes them
 * together (a cached one answers at once) and each tile draws as its line arrives. A tile the
 * stream does not answer (the request failed or was refused, the session's token must be renewed)
 * answers null here and asks for its own data, through the admin's fetch client, which renews the
 * token and reports errors.
 */

export interface TileDataArgs {
  id: string;
  tileId: string;
  params: Record<string, string>;
}

type Deferred = { promise: Promise<TileResult | null>; resolve: (result: TileResult | null) => void };

interface StreamBatch {
  results: Map<string, Deferred>;
  /** The tile data URLs it answers (GET /:id/tiles/:tileId/data of the same values): what tiles show. */
  urls: Set<string>;
  /** Whether a tile has shown one of its results: a batch no tile shows any more is cancelled. */
  shownOnce: boolean;
  controller: AbortController;
}

const newBatch = (): StreamBatch => ({
  results: new Map(),
  urls: new Set(),
  shownOnce: false,
  controller: new AbortController(),
});

/** The tile data the page shows (by URL, with how many tiles show it). */
const shownTileData = new Map<string, number>();
/** The batches whose stream is open. */
const openBatches = new Set<StreamBatch>();

export const isShown = (args: TileDataArgs) =>
  shownTileData.has(apiPaths.tileData(args.id, args.tileId, args.params));

/**
 * Marks a tile's data (`null`: none) as shown while the calling component shows it. A stream that
 * no tile shows any more (the filters changed again, the page was left) is cancelled, and a tile
 * request that waited for its turn is not sent: a quick second change never waits behind the first.
 */
export function useShownTileData(args: TileDataArgs | null) {
  const url = args && apiPaths.tileData(args.id, args.tileId, args.params);
  // before the query's own effects: its request is marked before it can wait
  React.useLayoutEffect(() => {
    if (!url) return undefined;
    shownTileData.set(url, (shownTileData.get(url) ?? 0) + 1);
    for (const batch of openBatches) if (batch.urls.has(url)) batch.shownOnce = true;
    return () => {
      const count = (shownTileData.get(url) ?? 1) - 1;
      if (count > 0) shownTileData.set(url, count);
      else shownTileData.delete(url);
      for (const batch of openBatches) {
        if (batch.shownOnce && ![...batch.urls].some((each) => shownTileData.has(each)))
          batch.controller.abort();
      }
    };
  }, [url]);
}

function pendingResult(batch: StreamBatch, args: TileDataArgs) {
  let entry = batch.results.get(args.tileId);
  if (!entry) {
    let resolve!: (result: TileResult | null) => void;
    const promise = new Promise<TileResult | null>((done) => {
      resolve = done;
    });
    entry = { promise, resolve };
    batch.results.set(args.tileId, entry);
    const url = apiPaths.tileData(args.id, args.tileId, args.params);
    batch.urls.add(url);
    if (shownTileData.has(url)) batch.shownOnce = true;
  }
  return entry.promise;
}

/** Where the admin's API is (what the admin's own fetch client prefixes). */
const backendURL = () => (window as unknown as { strapi: { backendURL: string } }).strapi.backendURL;

async function readStream(url: string, token: string, batch: StreamBatch) {
  openBatches.add(batch);
  const { signal } = batch.controller;
  try {
    const response = await fetch(`${backendURL()}${url}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/x-ndjson' },
      credentials: 'include',
      signal,
    });
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const result = JSON.parse(line) as TileResult;
        batch.results.get(result.id)?.resolve(result);
      }
    }
  } catch {
    // cancelled, failed or unreadable: the tiles not answered yet ask for their own
  } finally {
    openBatches.delete(batch);
    // (a body still downloading after a failure is dropped)
    batch.controller.abort();
    for (const { resolve } of batch.results.values()) resolve(null);
  }
}

const gatheringBatches = new Map<string, StreamBatch>();

/**
 * The stream a dashboard's first view starts as soon as its structure arrives, before the page has
 * drawn its tiles (GET /:id and the tiles' data then overlap the page's rendering), by session and
 * filter values: each tile's line is handed over once, to the first ask within moments; a later ask
 * computes anew.
 */
const prefetched = new Map<string, { batch: StreamBatch; unclaimed: Set<string> }>();
const PREFETCH_CLAIMABLE_MS = 30_000;

const prefetchKey = (token: string, id: string, params: Record<string, string>) =>
  `${token} ${apiPaths.data(id, params)}`;

export function prefetchTileData(dashboard: Dashboard, token: string) {
  const definitions = filterDefinitions(dashboard.filters);
  const params = effectiveValues(
    definitions,
    chosenValues(definitions, new URLSearchParams(window.location.search))
  );
  const tileIds = [...new Set(dataTileIds(dashboard.tiles).values())];
  if (tileIds.length === 0) return;
  const batch = newBatch();
  for (const tileId of tileIds) void pendingResult(batch, { id: dashboard.id, tileId, params });
  const key = prefetchKey(token, dashboard.id, params);
  const early = { batch, unclaimed: new Set(tileIds) };
  prefetched.set(key, early);
  setTimeout(() => {
    if (prefetched.get(key) !== early) return;
    prefetched.delete(key);
    if (!batch.shownOnce) batch.controller.abort();
  }, PREFETCH_CLAIMABLE_MS);
  void readStream(apiPaths.streamedData(dashboard.id, params, tileIds), token, batch);
}

function claimPrefetched(key: string, tileId: string) {
  const early = prefetched.get(key);
  if (!early || !early.unclaimed.has(tileId)) return undefined;
  early.unclaimed.delete(tileId);
  if (early.unclaimed.size === 0) prefetched.delete(key);
  return early.batch.results.get(tileId)?.promise;
}

/** A tile's result from a stream (the prefetched one, or the one of the tiles asking now); null: none. */
export function streamedResult(args: TileDataArgs, token: string): Promise<TileResult | null> {
  const { id, tileId, params } = args;
  const early = claimPrefetched(prefetchKey(token, id, params), tileId);
  if (early) return early;
  const key = apiPaths.data(id, params);
  let batch = gatheringBatches.get(key);
  if (!batch) {
    const gathering = newBatch();
    gatheringBatches.set(key, gathering);
    // the tiles' queries start one after the other in the same task: the next task sends them all
    setTimeout(() => {
      gatheringBatches.delete(key);
      void readStream(apiPaths.streamedData(id, params, [...gathering.results.keys()]), token, gathering);
    }, 0);
    batch = gathering;
  }
  return pendingResult(batch, args);
}
