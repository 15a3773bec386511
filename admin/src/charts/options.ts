import type { TooltipItem } from 'chart.js';
import { booleanOption, type RenderContext } from './context';
import { formatNumber } from './format';

/** The number format a chart's values are shown in (chart_config.y_axis_format, else number_format). */
export const valueFormat = ({ config }: RenderContext): unknown =>
  config.y_axis_format ?? config.number_format;

/** The legend, shown when chart_config.showLegend says so, else when `shownByDefault`. */
export function legend(context: RenderContext, shownByDefault: boolean) {
  return {
    display: booleanOption(context.config, 'showLegend', shownByDefault),
    position: 'bottom' as const,
    labels: { color: context.colors.text, boxWidth: 12, boxHeight: 12, padding: 12 },
  };
}

/** A tooltip line: the series (or slice) name and its formatted value. */
export const tooltipLabel =
  (context: RenderContext, valueOf: (item: TooltipItem<any>) => number | null) =>
  (item: TooltipItem<any>) => {
    const name = item.dataset.label || item.label;
    const value = formatNumber(valueOf(item), valueFormat(context));
    return name ? `${name}: ${value}` : value;
  };

/** A category axis (labels along it). */
export function categoryAxis(context: RenderContext, stacked: boolean) {
  return {
    type: 'category' as const,
    stacked,
    grid: { display: false },
    border: { color: context.colors.grid },
    ticks: { color: context.colors.mutedText, maxRotation: 0, autoSkipPadding: 8 },
  };
}

/** A value axis: compact numbers (in the chart's format by default), grid lines unless show_grid is false. */
export function valueAxis(context: RenderContext, stacked: boolean, format: unknown = valueFormat(context)) {
  return {
    type: 'linear' as const,
    stacked,
    beginAtZero: true,
    grid: { display: booleanOption(context.config, 'show_grid', true), color: context.colors.grid },
    border: { display: false },
    ticks: {
      color: context.colors.mutedText,
      callback: (value: string | number) => formatNumber(Number(value), format, true),
    },
  };
}
