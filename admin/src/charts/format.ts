/**
 * Numbers, currencies, percentages and dates as the reader's locale writes them (`Intl`). A
 * chart's values are shown in its chart_config number format (number, currency, percentage) and
 * currency (chart_config.currency, an ISO 4217 code; US dollars by default).
 */
import type { Translate } from './i18n';

/** How a chart writes its values: the number format, the locale and the currency. */
export interface NumberStyle {
  format?: unknown;
  locale: string;
  currency: string;
}

const DEFAULT_STYLE: NumberStyle = { locale: 'en-US', currency: 'USD' };

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    try {
      found = new Intl.NumberFormat(locale, options);
    } catch {
      // an unknown currency code: the number alone rather than a broken chart
      found = new Intl.NumberFormat(locale, { ...options, style: 'decimal', currency: undefined });
    }
    formatters.set(key, found);
  }
  return found;
}

/** A currency code as Intl takes it; anything else is US dollars. */
export const currencyCode = (value: unknown): string =>
  typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : 'USD';

const isStyle = (value: unknown): value is NumberStyle =>
  typeof value === 'object' && value !== null && typeof (value as NumberStyle).locale === 'string';

/**
 * A number in a format: `style` is a NumberStyle, or a bare format name (then in US English).
 * Compact numbers (axes, labels) read `1.2M`, `1,2 M €`.
 */
export function formatNumber(value: number | null | undefined, style?: unknown, compact = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const { format, locale, currency } = isStyle(style) ? style : { ...DEFAULT_STYLE, format: style };
  const notation = compact ? 'compact' : 'standard';
  switch (format) {
    case 'currency':
      return formatter(locale, {
        style: 'currency',
        currency,
        notation,
        minimumFractionDigits: compact || Number.isInteger(value) ? 0 : 2,
        maximumFractionDigits: compact ? 1 : 2,
      }).format(value);
    case 'percentage':
    case 'percent':
      // percentages arrive as 0 … 100
      return formatter(locale, { style: 'percent', notation, maximumFractionDigits: 1 }).format(value / 100);
    default:
      return formatter(locale, { notation, maximumFractionDigits: compact ? 1 : 2 }).format(value);
  }
}

/** A share of a whole (0 … 1) as a percentage: `42.1%`, `42,1 %`. */
export const formatShare = (share: number, locale: string): string =>
  formatter(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/* Dates. The server writes time buckets as yyyy-MM-dd, yyyy-MM, kkkk-'W'WW and yyyy-'Q'q, and
 * timestamps as ISO 8601. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const MIDNIGHT_UTC = /^\d{4}-\d{2}-\d{2}T00:00(:00(\.0+)?)?Z$/;

/** What a set of labels are: time buckets of one size, or not dates at all. */
export type DateBucket = 'day' | 'month' | 'week' | 'quarter' | 'timestamp';

/** The bucket every label is (an empty or mixed set is none). */
export function bucketOf(labels: readonly string[]): DateBucket | undefined {
  const present = labels.filter((label) => label !== '');
  if (present.length === 0) return undefined;
  const all = (pattern: RegExp) => present.every((label) => pattern.test(label));
  if (all(MONTH)) return 'month';
  if (all(WEEK)) return 'week';
  if (all(QUARTER)) return 'quarter';
  // days (or midnights UTC, the content-type tiles' buckets) that are all the first of a month are months
  const firstsOfMonths = present.length > 1 && present.every((label) => label.slice(8, 10) === '01');
  if (all(DAY)) return firstsOfMonths ? 'month' : 'day';
  if (all(MIDNIGHT_UTC)) return firstsOfMonths ? 'month' : 'day';
  if (all(TIMESTAMP)) return 'timestamp';
  return undefined;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let found = dateFormatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    dateFormatters.set(key, found);
  }
  return found;
}

/** A calendar date (no time of day) written in UTC, so that no time zone moves it to another day. */
const utcDate = (year: string, month: string, day = '01') =>
  new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));

/** One label of a bucket as the locale writes it: `Jan 2026`, `W05`, `Q1 2026`, `Jan 15, 2026`. */
export function formatBucket(label: string, bucket: DateBucket, locale: string, t: Translate): string {
  let match: RegExpExecArray | null;
  switch (bucket) {
    case 'month':
      match = MONTH.exec(label) ?? DAY.exec(label.slice(0, 10));
      return match
        ? dateFormatter(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
            utcDate(match[1], match[2])
          )
        : label;
    case 'week':
      match = WEEK.exec(label);
      return match ? t('charts.axis.week', { week: match[2], year: match[1] }) : label;
    case 'quarter':
      match = QUARTER.exec(label);
      return match ? t('charts.axis.quarter', { quarter: match[2], year: match[1] }) : label;
    case 'day':
      match = DAY.exec(label.slice(0, 10));
      return match
        ? dateFormatter(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
            utcDate(match[1], match[2], match[3])
          )
        : label;
    case 'timestamp': {
      const date = new Date(label);
      return Number.isNaN(date.getTime())
        ? label
        : dateFormatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    }
  }
}

/** A value written as a code (`cold_call`, `email`), which reads better humanised. */
const CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** A category or series name as a reader would write it: codes humanised (`cold_call` → "Cold call"). */
export const readableName = (label: string): string => (CODE.test(label) ? humanize(label) : label);

/**
 * Labels along an axis (or in a legend): dates in the locale when they all are dates, codes
 * humanised, anything else as given.
 */
export function formatLabels(labels: readonly string[], locale: string, t: Translate): string[] {
  const bucket = bucketOf(labels);
  return bucket ? labels.map((label) => formatBucket(label, bucket, locale, t)) : labels.map(readableName);
}

/** A date or timestamp as the server writes them (`2026-01-15`, ISO 8601). */
export const isDateText = (value: unknown): boolean =>
  typeof value === 'string' && (DAY.test(value) || TIMESTAMP.test(value));

/** A table cell: numbers by their column's format, dates in the locale, everything else as text. */
export function formatCell(
  value: unknown,
  format?: string,
  style: Omit<NumberStyle, 'format'> = DEFAULT_STYLE
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, { ...style, format });
  if (format && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return formatNumber(Number(value), { ...style, format });
  }
  if (typeof value === 'string' && (DAY.test(value) || TIMESTAMP.test(value))) {
    const bucket = DAY.test(value) || MIDNIGHT_UTC.test(value) ? 'day' : 'timestamp';
    return formatBucket(value, bucket, style.locale, (key) => key);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A field name as a reader would write it: `wonAmount` and `won_amount` are "Won amount";
 * acronyms stay (`slaBreaches` → "SLA breaches" only when written `SLABreaches`).
 */
export function humanize(field: string): string {
  const words = field
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()));
  if (words.length === 0) return field;
  const [first, ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

/** A label cut to `max` characters, with an ellipsis when it was longer. */
export const truncate = (label: string, max: number): string =>
  label.length > max ? `${label.slice(0, Math.max(max - 1, 1)).trimEnd()}…` : label;
