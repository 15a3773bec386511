import { stringify } from 'csv-stringify/sync';

/** Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

const cell = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
};

/** A tile's rows as RFC 4180 CSV with a header line. */
export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return stringify([columns, ...rows.map((row) => columns.map((column) => cell(row[column])))]);
}

/** A tile's CSV file name: its title (without characters file systems refuse) and the day it ran. */
export function csvFileName(title: string, executedAt: string): string {
  const base = Array.from(title, (char) => (char.charCodeAt(0) < 32 ? '-' : char))
    .join('')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  return `${base || 'tile'} ${executedAt.slice(0, 10)}.csv`;
}
