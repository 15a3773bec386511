import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';
import { getConfig } from '../config';
import { UID } from '../content-types';
import { isQueryable } from '../query/content-models';
import { getService } from '../get-service';

/**
 * The result cache (docs/cache.md). Results are kept per instance in an LRU bounded by entries and
 * bytes, keyed by what they were computed from: the kind of source, the exact query and its bound
 * parameters, the caller's effective rights (each caller builds that part of the key), and the
 * versions of the data sources the result reads. The versions live in the database
 * (`dashboards_cache_versions`), bumped by Strapi's database lifecycle events in the writing
 * transaction, so a write on any instance changes the key every instance computes next. A TTL is
 * the backstop for writes that bypass Strapi.
 *
 * Sources: `ct:<uid>` (one content type: the only rows Strapi's writes bump, so writers of two
 * content types never wait on each other), `datasource:<id>` (an external datasource, bumped only
 * by `bumpDatasource`), `strapi-db:manual` (bumped by `bumpStrapiDatabase` after writes that
 * bypass Strapi; every result read from Strapi's database depends on it), and `*`, every source
 * there is (SQL on Strapi's database may read any table).
 */
/** Every source: what SQL on Strapi's database depends on. */
export const EVERY_SOURCE = '*';
/** Bumped only by `bumpStrapiDatabase`: every cached result read from Strapi's database depends on it. */
export const STRAPI_DB_MANUAL = 'strapi-db:manual';
export const contentSource = (uid: string) => `ct:${uid}`;
export const datasourceSource = (id: string) => `datasource:${id}`;

interface Entry {
  value: unknown;
  /** The versions of the sources it was computed at. */
  versions: string;
  executedAt: string;
  expiresAt: number;
  bytes: number;
}

export interface CachedResult<T> {
  value: T;
  /** When the value was computed (now, on a miss). */
  executedAt: string;
  /** Served from the cache. */
  cached: boolean;
}

export interface CacheRequest {
  /** sql, content-type, analytics … */
  kind: string;
  /** The query, its parameters and the caller's rights: everything the result is a function of. */
  key: unknown;
  /** The data sources the result reads (their versions join the key). */
  sources: string[];
  /** Serves a hit only when this accepts its weight (the response's byte budget). */
  admit?: (bytes: number) => boolean;
  /** Whether a computed value may be kept (a result cut by the response's budget may not). */
  keep?: (value: unknown) => boolean;
  /**
   * Who asks (one view: e.g. all the tiles of one `/data` call, which arrive together): a view is
   * served a stale copy only of a result whose recomputation was running when the view arrived.
   * Without it, every request is a view of its own.
   */
  viewer?: object;
}

/** What `peek` finds when the cache holds no fresh result: the caller computes nothing. */
export class NotCachedError extends Error {
  constructor() {
    super('not in the result cache');
    this.name = 'NotCachedError';
  }
}

/** A result's weight in bytes (as JSON). */
const weight = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

const WRITE_EVENTS = [
  'afterCreate',
  'afterCreateMany',
  'afterUpdate',
  'afterUpdateMany',
  'afterDelete',
  'afterDeleteMany',
] as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let now = () => Date.now();
  let lru: LRUCache<string, Entry> | undefined;
  const inflight = new Map<string, { result: Promise<CachedResult<unknown>>; started: number }>();
  /** Orders views' arrivals and computations' starts (a counter: no clock involved). */
  let sequence = 0;
  const arrivals = new WeakMap<object, number>();
  /** When a view arrived: its first request (each request without a viewer is a view of its own). */
  const arrival = (viewer?: object) => {
    if (viewer === undefined) return (sequence += 1);
    if (!arrivals.has(viewer)) arrivals.set(viewer, (sequence += 1));
    return arrivals.get(viewer)!;
  };
  const stats = { hits: 0, misses: 0, bumps: 0, staleHits: 0, versionReads: 0 };
  const versionReads = new Map<string, Promise<string[]>>();
  const crmUids = new Map<string, Set<string>>();

  const config = () => getConfig(strapi).cache;
  const table = () => strapi.db.metadata.get(UID.cacheVersion).tableName;
  const store = () =>
    (lru ??= new LRUCache<string, Entry>({
      max: config().maxEntries,
      maxSize: config().maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
    }));

  /**
   * The content types some CRM concepts are read from (every mapped concept without `concepts`):
   * their own and every one they relate to (teams and roles decide whose records a scope covers).
   */
  function crmContentTypes(concepts?: readonly string[]): Set<string> {
    const key = concepts ? [...concepts].sort().join(',') : '*';
    const known = crmUids.get(key);
    if (known) return known;
    const mapping = getConfig(strapi).crm;
    const uids = new Set<string>();
    if (mapping !== false) {
      for (const [concept, { uid }] of Object.entries(mapping) as [string, { uid: string }][]) {
        if (typeof uid !== 'string' || (concepts && !concepts.includes(concept))) continue;
        uids.add(uid);
        const model = strapi.getModel(uid as any) as
          { attributes: Record<string, { type: string; target?: string }> } | undefined;
        for (const attribute of Object.values(model?.attributes ?? {})) {
          if (attribute.type === 'relation' && attribute.target) uids.add(attribute.target);
        }
      }
    }
    crmUids.set(key, uids);
    return uids;
  }

  /**
   * The current versions of `sources`, in one query (a source never written is at 0); with `*`,
   * those of every source written so far. Equal reads that overlap share one query: the tiles of a
   * dashboard, which start together, read the versions once. A shared read may have started a
   * moment before this call, which can only make the key older than the data computed under it,
   * never newer.
   */
  function versions(sources: string[]): Promise<string[]> {
    const unique = [...new Set(sources)].sort();
    if (unique.length === 0) return Promise.resolve([]);
    const reading = JSON.stringify(unique);
    const running = versionReads.get(reading);
    if (running) return running;
    const read = readVersions(unique).finally(() => versionReads.delete(reading));
    versionReads.set(reading, read);
    return read;
  }

  async function readVersions(unique: string[]): Promise<string[]> {
    stats.versionReads += 1;
    const every = unique.includes(EVERY_SOURCE);
    const select = strapi.db.connection(table()).select('source', 'version');
    const rows: { source: string; version: unknown }[] = every
      ? await select
      : await select.whereIn('source', unique);
    const found = new Map(rows.map((row) => [row.source, String(row.version)]));
    const named = every ? [...new Set([...found.keys(), ...unique])].sort() : unique;
    return named.map((source) => `${source}@${found.get(source) ?? '0'}`);
  }

  /**
   * Adds one to each source's version, atomically, in the current transaction when there is one
   * (the bump commits, or rolls back, with the write). One statement; sorted, so two writers never
   * wait on each other's rows in opposite orders.
   */
  async function bump(sources: string[]) {
    const unique = [...new Set(sources)].sort();
    if (unique.length === 0) return;
    stats.bumps += 1;
    const name = table();
    await strapi.db.transaction(async ({ trx }) => {
      await trx(name)
        .insert(
          unique.map((source) => ({
            source,
            version: 1,
            document_id: crypto.randomBytes(12).toString('hex'),
          }))
        )
        .onConflict('source')
        .merge({ version: trx.raw('??.?? + 1', [name, 'version']) });
    });
  }

  const hash = (value: unknown) =>
    crypto.createHash('sha256').update(JSON.stringify(value)).digest('base64url');
  const identityOf = (request: CacheRequest) => hash([request.kind, request.key]);
  const isFresh = (entry: Entry | undefined, current: string): entry is Entry =>
    entry !== undefined && entry.versions === current && entry.expiresAt > now();
  const servedFrom = <T>(from: Entry): CachedResult<T> => ({
    value: structuredClone(from.value) as T,
    executedAt: from.executedAt,
    cached: true,
  });

  /** The result `cached` would serve now without computing anything; else NotCachedError. */
  async function peek<T>(request: CacheRequest): Promise<CachedResult<T>> {
    if (!config().enabled) throw new NotCachedError();
    const current = JSON.stringify(await versions(request.sources));
    const entry = store().get(identityOf(request));
    if (!isFresh(entry, current) || !(request.admit?.(entry.bytes) ?? true)) throw new NotCachedError();
    stats.hits += 1;
    return servedFrom<T>(entry);
  }

  /**
   * Runs `compute`, or serves what an equal request computed before while its sources are
   * unchanged. One entry per request (its latest result), so that while one viewer recomputes a
   * result whose sources changed or whose TTL ended, other viewers are served the previous one at
   * once, with its `executedAt`, rather than wait on a refresh that was running when they arrived
   * (stale while revalidate). A view waits for a computation that started after it arrived (its
   * own, or a later viewer's): the first view after a write is fresh. A request with no previous
   * result shares the running computation.
   */
  async function cached<T>(request: CacheRequest, compute: () => Promise<T>): Promise<CachedResult<T>> {
    const fresh = async (): Promise<CachedResult<T>> => ({
      value: await compute(),
      // the wall-clock time it was computed at (`now` is the TTL's clock, injected by tests)
      executedAt: new Date().toISOString(),
      cached: false,
    });
    if (!config().enabled) return fresh();
    const arrived = arrival(request.viewer);
    let current: string;
    try {
      current = JSON.stringify(await versions(request.sources));
    } catch (error) {
      strapi.log.warn(
        `[dashboards] cache: could not read the source versions (${String(error)}); not cached`
      );
      return fresh();
    }
    const identity = identityOf(request);
    const computation = `${identity}:${hash(current)}`;
    const entry = store().get(identity);
    // asked last: admitting a result takes its weight from the request's budget
    const admits = (bytes: number) => request.admit?.(bytes) ?? true;
    const served = (from: Entry) => servedFrom<T>(from);
    if (isFresh(entry, current) && admits(entry.bytes)) {
      stats.hits += 1;
      return served(entry);
    }
    const running = inflight.get(computation);
    if (running) {
      // only a refresh that was already running when this view arrived (never its own) is not waited for
      if (running.started < arrived && entry && admits(entry.bytes)) {
        stats.staleHits += 1;
        return served(entry);
      }
      const shared = (await running.result) as CachedResult<T>;
      if ((request.keep?.(shared.value) ?? true) && admits(weight(shared.value))) {
        return { ...shared, value: structuredClone(shared.value), cached: true };
      }
    }
    stats.misses += 1;
    const computing = fresh();
    if (!running) inflight.set(computation, { result: computing, started: (sequence += 1) });
    try {
      const result = await computing;
      if (request.keep?.(result.value) ?? true) {
        const value = structuredClone(result.value);
        const bytes = weight(value);
        if (bytes <= config().maxBytes) {
          store().set(identity, {
            value,
            versions: current,
            executedAt: result.executedAt,
            expiresAt: now() + config().ttlSeconds * 1000,
            bytes,
          });
        }
      }
      return result;
    } finally {
      if (inflight.get(computation)?.result === computing) inflight.delete(computation);
    }
  }

  return {
    cached,
    peek,
    versions,
    bump,

    /**
     * The sources CRM analytics read: the content types of `concepts` (an endpoint's, else every
     * mapped one) and those they relate to, and writes that bypass Strapi. A write to leads leaves
     * the results computed from activities alone cached.
     */
    analyticsSources: (concepts?: readonly string[]) => [
      STRAPI_DB_MANUAL,
      ...[...crmContentTypes(concepts)].map(contentSource),
    ],

    /** Tells every instance that a content type's data changed outside Strapi (raw SQL on its table); rebuilds the rollups read from it. */
    async bumpContentType(uid: string) {
      const rollups = getService(strapi, 'rollups');
      if (rollups.readsFrom(uid)) await rollups.rebuild();
      await getService(strapi, 'contentRollups').rebuild(uid);
      await bump([contentSource(uid)]);
    },

    /** Tells every instance that Strapi's database changed outside Strapi (every cached result of it goes, the rollups are rebuilt). */
    async bumpStrapiDatabase() {
      await getService(strapi, 'rollups').rebuild();
      await getService(strapi, 'contentRollups').rebuild();
      await bump([STRAPI_DB_MANUAL]);
    },

    /** Tells every instance that an external datasource's data changed. */
    bumpDatasource: (id: string) => bump([datasourceSource(id)]),

    /** Empties this instance's cache (other instances keep theirs: bump a source to reach them). */
    clear() {
      lru?.clear();
    },

    /** Subscribes to Strapi's database writes (bootstrap). */
    watchWrites() {
      const onWrite = async (event: { model: { uid: string } }) => {
        // only what tiles may read is versioned: admin, core and plugin internals never are
        if (!isQueryable(event.model.uid)) return;
        await bump([contentSource(event.model.uid)]);
      };
      strapi.db.lifecycles.subscribe(Object.fromEntries(WRITE_EVENTS.map((name) => [name, onWrite])) as any);
    },

    /** For tests: hits, misses and bumps so far, and the clock the TTL is measured with. */
    stats: () => ({ ...stats }),
    setClock(clock: (() => number) | null) {
      now = clock ?? (() => Date.now());
    },
  };
};
