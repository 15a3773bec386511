/** The scope an analytics figure was computed in (its figures belong to that person unless `all`). */
export type AnalyticsScope = 'own' | 'team' | 'department' | 'all';

/** One tile's entry in a snapshot: `data` is null for text tiles, failed tiles and withheld ones. */
export interface SnapshotTileEntry {
  data: Record<string, unknown> | null;
  error: string | null;
  executed_at?: string | null;
  /** An analytics tile's scope. */
  scope?: AnalyticsScope;
  /** Not shown to this reader: its figures need rights the reader lacks (`error` says which). */
  withheld?: boolean;
}

/** A public reader's snapshot. `id` is null while there is none yet (`tile_data` empty, `stale` true). */
export interface SnapshotPayload {
  id: string | null;
  dashboard_id: string;
  tile_data: Record<string, SnapshotTileEntry>;
  execution_time_ms: number | null;
  trigger_type: string | null;
  created_at: string | null;
  expires_at: string | null;
  stale: boolean;
}

/** One tile's live result (`GET /:id/data`, the refresh runs). */
export interface TileResult extends SnapshotTileEntry {
  id: string;
  title: string;
  tile_type: string;
  /** When the result was computed (a cached result keeps its own time). */
  executed_at: string;
  execution_time_ms: number;
  /** Served from the result cache (docs/cache.md): computed at `executed_at`, not by this request. */
  cached?: boolean;
  /** `GET /:id/data?only=cached`: the result is not in the cache (nothing was computed; ask for the tile). */
  pending?: boolean;
}

/** `GET /:id/data`: every tile of the dashboard run now, each with its own error. */
export interface DashboardData {
  id: string;
  name: string;
  tiles: TileResult[];
}
