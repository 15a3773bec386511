import type { ArcElement, ChartConfiguration, Plugin } from 'chart.js';
import { mountChart } from './chart-host';
import type { Renderer, RenderContext } from './context';
import { formatLabels, formatNumber, formatShare, humanize } from './format';
import { legend, valueFormat } from './options';
import { FONT_FAMILY, palette } from './theme';
import type { SeriesData } from './types';

/** pie, donut and funnel: one value per name (the first dataset), one colour per name. */
const values = (data: SeriesData): number[] => (data.datasets[0]?.data ?? []).map((value) => value ?? 0);

/** Nothing to divide: no value, or every value zero (a pie of zeros draws nothing). */
export const isAllZero = (data: SeriesData): boolean => values(data).every((value) => value === 0);

/** Slices narrower than this share of the whole carry no percentage (it would not fit). */
const MIN_LABELLED_SHARE = 0.05;

/** Each slice's share of the whole written on it. */
function sliceShares(context: RenderContext): Plugin<'doughnut'> {
  return {
    id: 'dashboardsSliceShares',
    afterDatasetsDraw(chart) {
      const amounts = (chart.data.datasets[0]?.data ?? []) as number[];
      const total = amounts.reduce((sum, value) => sum + Math.max(value, 0), 0);
      if (total <= 0) return;
      const { ctx } = chart;
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = `600 11px ${FONT_FAMILY}`;
      ctx.fillStyle = '#ffffff';
      chart.getDatasetMeta(0).data.forEach((element, index) => {
        const share = amounts[index] / total;
        if (!(share >= MIN_LABELLED_SHARE) || !chart.getDataVisibility(index)) return;
        const { x, y } = (element as ArcElement).tooltipPosition(false);
        ctx.fillText(formatShare(share, context.locale), x, y);
      });
      ctx.restore();
    },
  };
}

function circleConfig(
  data: SeriesData,
  context: RenderContext,
  donut: boolean
): ChartConfiguration<'doughnut'> {
  const amounts = values(data);
  const total = amounts.reduce((sum, value) => sum + Math.max(value, 0), 0);
  return {
    type: 'doughnut',
    data: {
      labels: formatLabels(data.labels, context.locale, context.t),
      datasets: [
        {
          label: data.datasets[0]?.label ?? '',
          data: amounts,
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
        // the slice's name, its value and its share of the whole
        tooltip: {
          callbacks: {
            label: (item) => {
              const value = formatNumber(item.parsed, valueFormat(context));
              const share = total > 0 ? ` (${formatShare(item.parsed / total, context.locale)})` : '';
              return `${item.label}: ${value}${share}`;
            },
          },
        },
      },
    },
    plugins: [sliceShares(context)],
  };
}

/**
 * A funnel's steps, each beside its name with its amount and its share of the first step
 * (`Qualified · 2,100 · 42%`); the tooltip also gives the share of the step before.
 */
function funnelConfig(data: SeriesData, context: RenderContext): ChartConfiguration<'funnel'> {
  // a funnel reads best as one hue getting lighter stage by stage
  const colors = palette({ color_scheme: 'blues', ...context.config }, data.labels.length);
  const amounts = values(data);
  const labels = formatLabels(data.labels, context.locale, context.t);
  const valueName = data.datasets[0]?.label ? humanize(data.datasets[0].label) : '';
  const amountText = (index: number) => formatNumber(amounts[index], valueFormat(context));
  /** The step's share of another one, unless that one is nothing. */
  const shareOf = (index: number, of: number) =>
    amounts[of] > 0 ? formatShare(amounts[index] / amounts[of], context.locale) : undefined;
  const tick = (index: number) => {
    const share = shareOf(index, 0);
    return [labels[index], amountText(index), ...(share ? [share] : [])].join(' · ');
  };
  return {
    type: 'funnel',
    data: {
      labels,
      datasets: [{ label: valueName, data: amounts, backgroundColor: colors }],
    },
    options: {
      indexAxis: 'y',
      scales: {
        y: {
          display: true,
          grid: { display: false },
          border: { display: false },
          // each stage's name, amount and share of the first stage beside it
          ticks: { color: context.colors.text, callback: (_, index) => tick(index) },
        },
      },
      plugins: {
        legend: legend(context, false),
        tooltip: {
          callbacks: {
            label: (item) =>
              valueName ? `${valueName}: ${amountText(item.dataIndex)}` : amountText(item.dataIndex),
            // the share of the first step, and of the one before (when that is not the first)
            afterLabel: (item) => {
              const index = item.dataIndex;
              const first = index > 0 ? shareOf(index, 0) : undefined;
              const previous = index > 1 ? shareOf(index, index - 1) : undefined;
              return [
                ...(first ? [context.t('charts.funnel.ofFirst', { share: first })] : []),
                ...(previous ? [context.t('charts.funnel.ofPrevious', { share: previous })] : []),
              ];
            },
          },
        },
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
