import type { TileType } from '../../contracts/dashboards';

/**
 * The chart_config keys each kind of tile accepts, in the canonical (camelCase) spelling and the
 * widget config's snake_case one. Anything else is refused with a 400 naming the key.
 */
const COMMON = ['title', 'color_scheme', 'colors', 'showLegend', 'show_grid', 'number_format', 'currency'];
/** Clicking a point sets a dashboard filter from a field of its row (click to filter). */
const CLICK = 'click_filter';
const AXES = [
  CLICK,
  'xField',
  'yField',
  'seriesField',
  'stacked',
  'smooth',
  'horizontal',
  'series',
  'y_axis_format',
  'xTitle',
  'yTitle',
];

const BY_CHART_TYPE = new Map<string, string[]>(
  Object.entries({
    bar: AXES,
    line: AXES,
    area: AXES,
    scatter: [...AXES, 'sizeField'],
    radar: AXES,
    pie: ['nameField', 'valueField', CLICK],
    donut: ['nameField', 'valueField', CLICK],
    funnel: ['nameField', 'valueField', CLICK],
    heatmap: ['xField', 'yField', 'valueField', 'xTitle', 'yTitle'],
    sankey: ['sourceField', 'targetField', 'valueField'],
    chord: ['sourceField', 'targetField', 'valueField'],
    treemap: ['nameField', 'valueField', 'categoryField'],
    gauge: ['valueField', 'min', 'max'],
  })
);

const BY_TILE_TYPE: Partial<Record<TileType, string[]>> = {
  kpi: ['valueField', 'prefix', 'suffix', 'compareValue', 'compareLabel', 'format', 'decimals', 'comparison'],
  table: [
    'zebra',
    'compact',
    'pageSize',
    'columns',
    'sort_by',
    'sort_order',
    'show_pagination',
    'row_actions',
    CLICK,
  ],
  map: [
    CLICK,
    'map_type',
    'locationField',
    'valueField',
    'latField',
    'lngField',
    'zoom_level',
    'center',
    'region',
  ],
  text: ['content', 'format', 'text_align'],
};
BY_TILE_TYPE.metric = BY_TILE_TYPE.kpi;

/** A widget config key's snake_case spelling → the canonical form that is stored. */
const WIDGET_CONFIG_KEYS = new Map<string, string>(
  Object.entries({
    x_axis: 'xField',
    y_axis: 'yField',
    show_legend: 'showLegend',
    page_size: 'pageSize',
    value_field: 'valueField',
    location_field: 'locationField',
    name_field: 'nameField',
  })
);

export function toCanonicalChartConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [WIDGET_CONFIG_KEYS.get(key) ?? key, value])
  );
}

export function allowedChartConfigKeys(
  tileType: TileType,
  chartType: string | null | undefined
): Set<string> {
  const specific =
    tileType === 'chart'
      ? (BY_CHART_TYPE.get(chartType ?? '') ?? [])
      : (Object.hasOwn(BY_TILE_TYPE, tileType) && BY_TILE_TYPE[tileType]) || [];
  return new Set([...COMMON, ...specific]);
}

/** The keys of a canonical chart_config that its tile does not accept. */
export function unknownChartConfigKeys(
  tileType: TileType,
  chartType: string | null | undefined,
  config: Record<string, unknown>
): string[] {
  const allowed = allowedChartConfigKeys(tileType, chartType);
  return Object.keys(config).filter((key) => !allowed.has(key));
}
