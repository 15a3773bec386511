import type { ChartConfiguration } from 'chart.js';
import { mountChart } from './chart-host';
import type { Renderer } from './context';
import { formatNumber, humanize } from './format';
import { legend, numberStyle, titleOf, valueAxis, valueFormat } from './options';
import { palette, withAlpha } from './theme';
import type { RawData, ScatterData } from './types';

/** Points at (x, y): both axes are values. */
export const renderScatter: Renderer<ScatterData & Partial<RawData>> = (container, data, context) => {
  const colors = palette(context.config, data.datasets.length);
  const field = (key: 'xField' | 'yField', index: number) => {
    const named = context.config[key];
    return typeof named === 'string' ? named : data.columns?.[index];
  };
  const xStyle = numberStyle(context, 'number');
  const config: ChartConfiguration<'scatter'> = {
    type: 'scatter',
    data: {
      datasets: data.datasets.map((series, index) => ({
        label: humanize(series.label),
        data: series.data.filter(
          (point): point is { x: number; y: number } => point.x !== null && point.y !== null
        ),
        backgroundColor: withAlpha(colors[index], 0.7),
        borderColor: colors[index],
        pointRadius: 4,
        pointHoverRadius: 6,
      })),
    },
    options: {
      scales: {
        x: {
          ...valueAxis(context, false, xStyle, titleOf(context, 'xTitle', field('xField', 0))),
          beginAtZero: false,
        },
        y: {
          ...valueAxis(context, false, valueFormat(context), titleOf(context, 'yTitle', field('yField', 1))),
          beginAtZero: false,
        },
      },
      plugins: {
        legend: legend(context, data.datasets.length > 1),
        tooltip: {
          callbacks: {
            label: (item) =>
              `(${formatNumber(item.parsed.x, xStyle)}, ${formatNumber(item.parsed.y, valueFormat(context))})`,
          },
        },
      },
    },
  };
  return mountChart(container, config, context);
};
