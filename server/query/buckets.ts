import { DateTime, IANAZone } from 'luxon';

export const BUCKET_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type BucketUnit = (typeof BUCKET_UNITS)[number];

/** More buckets than this is a tile nobody can read; the caller should pick a larger unit or filter. */
export const MAX_BUCKETS = 2000;

/**
 * Calendar buckets cut in a time zone. `starts[i]` is bucket i's first instant, `end` the instant
 * after the last bucket; `labels[i]` is bucket i's first day in that zone (`YYYY-MM-DD`).
 */
export interface Buckets {
  labels: string[];
  starts: Date[];
  end: Date;
}

export class BucketError extends Error {}

/** The zones found valid (a few hundred names at most): checking one costs ~0.3 ms (an Intl format). */
const validZones = new Set<string>();

export function isTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  validZones.add(zone);
  return true;
}

/**
 * The buckets that cover `from`…`to` (both inclusive) in `zone`: each starts at local midnight of
 * its first day (weeks start on Monday, as ISO 8601), so a day is 23 or 25 hours long across a
 * daylight-saving change and a year boundary falls where the zone says it does.
 */
export function bucketsBetween(from: Date, to: Date, unit: BucketUnit, zone: string): Buckets {
  if (!isTimeZone(zone)) throw new BucketError(`"${zone}" is not an IANA time zone`);
  const labels: string[] = [];
  const starts: Date[] = [];
  const last = DateTime.fromJSDate(to, { zone });
  let start = DateTime.fromJSDate(from, { zone }).startOf(unit);
  while (start <= last) {
    if (starts.length === MAX_BUCKETS) {
      throw new BucketError(
        `more than ${MAX_BUCKETS} ${unit} buckets between ${from.toISOString()} and ${to.toISOString()}; ` +
          'choose a larger unit or filter the dates'
      );
    }
    labels.push(start.toISODate()!);
    starts.push(start.toJSDate());
    start = start.plus({ [unit]: 1 }).startOf(unit);
  }
  return { labels, starts, end: start.toJSDate() };
}

/** Calendar-date buckets (a `date` field has no time of day and no zone): bounds are `YYYY-MM-DD`. */
export function dateBucketsBetween(from: string, to: string, unit: BucketUnit) {
  const { labels, end } = bucketsBetween(
    new Date(`${from}T00:00:00Z`),
    new Date(`${to}T00:00:00Z`),
    unit,
    'UTC'
  );
  return { labels, starts: labels, end: end.toISOString().slice(0, 10) };
}
