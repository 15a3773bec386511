/**
 * Chart-ready data built from a tile's raw `{columns, rows}` and its chart_config:
 * `{value, formatted, change_percent, trend}` for metric/KPI tiles and `{labels, datasets}` for
 * charts, beside the raw rows.
 */
type Row = Record<string, unknown>;
type Config = Record<string, any>;

export interface MetricData {
  value: number | null;
  formatted: string;
  change_percent: number | null;
  trend: 'up' | 'down' | 'flat' | null;
}

export interface ChartData {
  labels: string[];
  datasets: { label: string; data: unknown[] }[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const asNumber = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
};
const label = (value: unknown) =>
  value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);

/** The first column that holds numbers (for a value field nobody named). */
function firstNumericColumn(columns: string[], rows: Row[], except: (string | undefined)[] = []) {
  return columns.find(
    (column) => !except.includes(column) && rows.some((row) => asNumber(row[column]) !== null)
  );
}

export function formatValue(value: number | null, config: Config): string {
  if (value === null) return '—';
  const decimals = typeof config.decimals === 'number' ? config.decimals : undefined;
  const options: Intl.NumberFormatOptions = {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals ?? 2,
  };
  let text: string;
  switch (config.format) {
    case 'currency':
      text = new Intl.NumberFormat('en-US', options).format(value);
      return `${config.prefix ?? '$'}${text}${config.suffix ?? ''}`;
    case 'percentage':
      text = `${new Intl.NumberFormat('en-US', { ...options, maximumFractionDigits: decimals ?? 1 }).format(value)}%`;
      break;
    case 'duration': {
      const seconds = Math.round(value);
      const parts = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
      text = parts[0] ? `${parts[0]}h ${parts[1]}m` : parts[1] ? `${parts[1]}m ${parts[2]}s` : `${parts[2]}s`;
      break;
    }
    default:
      text = new Intl.NumberFormat('en-US', options).format(value);
  }
  return `${config.prefix ?? ''}${text}${config.suffix ?? ''}`;
}

export function toMetric(
  columns: string[],
  rows: Row[],
  config: Config,
  compareTo: number | null
): MetricData {
  const field = config.valueField ?? firstNumericColumn(columns, rows);
  const value = field ? asNumber(rows[0]?.[field]) : null;
  const previous = compareTo ?? asNumber(config.compareValue);
  let change: number | null = null;
  if (value !== null && previous !== null) {
    change = previous === 0 ? (value > 0 ? 100 : 0) : round1(((value - previous) / Math.abs(previous)) * 100);
  }
  return {
    value,
    formatted: formatValue(value, config),
    change_percent: change,
    trend: change === null ? null : change > 0 ? 'up' : change < 0 ? 'down' : 'flat',
  };
}

/**
 * The series column when none is named: rows in long form (`week, source, count`, as a content-type
 * tile with a date bucket and a group answers) repeat their x values, and their one text column
 * besides x names the series.
 */
function impliedSeries(columns: string[], rows: Row[], xField: string): string | undefined {
  if (new Set(rows.map((row) => label(row[xField]))).size === rows.length) return undefined;
  const texts = columns.filter(
    (column) => column !== xField && rows.every((row) => asNumber(row[column]) === null)
  );
  return texts.length === 1 ? texts[0] : undefined;
}

/** Labels in first-seen order, one dataset per series (or per numeric column when none is named). */
function categorical(columns: string[], rows: Row[], config: Config): ChartData {
  const xField = config.xField ?? columns[0];
  const labels = [...new Set(rows.map((row) => label(row[xField])))];
  const seriesField = config.seriesField ?? impliedSeries(columns, rows, xField);
  if (seriesField) {
    const series = [...new Set(rows.map((row) => label(row[seriesField])))];
    const yField = config.yField ?? firstNumericColumn(columns, rows, [xField, seriesField]);
    return {
      labels,
      datasets: series.map((name) => ({
        label: name,
        data: labels.map((x) => {
          const match = rows.find((row) => label(row[xField]) === x && label(row[seriesField]) === name);
          return match ? asNumber(match[yField!]) : null;
        }),
      })),
    };
  }
  const yFields = config.yField
    ? [config.yField]
    : columns.filter((column) => column !== xField && rows.some((row) => asNumber(row[column]) !== null));
  return {
    labels,
    datasets: yFields.map((field) => ({ label: field, data: rows.map((row) => asNumber(row[field])) })),
  };
}

export function toChart(
  chartType: string,
  columns: string[],
  rows: Row[],
  config: Config
): ChartData | Record<string, unknown> {
  switch (chartType) {
    case 'pie':
    case 'donut':
    case 'funnel':
    case 'treemap': {
      const nameField = config.nameField ?? columns[0];
      const valueField = config.valueField ?? firstNumericColumn(columns, rows, [nameField]);
      return {
        labels: rows.map((row) => label(row[nameField])),
        datasets: [
          {
            label: valueField ?? '',
            data: rows.map((row) => asNumber(row[valueField!])),
            ...(config.categoryField
              ? { categories: rows.map((row) => label(row[config.categoryField])) }
              : {}),
          },
        ],
      };
    }
    case 'heatmap': {
      const [xField, yField] = [config.xField ?? columns[0], config.yField ?? columns[1]];
      const valueField = config.valueField ?? firstNumericColumn(columns, rows, [xField, yField]);
      return {
        labels: [...new Set(rows.map((row) => label(row[xField])))],
        y_labels: [...new Set(rows.map((row) => label(row[yField])))],
        datasets: [
          {
            label: valueField ?? '',
            data: rows.map((row) => ({
              x: label(row[xField]),
              y: label(row[yField]),
              v: asNumber(row[valueField!]),
            })),
          },
        ],
      };
    }
    case 'sankey':
    case 'chord': {
      const [from, to] = [config.sourceField ?? columns[0], config.targetField ?? columns[1]];
      const valueField = config.valueField ?? firstNumericColumn(columns, rows, [from, to]);
      const nodes = [...new Set(rows.flatMap((row) => [label(row[from]), label(row[to])]))];
      return {
        labels: nodes,
        datasets: [
          {
            label: valueField ?? '',
            data: rows.map((row) => ({
              from: label(row[from]),
              to: label(row[to]),
              flow: asNumber(row[valueField!]),
            })),
          },
        ],
      };
    }
    case 'gauge': {
      const field = config.valueField ?? firstNumericColumn(columns, rows);
      return {
        value: field ? asNumber(rows[0]?.[field]) : null,
        min: config.min ?? 0,
        max: config.max ?? 100,
      };
    }
    case 'scatter': {
      const [xField, yField] = [config.xField ?? columns[0], config.yField ?? columns[1]];
      return {
        labels: [],
        datasets: [
          {
            label: yField,
            data: rows.map((row) => ({ x: asNumber(row[xField]), y: asNumber(row[yField]) })),
          },
        ],
      };
    }
    default:
      return categorical(columns, rows, config);
  }
}

/** Map tiles: one point per location. */
export function toMap(columns: string[], rows: Row[], config: Config) {
  const location = config.locationField ?? columns[0];
  const valueField = config.valueField ?? firstNumericColumn(columns, rows, [location]);
  return {
    labels: rows.map((row) => label(row[location])),
    datasets: [
      {
        label: valueField ?? '',
        data: rows.map((row) => ({
          location: label(row[location]),
          value: asNumber(row[valueField!]),
          ...(config.latField
            ? { lat: asNumber(row[config.latField]), lng: asNumber(row[config.lngField]) }
            : {}),
        })),
      },
    ],
  };
}

export interface TableSort {
  column: string;
  direction: 'asc' | 'desc';
}

/** A table tile's `sort_by`/`sort_order` (descending unless `asc`). */
export function tableSort(tile: { tile_type?: string; chart_config?: Config | null }): TableSort | undefined {
  const config = tile.chart_config ?? {};
  if (tile.tile_type !== 'table' || typeof config.sort_by !== 'string' || config.sort_by === '')
    return undefined;
  return { column: config.sort_by, direction: config.sort_order === 'asc' ? 'asc' : 'desc' };
}

/** Rows in a table's order, nulls last, stable for ties. */
export function sortRows(rows: Row[], { column, direction }: TableSort): Row[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [a[column], b[column]];
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y));
  });
}

export interface TableData {
  /** The columns to show, in order: chart_config's `columns` (names or `{ field, label, … }`), else all. */
  display_columns: { field: string; label: string; format?: string; width?: number }[];
  page_size: number;
  total_rows: number;
  page_count: number;
}

/** Table tiles: which columns to show, and how the (capped) rows fall into pages. */
export function toTable(columns: string[], rows: Row[], config: Config): TableData {
  const wanted: unknown[] = Array.isArray(config.columns) ? config.columns : columns;
  const display_columns = wanted
    .map((entry) => (typeof entry === 'string' ? { field: entry } : (entry as Config)))
    .filter((entry) => typeof entry?.field === 'string' && columns.includes(entry.field))
    .map(({ field, label, format, width }) => ({
      field,
      label: typeof label === 'string' ? label : field,
      ...(typeof format === 'string' ? { format } : {}),
      ...(typeof width === 'number' ? { width } : {}),
    }));
  const pageSize = Number.isInteger(config.pageSize) && config.pageSize > 0 ? config.pageSize : 20;
  return {
    display_columns,
    page_size: pageSize,
    total_rows: rows.length,
    page_count: Math.max(1, Math.ceil(rows.length / pageSize)),
  };
}

/**
 * A tile's rows with the chart-ready form of its type added (what /data answers per tile); a KPI
 * compares with `compareTo`, the previous period's value when its comparison query ran.
 */
export function shapeResult(
  tile: { tile_type?: string | null; chart_type?: string | null; chart_config?: Config | null },
  result: { columns: string[]; rows: Row[]; truncated?: boolean; truncated_reason?: string | null },
  compareTo: number | null = null
) {
  const config = tile.chart_config ?? {};
  const raw = {
    columns: result.columns,
    rows: result.rows,
    truncated: result.truncated ?? false,
    ...(result.truncated ? { truncated_reason: result.truncated_reason ?? 'rows' } : {}),
  };
  switch (tile.tile_type) {
    case 'kpi':
    case 'metric':
      return { ...raw, ...toMetric(result.columns, result.rows, config, compareTo) };
    case 'chart':
      return { ...raw, ...toChart(tile.chart_type ?? 'bar', result.columns, result.rows, config) };
    case 'map':
      return { ...raw, ...toMap(result.columns, result.rows, config) };
    case 'table':
      return { ...raw, ...toTable(result.columns, result.rows, config) };
    default:
      return raw;
  }
}

/** What a reader clicked on a drawn tile: a point by its index (and its drawn label), a row, or a test on rows. */
export type PickTarget =
  { index: number; label?: string } | { row: Row } | { matches: (row: Row) => boolean };

/** Chart kinds whose points are their rows, in order. */
const ROW_PER_POINT = new Set(['pie', 'donut', 'funnel', 'scatter']);
/** Chart kinds whose points are the distinct values of their category field. */
const CATEGORY_POINTS = new Set(['bar', 'line', 'area', 'radar']);

/**
 * The row of a tile's result a click picked (the click-to-filter and drill-down source), or
 * undefined when the tile's kind has no single row per point (heatmap, sankey, treemap …).
 */
export function pickedRow(
  tile: { tile_type?: string | null; chart_type?: string | null; chart_config?: Config | null },
  data: { columns?: string[]; rows?: Row[]; labels?: string[] },
  target: PickTarget
): Row | undefined {
  const rows = data.rows ?? [];
  if ('row' in target) return target.row;
  if ('matches' in target) return rows.find(target.matches);
  const config = tile.chart_config ?? {};
  const columns = data.columns ?? [];
  if (tile.tile_type === 'table') return rows[target.index];
  if (tile.tile_type === 'map') {
    const field = config.locationField ?? columns[0];
    return target.label === undefined ? undefined : rows.find((row) => label(row[field]) === target.label);
  }
  if (tile.tile_type !== 'chart') return undefined;
  const kind = tile.chart_type ?? 'bar';
  if (ROW_PER_POINT.has(kind)) return rows[target.index];
  if (!CATEGORY_POINTS.has(kind)) return undefined;
  const category = data.labels?.[target.index];
  const field = config.xField ?? columns[0];
  return category === undefined ? undefined : rows.find((row) => label(row[field]) === category);
}

/** chart_config.click_filter: clicking a point sets dashboard filter `filter` from its row's `field`. */
export interface ClickFilter {
  filter: string;
  field: string;
}

/** The tile's click filter, when its chart_config has a whole one. */
export function clickFilterOf(config: Config | null | undefined): ClickFilter | null {
  const value = config?.click_filter;
  return value &&
    typeof value.filter === 'string' &&
    value.filter &&
    typeof value.field === 'string' &&
    value.field
    ? { filter: value.filter, field: value.field }
    : null;
}

/** The tile kinds a click picks a row of (click to filter, drill to records). */
export function picksRows(tileType: string, chartType: string | null | undefined): boolean {
  if (tileType === 'table' || tileType === 'map') return true;
  return (
    tileType === 'chart' && (ROW_PER_POINT.has(chartType ?? '') || CATEGORY_POINTS.has(chartType ?? 'bar'))
  );
}
