/** Times are epoch milliseconds (UTC) throughout the generator; the bulk writer turns them into the DB's format. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** UTC midnight of the day `date` falls on. */
export function utcMidnight(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** Parses `YYYY-MM-DD` as that day's UTC midnight. */
export function parseDay(text: string): number {
  const time = Date.parse(`${text}T00:00:00Z`);
  // The round trip refuses days that Date.parse would roll over (2026-02-30 → March 2).
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(time) || isoDay(time) !== text) {
    throw new Error(`Expected a date as YYYY-MM-DD, got "${text}"`);
  }
  return time;
}

/** `YYYY-MM-DD` of a time, in UTC. */
export function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The first instant of a quarter (1–4) and of the next one (exclusive end). */
export function quarterFrom(year: number, quarter: number): { start: number; end: number } {
  return { start: Date.UTC(year, (quarter - 1) * 3, 1), end: Date.UTC(year, quarter * 3, 1) };
}
