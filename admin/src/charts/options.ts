import type { Scale, TooltipItem } from 'chart.js';
import { booleanOption, type RenderContext } from './context';
import { formatNumber, humanize, truncate, type NumberStyle } from './format';

/** How a chart's values are written: chart_config.y_axis_format (else number_format) in the reader's locale. */
export const valueFormat = ({ values }: RenderContext): NumberStyle => values;

/** Another number format in the chart's locale and currency (`number` for a scatter's x axis). */
export const numberStyle = (context: RenderContext, format: unknown): NumberStyle => ({
  ...context.values,
  format,
});

/** The legend, shown when chart_config.showLegend says so, else when `shownByDefault`. */
export function legend(context: RenderContext, shownByDefault: boolean) {
  return {
    display: booleanOption(context.config, 'showLegend', shownByDefault),
    position: 'bottom' as const,
    labels: {
      color: context.colors.text,
      boxWidth: 12,
      boxHeight: 12,
      padding: 12,
      usePointStyle: true,
      pointStyle: 'rectRounded' as const,
    },
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

/**
 * The title of the x axis (the x field's) or the y axis (the values'): chart_config's `xTitle` /
 * `yTitle` when given (empty: no title), otherwise the field's name, humanised.
 */
export function titleOf(context: RenderContext, axis: 'xTitle' | 'yTitle', field: string | undefined) {
  const given = context.config[axis];
  if (typeof given === 'string') return given.trim() || undefined;
  return field ? humanize(field) : undefined;
}

/** An axis title, unless there is none. */
export function axisTitle(context: RenderContext, text: string | undefined) {
  return {
    display: Boolean(text),
    text: text ?? '',
    color: context.colors.mutedText,
    font: { size: 12, weight: 600 as const },
    padding: { top: 4, bottom: 0 },
  };
}

/** Above this many categories an axis shows every few only (a year of days cannot be read whole). */
const MAX_EVERY_LABEL = 40;

/** How long a category label may be before it is cut (with its full text in the tooltip). */
export const labelLength = (count: number): number => (count > 12 ? 12 : count > 6 ? 16 : 24);

/**
 * A category axis (labels along it): every label shown, cut to a readable length and turned
 * (at most 45°) when they do not fit side by side; the tooltip gives the whole label. Only a year
 * of days along it, or more labels up a vertical axis than its height holds, leaves some out.
 */
export function categoryAxis(
  context: RenderContext,
  stacked: boolean,
  count = 0,
  title?: string,
  vertical = false
) {
  const max = labelLength(count);
  return {
    type: 'category' as const,
    stacked,
    grid: { display: false },
    border: { color: context.colors.grid },
    title: axisTitle(context, title),
    ticks: {
      color: context.colors.mutedText,
      // a vertical axis cannot turn its labels: it leaves some out only when they would overlap
      autoSkip: vertical || count > MAX_EVERY_LABEL,
      autoSkipPadding: 8,
      minRotation: 0,
      maxRotation: 45,
      callback(this: Scale, value: string | number) {
        return truncate(String(this.getLabelForValue(Number(value))), max);
      },
    },
  };
}

/** A value axis: compact numbers (in the chart's format by default), grid lines unless show_grid is false. */
export function valueAxis(
  context: RenderContext,
  stacked: boolean,
  style: NumberStyle = valueFormat(context),
  title?: string
) {
  return {
    type: 'linear' as const,
    stacked,
    beginAtZero: true,
    grid: { display: booleanOption(context.config, 'show_grid', true), color: context.colors.grid },
    border: { display: false },
    title: axisTitle(context, title),
    ticks: {
      color: context.colors.mutedText,
      callback: (value: string | number) => formatNumber(Number(value), style, true),
    },
  };
}
