import * as React from 'react';

import { adminApi } from '@strapi/strapi/admin';

import type { AnalyticsStats } from '../../../contracts/analytics';
import type {
  Dashboard,
  DashboardExport,
  ListDashboardTagsResponse,
  ListDashboardsResponse,
  Tile,
} from '../../../contracts/dashboards';
import type {
  ContentTypeListing,
  DatasourceListing,
  Listing,
  TableListing,
  TilePreviewResponse,
} from '../../../contracts/query';
import type { RefreshRun, ScheduleBody, ScheduleResponse } from '../../../contracts/schedules';
import type {
  CreatedShareLink,
  CreateShareLinkBody,
  EmbedInfo,
  EmbedOptions,
  PublicShare,
  ShareLink,
  SnapshotTaken,
} from '../../../contracts/sharing';
import type { TileResult } from '../../../contracts/snapshots';
import { chosenValues, effectiveValues, filterDefinitions } from '../components/filters/presets';
import { concurrencyLimit } from '../utils/concurrency';
import { dataTileIds } from '../utils/tileData';
import type { LayoutUpdateBody } from '../utils/layout';
import type { TileBody } from '../utils/tileConfig';
import { apiPaths } from './paths';

/**
 * The cache tags of the plugin's admin API. `Dashboard` (id `LIST` for the lists, else a
 * dashboard's id: its structure), `DashboardData` (a dashboard's tile results), `ShareLink` and
 * `Schedule` (by dashboard id). A write invalidates what it changed; every query loads again on
 * mount (`keepUnusedDataFor: 0`), as the admin's pages always did.
 */
export const TAGS = ['Dashboard', 'DashboardData', 'ShareLink', 'Schedule'] as const;

const LIST = { type: 'Dashboard', id: 'LIST' } as const;
const structureOf = (id: string) => [{ type: 'Dashboard', id }, LIST] as const;
const tilesOf = (id: string) =>
  [
    { type: 'Dashboard', id },
    { type: 'DashboardData', id },
  ] as const;

/** A GET that is not kept once nothing shows it: the next mount loads it again. */
const FRESH = { keepUnusedDataFor: 0 } as const;

export interface TileDataArgs {
  id: string;
  tileId: string;
  params: Record<string, string>;
}

/**
 * A tile that asks for its data on its own (when the shared stream did not answer it): six requests
 * at most at once (what a browser opens to one host over HTTP/1.1), the others waiting in the
 * tiles' order, so that a large dashboard never queues the app's other requests behind its tiles.
 */
const tileRequests = concurrencyLimit(6);

/**
 * The tile data the page shows (by URL, with how many tiles show it). A request that waited for its
 * turn is not sent when no tile shows its data any more (the filters changed again, the page was
 * left): a quick second change never waits behind the first one's requests.
 */
const shownTileData = new Map<string, number>();

/** Marks a tile's data (`null`: none) as shown while the calling component shows it. */
export function useShownTileData(args: TileDataArgs | null) {
  const url = args && apiPaths.tileData(args.id, args.tileId, args.params);
  // before the query's own effects: its request is marked before it can wait
  React.useLayoutEffect(() => {
    if (!url) return undefined;
    shownTileData.set(url, (shownTileData.get(url) ?? 0) + 1);
    return () => {
      const count = (shownTileData.get(url) ?? 1) - 1;
      if (count > 0) shownTileData.set(url, count);
      else shownTileData.delete(url);
    };
  }, [url]);
}

/**
 * The tiles that ask for their data in the same moment (a page's first draw, new filter values, a
 * reload) share one request, GET /:id/data?format=ndjson&tiles=…: the server computes them
 * together (a cached one answers at once) and each tile draws as its line arrives. A tile the
 * stream does not answer (the request failed or was refused, the session's token must be renewed)
 * asks for its own data, through the admin's fetch client, which renews the token and reports errors.
 */
interface StreamBatch {
  results: Map<string, { promise: Promise<TileResult | null>; resolve: (result: TileResult | null) => void }>;
}

const gatheringBatches = new Map<string, StreamBatch>();

/**
 * The stream a dashboard's first view starts as soon as its structure arrives, before the page has
 * drawn its tiles (GET /:id and the tiles' data then overlap the page's rendering): each tile's
 * line is handed over once, to the first ask within moments; a later ask computes anew.
 */
const prefetched = new Map<string, { batch: StreamBatch; unclaimed: Set<string>; at: number }>();
const PREFETCH_CLAIMABLE_MS = 30_000;

function pendingResult(batch: StreamBatch, tileId: string) {
  let entry = batch.results.get(tileId);
  if (!entry) {
    let resolve!: (result: TileResult | null) => void;
    const promise = new Promise<TileResult | null>((done) => {
      resolve = done;
    });
    entry = { promise, resolve };
    batch.results.set(tileId, entry);
  }
  return entry.promise;
}

function prefetchTileData(dashboard: Dashboard, token: string) {
  const definitions = filterDefinitions(dashboard.filters);
  const params = effectiveValues(
    definitions,
    chosenValues(definitions, new URLSearchParams(window.location.search))
  );
  const tileIds = [...new Set(dataTileIds(dashboard.tiles).values())];
  if (tileIds.length === 0) return;
  const batch: StreamBatch = { results: new Map() };
  for (const tileId of tileIds) void pendingResult(batch, tileId);
  prefetched.set(apiPaths.data(dashboard.id, params), { batch, unclaimed: new Set(tileIds), at: Date.now() });
  void readStream(apiPaths.streamedData(dashboard.id, params, tileIds), token, batch);
}

function claimPrefetched(key: string, tileId: string) {
  const early = prefetched.get(key);
  if (!early || !early.unclaimed.has(tileId)) return undefined;
  if (Date.now() - early.at > PREFETCH_CLAIMABLE_MS) {
    prefetched.delete(key);
    return undefined;
  }
  early.unclaimed.delete(tileId);
  if (early.unclaimed.size === 0) prefetched.delete(key);
  return early.batch.results.get(tileId)?.promise;
}

function streamedResult(id: string, params: Record<string, string>, tileId: string, token: string) {
  const key = apiPaths.data(id, params);
  const early = claimPrefetched(key, tileId);
  if (early) return early;
  let batch = gatheringBatches.get(key);
  if (!batch) {
    const gathering: StreamBatch = { results: new Map() };
    gatheringBatches.set(key, gathering);
    // the tiles' queries start one after the other in the same task: the next task sends them all
    setTimeout(() => {
      gatheringBatches.delete(key);
      void readStream(apiPaths.streamedData(id, params, [...gathering.results.keys()]), token, gathering);
    }, 0);
    batch = gathering;
  }
  return pendingResult(batch, tileId);
}

async function readStream(url: string, token: string, batch: StreamBatch) {
  try {
    const response = await fetch(`${backendURL()}${url}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/x-ndjson' },
      credentials: 'include',
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
    // the tiles not answered yet ask for their own
  } finally {
    for (const { resolve } of batch.results.values()) resolve(null);
  }
}

/** Where the admin's API is (what the admin's own fetch client prefixes). */
const backendURL = () => (window as unknown as { strapi: { backendURL: string } }).strapi.backendURL;

/** The admin's session token (the store keeps the renewed one). */
const tokenOf = (state: unknown): string | null =>
  (state as { admin_app?: { token?: string | null } }).admin_app?.token ?? null;

/** What a request no tile shows any more answers (nothing shows it: only its cache entry sees it). */
const NOT_SHOWN = { status: 499, name: 'NotShown', message: 'No tile shows this data any more' } as const;

export const dashboardsApi = adminApi.enhanceEndpoints({ addTagTypes: [...TAGS] }).injectEndpoints({
  endpoints: (build) => ({
    // the list page and the recent dashboards widget
    listDashboards: build.query<ListDashboardsResponse, Record<string, string>>({
      query: (query) => apiPaths.dashboards(query),
      providesTags: [LIST],
      ...FRESH,
    }),
    // the tags in use, for the list's tag filter and the settings dialog's suggestions
    dashboardTags: build.query<ListDashboardTagsResponse, void>({
      query: () => apiPaths.dashboardTags(),
      providesTags: [LIST],
      ...FRESH,
    }),
    createDashboard: build.mutation<Dashboard, { name: string; description: string | null }>({
      query: (data) => ({ url: apiPaths.dashboards(), method: 'POST', data }),
      invalidatesTags: [LIST],
    }),
    importDashboard: build.mutation<Dashboard, unknown>({
      query: (data) => ({ url: apiPaths.importDashboard(), method: 'POST', data }),
      invalidatesTags: [LIST],
    }),
    exportDashboard: build.query<DashboardExport, string>({
      query: (id) => apiPaths.exportDashboard(id),
      ...FRESH,
    }),
    duplicateDashboard: build.mutation<Dashboard, string>({
      query: (id) => ({ url: apiPaths.duplicateDashboard(id), method: 'POST', data: {} }),
      invalidatesTags: [LIST],
    }),
    deleteDashboard: build.mutation<void, string>({
      query: (id) => ({ url: apiPaths.dashboard(id), method: 'DELETE' }),
      invalidatesTags: (_result, _error, id) => [...structureOf(id)],
    }),

    // one dashboard: its structure, its tiles' results, its layout and tiles
    getDashboard: build.query<Dashboard, string>({
      queryFn: async (id, api, _options, baseQuery) => {
        const loaded = await baseQuery(apiPaths.dashboard(id));
        if (loaded.error) return { error: loaded.error };
        const dashboard = loaded.data as Dashboard;
        // a view's first load (not a reload of its structure) starts its tiles' data at once, before
        // the page draws (the store's answer renders the page before anything else runs)
        const shown = dashboardsApi.endpoints.getDashboard.select(id)(api.getState() as never).data;
        const token = tokenOf(api.getState());
        if (shown === undefined && token !== null) prefetchTileData(dashboard, token);
        return { data: dashboard };
      },
      providesTags: (_result, _error, id) => [{ type: 'Dashboard', id }],
      ...FRESH,
    }),
    updateDashboard: build.mutation<Dashboard, { id: string; body: Record<string, unknown> }>({
      query: ({ id, body }) => ({ url: apiPaths.dashboard(id), method: 'PUT', data: body }),
      // the page's copy of the dashboard is not loaded again (the embed panel keeps its own list)
      invalidatesTags: [LIST],
    }),
    // GET /:id/tiles/:tileId/data: one tile run now with the filters' values (its error is its own)
    getTileData: build.query<TileResult, TileDataArgs>({
      queryFn: async ({ id, tileId, params }, api, _options, baseQuery) => {
        const token = tokenOf(api.getState());
        const streamed = token === null ? null : await streamedResult(id, params, tileId, token);
        if (streamed) return { data: streamed };
        const url = apiPaths.tileData(id, tileId, params);
        const answer = await tileRequests(async (waited) =>
          waited && !shownTileData.has(url) ? { error: NOT_SHOWN } : baseQuery(url)
        );
        return answer.error ? { error: answer.error } : { data: answer.data as TileResult };
      },
      providesTags: (_result, _error, { id }) => [{ type: 'DashboardData', id }],
      ...FRESH,
    }),
    saveLayout: build.mutation<unknown, { id: string; changes: LayoutUpdateBody }>({
      query: ({ id, changes }) => ({ url: apiPaths.layout(id), method: 'PUT', data: changes }),
      // the page keeps the positions it saved
    }),
    createTile: build.mutation<Tile, { id: string; body: TileBody & Partial<Tile> }>({
      query: ({ id, body }) => ({ url: apiPaths.tiles(id), method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [...tilesOf(id)],
    }),
    updateTile: build.mutation<Tile, { id: string; tileId: string; body: TileBody }>({
      query: ({ id, tileId, body }) => ({ url: apiPaths.tile(id, tileId), method: 'PUT', data: body }),
      invalidatesTags: (_result, _error, { id }) => [...tilesOf(id)],
    }),
    deleteTile: build.mutation<void, { id: string; tileId: string }>({
      query: ({ id, tileId }) => ({ url: apiPaths.tile(id, tileId), method: 'DELETE' }),
      invalidatesTags: (_result, _error, { id }) => [...tilesOf(id)],
    }),
    previewTile: build.mutation<
      TilePreviewResponse,
      { id: string; body: TileBody; params?: Record<string, string> }
    >({
      query: ({ id, body, params }) => ({
        url: apiPaths.tilePreview(id, params),
        method: 'POST',
        data: body,
      }),
    }),

    // the tile editor's sources
    contentTypes: build.query<ContentTypeListing[], void>({
      query: () => apiPaths.contentTypes(),
      transformResponse: (answer: Listing<ContentTypeListing>) => answer.data,
      ...FRESH,
    }),
    datasources: build.query<DatasourceListing[], void>({
      query: () => apiPaths.datasources(),
      transformResponse: (answer: Listing<DatasourceListing>) => answer.data,
      ...FRESH,
    }),
    tables: build.query<TableListing[], string>({
      query: (datasourceId) => apiPaths.tables(datasourceId),
      transformResponse: (answer: Listing<TableListing>) => answer.data,
      ...FRESH,
    }),

    // sharing
    shareLinks: build.query<ShareLink[], string>({
      query: (id) => apiPaths.shareLinks(id),
      providesTags: (_result, _error, id) => [{ type: 'ShareLink', id }],
      ...FRESH,
    }),
    setPublic: build.mutation<PublicShare, { id: string; isPublic: boolean }>({
      query: ({ id, isPublic }) => ({
        url: apiPaths.share(id),
        method: 'POST',
        data: { is_public: isPublic },
      }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    createShareLink: build.mutation<CreatedShareLink, { id: string; body: CreateShareLinkBody }>({
      query: ({ id, body }) => ({ url: apiPaths.share(id), method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    rotateShareLink: build.mutation<ShareLink, { id: string; linkId: string }>({
      query: ({ id, linkId }) => ({ url: apiPaths.rotateShareLink(id, linkId), method: 'POST', data: {} }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    revokeShareLink: build.mutation<unknown, { id: string; linkId: string }>({
      query: ({ id, linkId }) => ({ url: apiPaths.shareLink(id, linkId), method: 'DELETE' }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    embed: build.query<EmbedInfo, { id: string; options: EmbedOptions }>({
      query: ({ id, options }) => apiPaths.embed(id, options),
      ...FRESH,
    }),
    takeSnapshot: build.mutation<SnapshotTaken, string>({
      query: (id) => ({ url: apiPaths.snapshot(id), method: 'POST', data: {} }),
      invalidatesTags: (_result, _error, id) => [...tilesOf(id)],
    }),

    // scheduling and refresh runs
    getSchedule: build.query<ScheduleResponse, { id: string; page: number; limit: number }>({
      query: ({ id, page, limit }) => apiPaths.schedule(id, page, limit),
      providesTags: (_result, _error, { id }) => [{ type: 'Schedule', id }],
      ...FRESH,
    }),
    saveSchedule: build.mutation<unknown, { id: string; body: ScheduleBody }>({
      query: ({ id, body }) => ({ url: apiPaths.schedule(id), method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'Schedule', id }],
    }),
    deleteSchedule: build.mutation<unknown, string>({
      query: (id) => ({ url: apiPaths.schedule(id), method: 'DELETE' }),
      invalidatesTags: (_result, _error, id) => [{ type: 'Schedule', id }],
    }),
    startRefresh: build.mutation<RefreshRun, string>({
      query: (id) => ({ url: apiPaths.refresh(id), method: 'POST', data: { mode: 'async' } }),
      invalidatesTags: (_result, _error, id) => [{ type: 'Schedule', id }],
    }),
    refreshRun: build.query<RefreshRun, { id: string; refreshId: string }>({
      query: ({ id, refreshId }) => apiPaths.refreshRun(id, refreshId),
      ...FRESH,
    }),

    // the homepage widget
    analyticsStats: build.query<AnalyticsStats, string>({
      query: (scope) => apiPaths.analyticsStats(scope),
      ...FRESH,
    }),
  }),
});

export const {
  useListDashboardsQuery,
  useDashboardTagsQuery,
  useCreateDashboardMutation,
  useImportDashboardMutation,
  useLazyExportDashboardQuery,
  useDuplicateDashboardMutation,
  useDeleteDashboardMutation,
  useGetDashboardQuery,
  useLazyGetDashboardQuery,
  useUpdateDashboardMutation,
  useGetTileDataQuery,
  useSaveLayoutMutation,
  useCreateTileMutation,
  useUpdateTileMutation,
  useDeleteTileMutation,
  usePreviewTileMutation,
  useContentTypesQuery,
  useDatasourcesQuery,
  useTablesQuery,
  useShareLinksQuery,
  useSetPublicMutation,
  useCreateShareLinkMutation,
  useRotateShareLinkMutation,
  useRevokeShareLinkMutation,
  useEmbedQuery,
  useTakeSnapshotMutation,
  useGetScheduleQuery,
  useSaveScheduleMutation,
  useDeleteScheduleMutation,
  useStartRefreshMutation,
  useLazyRefreshRunQuery,
  useAnalyticsStatsQuery,
} = dashboardsApi;
