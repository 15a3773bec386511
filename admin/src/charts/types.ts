import type { PublicClickFilter } from '../../../contracts/sharing';

/**
 * The public dashboard payloads the renderers draw: the shared structure
 * (`GET /api/dashboards/shared/:token`) and its latest snapshot (`…/data`), with the tile data
 * shapes produced by the server's tile runner (contracts/tile-shape.ts).
 */

export type Theme = 'light' | 'dark';

export interface ViewerLayout {
  columns: number;
  rowHeight: number;
  gap: number;
}

export interface ViewerSettings {
  theme?: Theme | null;
  auto_refresh?: boolean | null;
  refresh_interval_seconds?: number | null;
}

export type ChartConfig = Record<string, unknown>;

export interface ViewerTile {
  id: string;
  title: string;
  tile_type: string;
  chart_type: string | null;
  chart_config: ChartConfig | null;
  grid_x: number;
  grid_y: number;
  grid_w: number;
  grid_h: number;
}

export interface ViewerDashboard {
  id: string;
  name: string;
  /** The share link lets its readers download the tiles and the dashboard as PNGs. */
  allow_download?: boolean;
  /**
   * The filters a click on a tile sets here (a tile's `chart_config.click_filter` names one): its
   * figures then come from that value's snapshot. Empty where the filters are read-only.
   */
  click_filters?: PublicClickFilter[];
  description: string | null;
  layout: ViewerLayout;
  settings: ViewerSettings;
  tiles: ViewerTile[];
}

export type { SnapshotPayload } from '../../../contracts/snapshots';
/** One tile's entry in a snapshot, as the renderers take it. */
export type { SnapshotTileEntry as TileResult } from '../../../contracts/snapshots';

export type Row = Record<string, unknown>;

/** What every query tile carries beside its chart-ready form. */
export interface RawData {
  columns: string[];
  rows: Row[];
  truncated?: boolean;
}

export interface SeriesDataset {
  label: string;
  data: (number | null)[];
  categories?: string[];
}

/** bar, line, area, radar, pie, donut, funnel, treemap. */
export interface SeriesData {
  labels: string[];
  datasets: SeriesDataset[];
}

export interface HeatmapData {
  labels: string[];
  y_labels: string[];
  datasets: { label: string; data: { x: string; y: string; v: number | null }[] }[];
}

export interface FlowLink {
  from: string;
  to: string;
  flow: number | null;
}

/** sankey and chord: `labels` are the nodes. */
export interface FlowData {
  labels: string[];
  datasets: { label: string; data: FlowLink[] }[];
}

export interface ScatterData {
  labels: string[];
  datasets: { label: string; data: { x: number | null; y: number | null }[] }[];
}

export interface GaugeData {
  value: number | null;
  min: number;
  max: number;
}

export interface MetricData {
  value: number | null;
  formatted: string;
  change_percent: number | null;
  trend: 'up' | 'down' | 'flat' | null;
}

export interface TableColumn {
  field: string;
  label: string;
  format?: string;
  width?: number;
}

export interface TableData extends RawData {
  display_columns?: TableColumn[];
  page_size?: number;
  total_rows?: number;
  page_count?: number;
}

export interface MapPoint {
  location: string;
  value: number | null;
  lat?: number | null;
  lng?: number | null;
}

export interface MapData {
  labels: string[];
  datasets: { label: string; data: MapPoint[] }[];
}
