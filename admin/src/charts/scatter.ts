import type { ChartConfiguration } from 'chart.js';
import { mountChart } from './chart-host';
import type { Renderer } from './context';
import { formatNumber } from './format';
import { legend, valueAxis, valueFormat } from './options';
import { palette, withAlpha } from './theme';
import type { ScatterData } from './types';

/** Points at (x, y): both axes are values. */
export const renderScatter: Renderer<ScatterData> = (container, data, context) => {
  const colors = palette(context.config, data.datasets.length);
  const config: ChartConfiguration<'scatter'> = {
    type: 'scatter',
    data: {
      datasets: data.datasets.map((series, index) => ({
        label: series.label,
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
        x: { ...valueAxis(context, false, 'number'), beginAtZero: false },
        y: { ...valueAxis(context, false), beginAtZero: false },
      },
      plugins: {
        legend: legend(context, data.datasets.length > 1),
        tooltip: {
          callbacks: {
            label: (item) =>
              `(${formatNumber(item.parsed.x)}, ${formatNumber(item.parsed.y, valueFormat(context))})`,
          },
        },
      },
    },
  };
  return mountChart(container, config, context);
};
