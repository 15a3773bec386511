import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { mountChart } from './chart-host';
import { booleanOption, type Renderer, type RenderContext } from './context';
import { categoryAxis, legend, tooltipLabel, valueAxis } from './options';
import { palette, withAlpha } from './theme';
import type { SeriesData } from './types';

/** bar, line, area and radar: labels along one axis, one dataset per series. */
type SeriesKind = 'bar' | 'line' | 'area' | 'radar';

/** chart_config.series names the value columns to draw; by default every dataset is. */
function chosenSeries(data: SeriesData, context: RenderContext): SeriesData {
  const wanted = context.config.series;
  if (!Array.isArray(wanted) || wanted.length === 0) return data;
  const chosen = data.datasets.filter((series) => wanted.includes(series.label));
  return chosen.length > 0 ? { ...data, datasets: chosen } : data;
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
          pointLabels: { color: colors.text },
          ticks: { color: colors.mutedText, backdropColor: 'transparent', maxTicksLimit: 5 },
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
  context: RenderContext
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
        [categoryKey]: categoryAxis(context, stacked),
        [valueKey]: valueAxis(context, stacked),
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
  const data = chosenSeries(allSeries, context);
  const config = kind === 'radar' ? radarConfig(data, context) : cartesianConfig(data, kind, context);
  return mountChart(container, config, context);
};
