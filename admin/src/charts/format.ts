/**
 * Numbers on axes, labels and table cells. `format` is chart_config's number format (number,
 * currency, percentage); the server formats KPI values itself.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(compact: boolean, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${compact}:${maximumFractionDigits}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat('en-US', {
      notation: compact ? 'compact' : 'standard',
      maximumFractionDigits,
    });
    formatters.set(key, found);
  }
  return found;
}

export function formatNumber(value: number | null | undefined, format?: unknown, compact = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (format) {
    case 'currency':
      return `${value < 0 ? '-' : ''}$${formatter(compact, 2).format(Math.abs(value))}`;
    case 'percentage':
    case 'percent':
      return `${formatter(compact, 1).format(value)}%`;
    default:
      return formatter(compact, 2).format(value);
  }
}

/** A table cell: numbers by their column's format, everything else as text. */
export function formatCell(value: unknown, format?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, format);
  if (format && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return formatNumber(Number(value), format);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
