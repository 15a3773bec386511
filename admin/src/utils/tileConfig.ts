import {
  CHART_TYPES,
  MAP_TYPES,
  type AnalyticsEndpoint,
  type Tile,
  type TileSource,
  type TileType,
} from '../../../contracts/dashboards';
import type { RawResult } from '../../../contracts/query';
import { shapeResult } from '../../../contracts/tile-shape';

/**
 * The tile editor's non-visual logic: which chart_config fields each kind of tile offers (a subset
 * of what server/dashboards/chart-config.ts accepts), the request body the form makes, and the
 * chart-ready data a live preview draws (shaped by contracts/tile-shape.ts, as the server shapes it).
 */

export type ConfigFieldKind = 'column' | 'text' | 'textarea' | 'number' | 'boolean' | 'select';

export interface ConfigField {
  key: string;
  kind: ConfigFieldKind;
  /** The choices of a `select` field. */
  options?: readonly string[];
}

const column = (key: string): ConfigField => ({ key, kind: 'column' });
const bool = (key: string): ConfigField => ({ key, kind: 'boolean' });
const number = (key: string): ConfigField => ({ key, kind: 'number' });
const text = (key: string): ConfigField => ({ key, kind: 'text' });
const select = (key: string, options: readonly string[]): ConfigField => ({ key, kind: 'select', options });

const LEGEND = bool('showLegend');
const NAME_VALUE = [column('nameField'), column('valueField'), LEGEND];
const FLOW = [column('sourceField'), column('targetField'), column('valueField')];

const CHART_FIELDS: Record<(typeof CHART_TYPES)[number], ConfigField[]> = {
  bar: [
    column('xField'),
    column('yField'),
    column('seriesField'),
    bool('stacked'),
    bool('horizontal'),
    LEGEND,
  ],
  line: [column('xField'), column('yField'), column('seriesField'), bool('smooth'), LEGEND],
  area: [column('xField'), column('yField'), column('seriesField'), bool('stacked'), bool('smooth'), LEGEND],
  radar: [column('xField'), column('yField'), column('seriesField'), LEGEND],
  scatter: [column('xField'), column('yField'), column('sizeField'), LEGEND],
  pie: NAME_VALUE,
  donut: NAME_VALUE,
  funnel: NAME_VALUE,
  heatmap: [column('xField'), column('yField'), column('valueField')],
  sankey: FLOW,
  chord: FLOW,
  treemap: [column('nameField'), column('valueField'), column('categoryField')],
  gauge: [column('valueField'), number('min'), number('max')],
};

const METRIC_FIELDS = [
  column('valueField'),
  select('format', ['number', 'currency', 'percentage', 'duration']),
  text('prefix'),
  text('suffix'),
  number('decimals'),
  number('compareValue'),
  text('compareLabel'),
];

const TILE_FIELDS: Record<Exclude<TileType, 'chart'>, ConfigField[]> = {
  kpi: METRIC_FIELDS,
  metric: METRIC_FIELDS,
  table: [
    number('pageSize'),
    column('sort_by'),
    select('sort_order', ['desc', 'asc']),
    bool('zebra'),
    bool('compact'),
  ],
  map: [
    select('map_type', MAP_TYPES),
    column('locationField'),
    column('valueField'),
    column('latField'),
    column('lngField'),
  ],
  text: [
    { key: 'content', kind: 'textarea' },
    select('format', ['markdown', 'text']),
    select('text_align', ['left', 'center', 'right']),
  ],
};

/** The chart_config fields the editor shows for a tile type (and, for charts, its chart type). */
export function configFieldsFor(tileType: TileType, chartType: string | null): ConfigField[] {
  if (tileType === 'chart') return CHART_FIELDS[(chartType ?? '') as keyof typeof CHART_FIELDS] ?? [];
  return TILE_FIELDS[tileType];
}

/** Tile types whose data comes from a query (all but text). */
export const needsSource = (tileType: TileType): boolean => tileType !== 'text';

/**
 * The chart_config to save: the fields the form shows for this tile type that have a value (an
 * empty text is no value), plus the keys it does not show that the tile already had and the new type
 * still accepts (colours, a KPI's comparison …) — `kept` lists those.
 */
export function cleanChartConfig(
  config: Record<string, unknown>,
  tileType: TileType,
  chartType: string | null,
  kept: readonly string[] = []
): Record<string, unknown> {
  const shown = new Set(configFieldsFor(tileType, chartType).map((field) => field.key));
  return Object.fromEntries(
    Object.entries(config).filter(
      ([key, value]) =>
        (shown.has(key) || kept.includes(key)) &&
        value !== undefined &&
        value !== null &&
        !(typeof value === 'string' && value.trim() === '') &&
        !(typeof value === 'number' && Number.isNaN(value))
    )
  );
}

/** The keys a tile's chart_config has that the form does not show (kept as they are when saving). */
export function hiddenConfigKeys(tile: Pick<Tile, 'tile_type' | 'chart_type' | 'chart_config'>): string[] {
  const shown = new Set(configFieldsFor(tile.tile_type, tile.chart_type).map((field) => field.key));
  return Object.keys(tile.chart_config ?? {}).filter((key) => !shown.has(key));
}

export type SourceKind = 'sql' | 'content-type' | 'analytics';

export interface ContentFilterRow {
  field: string;
  operator: '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$contains' | '$in';
  value: string;
}

/** Everything the editor's form holds. */
export interface TileForm {
  title: string;
  tile_type: TileType;
  chart_type: string;
  source_kind: SourceKind;
  sql: { datasource_id: string; schema: string; query: string };
  content: {
    uid: string;
    fn: 'count' | 'sum' | 'avg' | 'min' | 'max';
    field: string;
    group_by: string;
    bucket_field: string;
    bucket_unit: '' | 'day' | 'week' | 'month' | 'quarter' | 'year';
    filters: ContentFilterRow[];
    sort: '' | 'asc' | 'desc';
    limit: string;
  };
  analytics: { endpoint: AnalyticsEndpoint; params: string };
  chart_config: Record<string, unknown>;
}

export const emptyForm = (canUseSql: boolean): TileForm => ({
  title: '',
  tile_type: 'chart',
  chart_type: 'bar',
  source_kind: canUseSql ? 'sql' : 'content-type',
  sql: { datasource_id: 'strapi', schema: '', query: '' },
  content: {
    uid: '',
    fn: 'count',
    field: '',
    group_by: '',
    bucket_field: '',
    bucket_unit: '',
    filters: [],
    sort: '',
    limit: '',
  },
  analytics: { endpoint: 'stats', params: '' },
  chart_config: {},
});

const scalarText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** The form of an existing tile. */
export function formFromTile(tile: Tile, canUseSql: boolean): TileForm {
  const form = emptyForm(canUseSql);
  form.title = tile.title;
  form.tile_type = tile.tile_type;
  form.chart_type = tile.tile_type === 'chart' ? (tile.chart_type ?? 'bar') : 'bar';
  form.chart_config = { ...tile.chart_config };
  const source = tile.source;
  if (source.kind === 'sql') {
    form.source_kind = 'sql';
    form.sql = { datasource_id: source.datasource_id, schema: source.schema ?? '', query: source.query };
  } else if (source.kind === 'content-type') {
    form.source_kind = 'content-type';
    form.content = {
      uid: source.uid,
      fn: source.measure.fn,
      field: source.measure.field ?? '',
      group_by: source.group_by ?? '',
      bucket_field: source.date_bucket?.field ?? '',
      bucket_unit: source.date_bucket?.unit ?? '',
      filters: Object.entries(source.filters ?? {}).map(([field, value]) => {
        if (Array.isArray(value)) return { field, operator: '$in', value: value.map(scalarText).join(', ') };
        if (value !== null && typeof value === 'object') {
          const [operator, operand] = Object.entries(value)[0] ?? ['$eq', ''];
          return {
            field,
            operator: operator as ContentFilterRow['operator'],
            value: Array.isArray(operand) ? operand.map(scalarText).join(', ') : scalarText(operand),
          };
        }
        return { field, operator: '$eq', value: scalarText(value) };
      }),
      sort: source.sort ?? '',
      limit: source.limit === undefined ? '' : String(source.limit),
    };
  } else if (source.kind === 'analytics') {
    form.source_kind = 'analytics';
    form.analytics = {
      endpoint: source.endpoint,
      params: new URLSearchParams(
        Object.entries(source.params ?? {}).map(([name, value]) => [name, String(value)])
      ).toString(),
    };
  }
  return form;
}

/** A filter's typed value: numbers and booleans as such, `a, b` as a list for `$in`. */
function filterValue(row: ContentFilterRow) {
  const scalar = (raw: string) => {
    const trimmed = raw.trim();
    if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
    if (trimmed === 'null') return null;
    if (trimmed !== '' && !Number.isNaN(Number(trimmed)) && !/^\{\{/.test(trimmed)) return Number(trimmed);
    return trimmed;
  };
  if (row.operator === '$in') return row.value.split(',').map(scalar);
  if (row.operator === '$eq') return scalar(row.value);
  return { [row.operator]: scalar(row.value) };
}

/** The tile's source as the server takes it (`none` for text tiles). */
export function sourceOf(form: TileForm): TileSource {
  if (!needsSource(form.tile_type)) return { kind: 'none' };
  if (form.source_kind === 'sql') {
    return {
      kind: 'sql',
      datasource_id: form.sql.datasource_id || 'strapi',
      ...(form.sql.schema ? { schema: form.sql.schema } : {}),
      query: form.sql.query,
    };
  }
  if (form.source_kind === 'analytics') {
    const params = Object.fromEntries(new URLSearchParams(form.analytics.params.replace(/^\?/, '')));
    return {
      kind: 'analytics',
      endpoint: form.analytics.endpoint,
      ...(Object.keys(params).length > 0 ? { params } : {}),
    };
  }
  const { content } = form;
  const filters = Object.fromEntries(
    content.filters
      .filter((row) => row.field.trim() !== '')
      .map((row) => [row.field.trim(), filterValue(row)])
  );
  const limit = Number.parseInt(content.limit, 10);
  return {
    kind: 'content-type',
    uid: content.uid,
    measure: { fn: content.fn, ...(content.fn !== 'count' && content.field ? { field: content.field } : {}) },
    ...(content.group_by ? { group_by: content.group_by } : {}),
    ...(content.bucket_field && content.bucket_unit
      ? { date_bucket: { field: content.bucket_field, unit: content.bucket_unit } }
      : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(content.sort ? { sort: content.sort } : {}),
    ...(Number.isInteger(limit) && limit > 0 ? { limit } : {}),
  };
}

export interface TileBody {
  title: string;
  tile_type: TileType;
  chart_type: string | null;
  source: TileSource;
  chart_config: Record<string, unknown>;
}

/** The body of POST …/tiles and PUT …/tiles/:tileId (no position: the server places a new tile). */
export function tileBody(form: TileForm, kept: readonly string[] = []): TileBody {
  const chartType = form.tile_type === 'chart' ? form.chart_type : null;
  return {
    title: form.title.trim(),
    tile_type: form.tile_type,
    chart_type: chartType,
    source: sourceOf(form),
    chart_config: cleanChartConfig(form.chart_config, form.tile_type, chartType, kept),
  };
}

/** What the form lacks before it can be previewed or saved (a message key), or null. */
export function missingField(form: TileForm): 'title' | 'query' | 'contentType' | 'content' | null {
  if (!form.title.trim()) return 'title';
  if (form.tile_type === 'text')
    return typeof form.chart_config.content === 'string' && form.chart_config.content.trim()
      ? null
      : 'content';
  if (form.source_kind === 'sql' && !form.sql.query.trim()) return 'query';
  if (form.source_kind === 'content-type' && !form.content.uid) return 'contentType';
  return null;
}

/** A tile's rows as the preview route answers them (before they are shaped for the tile's type). */
export type { RawResult };

/** The chart-ready data of a tile from its raw result, exactly as the server shapes it for /data. */
export { shapeResult };
