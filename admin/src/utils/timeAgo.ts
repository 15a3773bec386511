/** The units an age is written in, largest first, with their length in seconds. */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** Under this many seconds a result counts as just computed ("now"). */
const JUST_NOW_SECONDS = 45;

/**
 * How long ago `then` was at `now`, in `locale` ("2 minutes ago", "il y a 2 minutes", "yesterday"):
 * the largest unit the age holds once, counted in whole units (59 minutes never reads "1 hour").
 * A time after `now` (a server clock ahead of the browser's) reads as now.
 */
export function timeAgo(then: Date, now: Date, locale: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = Math.max(0, Math.floor((now.getTime() - then.getTime()) / 1000));
  if (seconds < JUST_NOW_SECONDS) return format.format(0, 'second');
  for (const [unit, length] of UNITS) {
    if (seconds >= length) return format.format(-Math.floor(seconds / length), unit);
  }
  return format.format(-seconds, 'second');
}

/** How often an age shown on the page is written again: it never lags by more than this. */
export const AGE_REFRESH_MS = 15_000;
