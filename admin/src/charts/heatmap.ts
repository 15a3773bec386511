import { Chart, type ChartConfiguration, type ScriptableContext } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { interpolateBlues } from 'd3-scale-chromatic';
import { mountChart } from './chart-host';
import type { RenderContext, Renderer } from './context';
import { element } from './dom';
import { formatLabels, formatNumber } from './format';
import { categoryAxis, legend, titleOf, valueFormat } from './options';
import { schemeInterpolator } from './theme';
import type { HeatmapData, RawData } from './types';

Chart.register(MatrixController, MatrixElement);

type Cell = HeatmapData['datasets'][number]['data'][number];

/** How many colour stops the legend's gradient takes from the scheme. */
const LEGEND_STOPS = 8;

/** The colour scale under the grid: the lowest value, the gradient, the highest value. */
function colorLegend(
  context: RenderContext,
  [min, max]: [number, number],
  colorAt: (share: number) => string
): HTMLElement {
  const [low, high] = [formatNumber(min, valueFormat(context)), formatNumber(max, valueFormat(context))];
  const root = element('div', 'dv-heatmap-legend');
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', context.t('charts.heatmap.legend', { min: low, max: high }));
  const scale = element('span', 'dv-heatmap-scale');
  const stops = Array.from({ length: LEGEND_STOPS }, (_, index) => colorAt(index / (LEGEND_STOPS - 1)));
  scale.style.background = `linear-gradient(to right, ${stops.join(', ')})`;
  const [lowText, highText] = [
    element('span', 'dv-heatmap-min', low),
    element('span', 'dv-heatmap-max', high),
  ];
  lowText.setAttribute('aria-hidden', 'true');
  highText.setAttribute('aria-hidden', 'true');
  root.append(lowText, scale, highText);
  return root;
}

/** Each raw label → the label shown (dates in the locale). */
function labelMap(labels: string[], context: RenderContext): Map<string, string> {
  const shown = formatLabels(labels, context.locale, context.t);
  return new Map(labels.map((label, index) => [label, shown[index]]));
}

/** A grid of x × y categories, each cell coloured by its value on the chart's colour scheme. */
export const renderHeatmap: Renderer<HeatmapData & Partial<RawData>> = (container, data, context) => {
  const [xLabels, yLabels] = [labelMap(data.labels, context), labelMap(data.y_labels, context)];
  const cells = (data.datasets[0]?.data ?? []).map((cell) => ({
    ...cell,
    x: xLabels.get(cell.x) ?? cell.x,
    y: yLabels.get(cell.y) ?? cell.y,
  }));
  const values = cells.map((cell) => cell.v).filter((value): value is number => value !== null);
  const [min, max] = values.length ? [Math.min(...values), Math.max(...values)] : [0, 0];
  const interpolate = schemeInterpolator(context.config.color_scheme) ?? interpolateBlues;
  // keep off the scheme's near-white end so low cells stay visible on a light page
  const colorAt = (share: number) => interpolate(0.15 + 0.85 * share);
  const cellColor = (ctx: ScriptableContext<'matrix'>) => {
    const value = (ctx.raw as Cell | undefined)?.v;
    if (value === null || value === undefined) return context.colors.track;
    return colorAt(max > min ? (value - min) / (max - min) : 1);
  };
  const field = (key: 'xField' | 'yField', index: number) => {
    const named = context.config[key];
    return typeof named === 'string' ? named : data.columns?.[index];
  };
  const gap = 2;
  const config: ChartConfiguration<'matrix'> = {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: data.datasets[0]?.label ?? '',
          data: cells.map((cell) => ({ x: cell.x, y: cell.y, v: cell.v ?? undefined })),
          backgroundColor: cellColor,
          borderWidth: 0,
          borderRadius: 2,
          width: ({ chart }) => (chart.chartArea?.width ?? 0) / Math.max(data.labels.length, 1) - gap,
          height: ({ chart }) => (chart.chartArea?.height ?? 0) / Math.max(data.y_labels.length, 1) - gap,
        },
      ],
    },
    options: {
      scales: {
        x: {
          ...categoryAxis(context, false, xLabels.size, titleOf(context, 'xTitle', field('xField', 0))),
          labels: [...xLabels.values()],
          offset: true,
        },
        y: {
          ...categoryAxis(context, false, yLabels.size, titleOf(context, 'yTitle', field('yField', 1)), true),
          labels: [...yLabels.values()],
          offset: true,
          reverse: false,
        },
      },
      plugins: {
        legend: legend(context, false),
        tooltip: {
          callbacks: {
            title: () => '',
            label: (item) => {
              const cell = item.raw as Cell;
              return `${cell.x} · ${cell.y}: ${formatNumber(cell.v, valueFormat(context))}`;
            },
          },
        },
      },
    },
  };
  // in place before the chart measures its box (CSS puts it under the chart)
  const scale = values.length ? colorLegend(context, [min, max], colorAt) : null;
  if (scale) container.append(scale);
  const destroy = mountChart(container, config, context);
  return () => {
    destroy();
    scale?.remove();
  };
};
