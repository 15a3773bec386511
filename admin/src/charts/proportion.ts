import type { ChartConfiguration } from 'chart.js';
import { mountChart } from './chart-host';
import type { Renderer, RenderContext } from './context';
import { formatNumber } from './format';
import { legend, tooltipLabel, valueFormat } from './options';
import { palette } from './theme';
import type { SeriesData } from './types';

/** pie, donut and funnel: one value per name (the first dataset), one colour per name. */
const values = (data: SeriesData): number[] => (data.datasets[0]?.data ?? []).map((value) => value ?? 0);

function circleConfig(
  data: SeriesData,
  context: RenderContext,
  donut: boolean
): ChartConfiguration<'doughnut'> {
  return {
    type: 'doughnut',
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.datasets[0]?.label ?? '',
          data: values(data),
          backgroundColor: palette(context.config, data.labels.length),
          borderColor: context.colors.surface,
          borderWidth: 2,
        },
      ],
    },
    options: {
      cutout: donut ? '60%' : 0,
      plugins: {
        legend: legend(context, true),
        tooltip: { callbacks: { label: tooltipLabel(context, (item) => item.parsed) } },
      },
    },
  };
}

function funnelConfig(data: SeriesData, context: RenderContext): ChartConfiguration<'funnel'> {
  // a funnel reads best as one hue getting lighter stage by stage
  const colors = palette({ color_scheme: 'blues', ...context.config }, data.labels.length);
  const amounts = values(data);
  const amountText = (index: number) => formatNumber(amounts[index], valueFormat(context));
  return {
    type: 'funnel',
    data: {
      labels: data.labels,
      datasets: [{ label: data.datasets[0]?.label ?? '', data: amounts, backgroundColor: colors }],
    },
    options: {
      indexAxis: 'y',
      scales: {
        y: {
          display: true,
          grid: { display: false },
          border: { display: false },
          // each stage's name and amount beside it
          ticks: {
            color: context.colors.text,
            callback: (_, index) => `${data.labels[index]} · ${amountText(index)}`,
          },
        },
      },
      plugins: {
        legend: legend(context, false),
        tooltip: { callbacks: { label: (item) => amountText(item.dataIndex) } },
      },
    },
  };
}

export const renderProportion: Renderer<SeriesData> = (container, data, context) => {
  const chartType = context.tile.chart_type;
  const config =
    chartType === 'funnel' ? funnelConfig(data, context) : circleConfig(data, context, chartType === 'donut');
  return mountChart(container, config, context);
};
