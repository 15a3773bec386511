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

export type ConfigFieldKind =
  | 'column'
  | 'text'
  | 'textarea'
  | 'number'
  | 'boolean'
  | 'select'
  /** chart_config.click_filter, an object of its own (ClickFilterField). */
  | 'clickFilter';

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
const CLICK_FILTER: ConfigField = { key: 'click_filter', kind: 'clickFilter' };
/** The axes' titles: the fields' names unless given. */
const TITLES = [text('xTitle'), text('yTitle')];
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
    ...TITLES,
    CLICK_FILTER,
  ],
  line: [
    column('xField'),
    column('yField'),
    column('seriesField'),
    bool('smooth'),
    LEGEND,
    ...TITLES,
    CLICK_FILTER,
  ],
  area: [
    column('xField'),
    column('yField'),
    column('seriesField'),
    bool('stacked'),
    bool('smooth'),
    LEGEND,
    ...TITLES,
    CLICK_FILTER,
  ],
  radar: [column('xField'), column('yField'), column('seriesField'), LEGEND, CLICK_FILTER],
  scatter: [column('xField'), column('yField'), column('sizeField'), LEGEND, ...TITLES, CLICK_FILTER],
  pie: [...NAME_VALUE, CLICK_FILTER],
  donut: [...NAME_VALUE, CLICK_FILTER],
  funnel: [...NAME_VALUE, CLICK_FILTER],
  heatmap: [column('xField'), column('yField'), column('valueField'), ...TITLES],
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
    CLICK_FILTER,
  ],
  // the map type is the tile's chart_type (TileTypeFields), not a chart_config key
  map: [column('locationField'), column('valueField'), column('latField'), column('lngField'), CLICK_FILTER],
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

/**
 * The keys a tile's chart_config has that the form does not show (kept as they are when saving),
 * but a map's `map_type`: the form holds it as the chart_type.
 */
export function hiddenConfigKeys(tile: Pick<Tile, 'tile_type' | 'chart_type' | 'chart_config'>): string[] {
  const shown = new Set(configFieldsFor(tile.tile_type, tile.chart_type).map((field) => field.key));
  return Object.keys(tile.chart_config ?? {}).filter(
    (key) => !shown.has(key) && !(tile.tile_type === 'map' && key === 'map_type')
  );
}

const isMapType = (value: unknown): value is (typeof MAP_TYPES)[number] => MAP_TYPES.includes(value as never);

/**
 * The chart type a tile of `tileType` keeps from `chartType`: a chart's or a map's own kind, else
 * the first one (bar, choropleth); other tiles keep what they had, and send none.
 */
export function chartTypeFor(tileType: TileType, chartType: string): string {
  if (tileType === 'chart') return CHART_TYPES.includes(chartType as never) ? chartType : 'bar';
  if (tileType === 'map') return isMapType(chartType) ? chartType : 'choropleth';
  return chartType;
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
  /** A chart's chart type, or a map's map type (choropleth, markers, heatmap). */
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

/** The unit a date bucket gets when none is picked. */
export const DEFAULT_BUCKET_UNIT = 'month';

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
  const { map_type: mapType, ...config } = tile.chart_config ?? {};
  if (tile.tile_type === 'map') {
    // a map's kind is its chart_type; tiles saved before may name it in chart_config.map_type only
    form.chart_type = chartTypeFor('map', isMapType(tile.chart_type) ? tile.chart_type : String(mapType));
    form.chart_config = config;
  } else {
    form.chart_type = tile.tile_type === 'chart' ? (tile.chart_type ?? 'bar') : 'bar';
    form.chart_config = { ...tile.chart_config };
  }
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
      filters: filterRowsOf(source.filters ?? {}),
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

type ContentFilters = NonNullable<Extract<TileSource, { kind: 'content-type' }>['filters']>;

/** A stored filter object as the builder's rows: one row per field and operator (`{ $gte, $lte }` is two). */
export function filterRowsOf(filters: ContentFilters): ContentFilterRow[] {
  return Object.entries(filters).flatMap(([field, value]): ContentFilterRow[] => {
    if (Array.isArray(value)) return [{ field, operator: '$in', value: value.map(scalarText).join(', ') }];
    if (value !== null && typeof value === 'object') {
      return Object.entries(value).map(([operator, operand]) => ({
        field,
        operator: operator as ContentFilterRow['operator'],
        value: Array.isArray(operand) ? operand.map(scalarText).join(', ') : scalarText(operand),
      }));
    }
    return [{ field, operator: '$eq', value: scalarText(value) }];
  });
}

/**
 * The builder's rows as the stored filter object. A field with one row keeps the short form
 * (`field: value`, `field: [values]`); several rows on one field become its operators
 * (`{ $gte: from, $lte: to }`), so a range keeps both ends.
 */
export function filtersOf(rows: readonly ContentFilterRow[]): ContentFilters {
  const byField = new Map<string, ContentFilterRow[]>();
  for (const row of rows) {
    const field = row.field.trim();
    if (field !== '') byField.set(field, [...(byField.get(field) ?? []), row]);
  }
  return Object.fromEntries(
    [...byField].map(([field, fieldRows]) => [
      field,
      fieldRows.length === 1
        ? filterValue(fieldRows[0])
        : Object.fromEntries(fieldRows.map((row) => [row.operator, operandOf(row)])),
    ])
  );
}

/** A filter row's typed operand: numbers and booleans as such, `a, b` as a list for `$in`. */
function operandOf(row: ContentFilterRow) {
  const scalar = (raw: string) => {
    const trimmed = raw.trim();
    if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
    if (trimmed === 'null') return null;
    if (trimmed !== '' && !Number.isNaN(Number(trimmed)) && !/^\{\{/.test(trimmed)) return Number(trimmed);
    return trimmed;
  };
  return row.operator === '$in' ? row.value.split(',').map(scalar) : scalar(row.value);
}

/** One row's filter value: `$eq` and `$in` in the short form, other operators as `{ $op: value }`. */
function filterValue(row: ContentFilterRow) {
  const operand = operandOf(row);
  return row.operator === '$in' || row.operator === '$eq' ? operand : { [row.operator]: operand };
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
  const filters = filtersOf(content.filters);
  const limit = Number.parseInt(content.limit, 10);
  return {
    kind: 'content-type',
    uid: content.uid,
    measure: { fn: content.fn, ...(content.fn !== 'count' && content.field ? { field: content.field } : {}) },
    ...(content.group_by ? { group_by: content.group_by } : {}),
    // a date bucket always has a unit: a month unless another is picked
    ...(content.bucket_field
      ? { date_bucket: { field: content.bucket_field, unit: content.bucket_unit || DEFAULT_BUCKET_UNIT } }
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
  // a map's kind (choropleth, markers, heatmap) is its chart_type too
  const chartType =
    form.tile_type === 'chart' || form.tile_type === 'map'
      ? chartTypeFor(form.tile_type, form.chart_type)
      : null;
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
