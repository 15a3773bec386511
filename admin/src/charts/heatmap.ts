import type { ChartConfiguration, ScriptableContext } from 'chart.js';
import { interpolateBlues } from 'd3-scale-chromatic';
import { mountChart } from './chart-host';
import type { Renderer } from './context';
import { formatNumber } from './format';
import { categoryAxis, legend, valueFormat } from './options';
import { schemeInterpolator } from './theme';
import type { HeatmapData } from './types';

type Cell = HeatmapData['datasets'][number]['data'][number];

/** A grid of x × y categories, each cell coloured by its value on the chart's colour scheme. */
export const renderHeatmap: Renderer<HeatmapData> = (container, data, context) => {
  const cells = data.datasets[0]?.data ?? [];
  const values = cells.map((cell) => cell.v).filter((value): value is number => value !== null);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const interpolate = schemeInterpolator(context.config.color_scheme) ?? interpolateBlues;
  const cellColor = (ctx: ScriptableContext<'matrix'>) => {
    const value = (ctx.raw as Cell | undefined)?.v;
    if (value === null || value === undefined) return context.colors.track;
    // keep off the scheme's near-white end so low cells stay visible on a light page
    return interpolate(0.15 + (max > min ? (0.85 * (value - min)) / (max - min) : 0.85));
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
        x: { ...categoryAxis(context, false), labels: data.labels, offset: true },
        y: { ...categoryAxis(context, false), labels: data.y_labels, offset: true, reverse: false },
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
  return mountChart(container, config, context);
};
