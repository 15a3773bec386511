import type { RenderContext, Renderer } from './context';
import { element } from './dom';
import { currencyCode, formatNumber } from './format';
import type { MetricData } from './types';

/** The currency a KPI's prefix or suffix stands for, when it is a currency sign. */
const CURRENCY_SIGNS: Record<string, string> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  CHF: 'CHF',
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * A KPI value in the reader's locale, as chart_config says: format (number, currency, percentage,
 * duration), currency (ISO 4217, or the currency sign of its prefix), decimals, prefix and suffix.
 * A duration keeps the server's text.
 */
export function formatMetric(value: number, serverText: string, context: RenderContext): string {
  const { config, locale } = context;
  const [prefix, suffix] = [text(config.prefix), text(config.suffix)];
  const decimals = typeof config.decimals === 'number' && config.decimals >= 0 ? config.decimals : undefined;
  const signCurrency = CURRENCY_SIGNS[prefix.trim()] ?? CURRENCY_SIGNS[suffix.trim()];
  const format =
    config.format ?? (signCurrency ? 'currency' : suffix.trim() === '%' ? 'percentage' : 'number');
  const digits = (fallback: number) => ({
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: decimals ?? fallback,
  });
  try {
    switch (format) {
      case 'currency': {
        // chart_config.currency, else the prefix's sign; a prefix of its own (`CA$`) is kept as written
        const currency =
          typeof config.currency === 'string'
            ? currencyCode(config.currency)
            : (signCurrency ?? (prefix || suffix ? undefined : 'USD'));
        if (!currency) break;
        const shown = new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          // cents only when there are some, and then both digits
          ...(decimals === undefined && !Number.isInteger(value)
            ? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
            : digits(0)),
        }).format(value);
        // the sign is the currency's: only what is not a sign stays around it
        const around = (part: string) => (CURRENCY_SIGNS[part.trim()] ? '' : part);
        return `${around(prefix)}${shown}${around(suffix)}`;
      }
      case 'percentage':
        return `${prefix}${new Intl.NumberFormat(locale, { style: 'percent', ...digits(1) }).format(value / 100)}${suffix.trim() === '%' ? '' : suffix}`;
      case 'duration':
        return serverText;
      default:
        return `${prefix}${new Intl.NumberFormat(locale, digits(2)).format(value)}${suffix}`;
    }
  } catch {
    return serverText;
  }
  return `${prefix}${new Intl.NumberFormat(locale, digits(2)).format(value)}${suffix}`;
}

const TREND_ARROWS = { up: '▲', down: '▼', flat: '▶' } as const;

function compareLabel(config: Record<string, unknown>): string | undefined {
  const comparison = config.comparison as { label?: unknown } | undefined;
  const label = config.compareLabel ?? comparison?.label;
  return typeof label === 'string' && label !== '' ? label : undefined;
}

/** KPI and metric tiles: the server's formatted value, and its change with a trend arrow. */
export const renderMetric: Renderer<MetricData> = (container, data, context) => {
  const root = element('div', 'dv-metric');
  const value =
    typeof data.value === 'number' && Number.isFinite(data.value)
      ? formatMetric(data.value, data.formatted, context)
      : data.formatted || formatNumber(data.value);
  root.append(element('div', 'dv-metric-value', value));
  const trend = data.trend === 'up' || data.trend === 'down' || data.trend === 'flat' ? data.trend : null;
  if (typeof data.change_percent === 'number' && trend) {
    const change = element('div', `dv-metric-change dv-trend-${trend}`);
    const percent = `${data.change_percent > 0 ? '+' : ''}${formatNumber(data.change_percent, { ...context.values, format: 'percentage' })}`;
    // the signed percent says the direction; the arrow only shows it
    const arrow = element('span', 'dv-metric-arrow', TREND_ARROWS[trend]);
    arrow.setAttribute('aria-hidden', 'true');
    change.append(arrow, element('span', 'dv-metric-percent', percent));
    const label = compareLabel(context.config);
    if (label) change.append(element('span', 'dv-metric-compare', label));
    root.append(change);
  }
  container.append(root);
  context.drawn();
  return () => root.remove();
};
