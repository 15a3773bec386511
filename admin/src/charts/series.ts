import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { mountChart } from './chart-host';
import { booleanOption, type Renderer, type RenderContext } from './context';
import { formatLabels, formatNumber, humanize, readableName } from './format';
import { categoryAxis, legend, titleOf, tooltipLabel, valueAxis, valueFormat } from './options';
import { palette, withAlpha } from './theme';
import type { RawData, SeriesData } from './types';

/** bar, line, area and radar: labels along one axis, one dataset per series. */
type SeriesKind = 'bar' | 'line' | 'area' | 'radar';

/** chart_config.series names the value columns to draw; by default every dataset is. */
function chosenSeries(data: SeriesData, context: RenderContext): SeriesData {
  const wanted = context.config.series;
  if (!Array.isArray(wanted) || wanted.length === 0) return data;
  const chosen = data.datasets.filter((series) => wanted.includes(series.label));
  return chosen.length > 0 ? { ...data, datasets: chosen } : data;
}

/**
 * What a reader sees: dates in the locale (`Jan 2026`, `W05`, `Q1 2026`) and, when the series are
 * value columns (not the values of a seriesField), their names humanised (`wonAmount` → "Won amount").
 */
function readable(data: SeriesData, context: RenderContext): SeriesData {
  const columnSeries = !context.config.seriesField;
  return {
    labels: formatLabels(data.labels, context.locale, context.t),
    datasets: data.datasets.map((series) => ({
      ...series,
      label: columnSeries ? humanize(series.label) : readableName(series.label),
    })),
  };
}

/** The fields the axes are titled after: the category field, and the value field when there is one. */
function axisFields(data: SeriesData & Partial<RawData>, context: RenderContext) {
  const { xField, yField, seriesField } = context.config;
  const category = typeof xField === 'string' ? xField : data.columns?.[0];
  const value =
    typeof yField === 'string'
      ? yField
      : !seriesField && data.datasets.length === 1
        ? data.datasets[0].label
        : undefined;
  return { category, value };
}

function datasets(data: SeriesData, kind: SeriesKind, context: RenderContext, stacked: boolean) {
  const colors = palette(context.config, data.datasets.length);
  const smooth = booleanOption(context.config, 'smooth', false);
  return data.datasets.map((series, index): ChartDataset<'bar' | 'line' | 'radar'> => {
    const color = colors[index];
    if (kind === 'bar') {
      return {
        label: series.label,
        data: series.data,
        backgroundColor: color,
        borderRadius: 3,
        maxBarThickness: 48,
      };
    }
    const filled = kind !== 'line';
    return {
      label: series.label,
      data: series.data,
      borderColor: color,
      backgroundColor: withAlpha(color, kind === 'radar' ? 0.2 : 0.3),
      // stacked areas fill down to the series below them
      fill: filled ? (kind === 'area' && stacked && index > 0 ? '-1' : 'origin') : false,
      tension: smooth ? 0.35 : 0,
      // smooth without overshooting: a curve never dips below zero or above its peaks
      cubicInterpolationMode: smooth ? ('monotone' as const) : ('default' as const),
      borderWidth: 2,
      pointRadius: data.labels.length > 40 ? 0 : 3,
      pointBackgroundColor: color,
      spanGaps: true,
    };
  });
}

function radarConfig(data: SeriesData, context: RenderContext): ChartConfiguration<'radar'> {
  const { colors } = context;
  return {
    type: 'radar',
    data: {
      labels: data.labels,
      datasets: datasets(data, 'radar', context, false) as ChartDataset<'radar'>[],
    },
    options: {
      scales: {
        r: {
          beginAtZero: true,
          grid: { color: colors.grid },
          angleLines: { color: colors.grid },
          pointLabels: { color: colors.text, padding: 8 },
          // the scale's numbers on a backdrop of the tile's surface, above the shapes, so they stay readable
          ticks: {
            color: colors.mutedText,
            backdropColor: withAlpha(colors.surface, 0.85),
            backdropPadding: 2,
            showLabelBackdrop: true,
            font: { size: 10 },
            maxTicksLimit: 5,
            z: 1,
            callback: (value: string | number) => formatNumber(Number(value), valueFormat(context), true),
          },
        },
      },
      plugins: {
        legend: legend(context, data.datasets.length > 1),
        tooltip: { callbacks: { label: tooltipLabel(context, (item) => item.parsed.r) } },
      },
    },
  };
}

function cartesianConfig(
  data: SeriesData,
  kind: Exclude<SeriesKind, 'radar'>,
  context: RenderContext,
  fields: { category?: string; value?: string }
): ChartConfiguration<'bar' | 'line'> {
  const stacked = booleanOption(context.config, 'stacked', false);
  const horizontal = kind === 'bar' && booleanOption(context.config, 'horizontal', false);
  const [categoryKey, valueKey] = horizontal ? ['y', 'x'] : ['x', 'y'];
  return {
    type: kind === 'bar' ? 'bar' : 'line',
    data: {
      labels: data.labels,
      datasets: datasets(data, kind, context, stacked) as ChartDataset<'bar' | 'line'>[],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      scales: {
        [categoryKey]: categoryAxis(
          context,
          stacked,
          data.labels.length,
          titleOf(context, 'xTitle', fields.category),
          horizontal
        ),
        [valueKey]: valueAxis(
          context,
          stacked,
          valueFormat(context),
          titleOf(context, 'yTitle', fields.value)
        ),
      },
      plugins: {
        legend: legend(context, data.datasets.length > 1),
        tooltip: {
          callbacks: { label: tooltipLabel(context, (item) => (horizontal ? item.parsed.x : item.parsed.y)) },
        },
      },
    },
  };
}

export const renderSeries: Renderer<SeriesData> = (container, allSeries, context) => {
  const kind = (context.tile.chart_type ?? 'bar') as SeriesKind;
  const chosen = chosenSeries(allSeries, context);
  const fields = axisFields(chosen, context);
  const data = readable(chosen, context);
  const config = kind === 'radar' ? radarConfig(data, context) : cartesianConfig(data, kind, context, fields);
  return mountChart(container, config, context);
};
