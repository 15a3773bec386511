import { bucketsBetween, BucketError, dateBucketsBetween } from './buckets';
import { fail, NUMERIC, type ContentPlan } from './content-plan';
import type { BucketBounds } from './content-sql';
import type { Dialect } from './sql-guard';

/* A content-type tile's result: the bucket bounds of its date range, and its rows as the API answers them. */

type Row = Record<string, unknown>;

/** The bucket bounds that cover the range the database reported, as it compares them. */
export function boundsFor(
  plan: ContentPlan,
  low: unknown,
  high: unknown,
  dialect: Dialect
): BucketBounds | null {
  if (low === null || low === undefined || high === null || high === undefined) return null;
  const { unit, zone, dateOnly } = plan.bucket!;
  try {
    if (dateOnly) {
      const day = (value: unknown) =>
        (value instanceof Date ? value.toISOString() : String(value)).slice(0, 10);
      return dateBucketsBetween(day(low), day(high), unit);
    }
    const instant = (value: unknown) => (value instanceof Date ? value : new Date(value as string | number));
    const buckets = bucketsBetween(instant(low), instant(high), unit, zone);
    const compared = (date: Date) => (dialect === 'sqlite' ? date.getTime() : date);
    return { labels: buckets.labels, starts: buckets.starts.map(compared), end: compared(buckets.end) };
  } catch (error) {
    if (error instanceof BucketError) return fail(['date_bucket'], error.message);
    throw error;
  }
}

/** A value as the API answers it: instants as ISO 8601, booleans as booleans. */
function presentValue(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime' || type === 'timestamp') {
    return (value instanceof Date ? value : new Date(value as string | number)).toISOString();
  }
  if (type === 'date')
    return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
  if (type === 'boolean') return value === true || value === 1 || value === '1';
  return value;
}

/**
 * The result rows under the tile's own column names. Buckets without any row are shown (0 for
 * count and sum, null otherwise) when the tile has no group, so a line chart has no gaps.
 */
export function presentRows(plan: ContentPlan, rows: Row[], bounds: BucketBounds | null): Row[] {
  const { columns } = plan;
  const measureType = plan.fn === 'count' ? 'integer' : (plan.measure?.type ?? 'integer');
  const empty = plan.fn === 'count' || plan.fn === 'sum' ? 0 : null;
  const present = (row: Row): Row => {
    const out: Row = {};
    if (columns.bucket !== undefined) out[columns.bucket] = bounds?.labels[Number(row.bucket_index)] ?? null;
    if (columns.group !== undefined) out[columns.group] = presentValue(plan.group!.type, row.group_key);
    const value = row.measure_value;
    out[columns.measure] =
      value === null || value === undefined
        ? empty
        : presentValue(
            measureType,
            typeof value === 'string' && NUMERIC.has(measureType) ? Number(value) : value
          );
    return out;
  };
  if (!plan.bucket || plan.group || !bounds) return rows.map(present);
  const byIndex = new Map(rows.map((row) => [Number(row.bucket_index), row]));
  let indexes = bounds.labels.map((_, index) => index);
  if (plan.sort === 'desc') indexes.reverse();
  if (plan.limit !== undefined) indexes = indexes.slice(0, plan.limit);
  return indexes.map((index) => present(byIndex.get(index) ?? { bucket_index: index, measure_value: null }));
}

/** The result's column names, in order. */
export const resultColumns = (plan: ContentPlan) =>
  [plan.columns.bucket, plan.columns.group, plan.columns.measure].filter(
    (column): column is string => column !== undefined
  );
