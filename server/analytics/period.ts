import { DateTime } from 'luxon';
import { z } from 'zod';
import { invalidField } from '../http/errors';
import { isTimeZone } from '../query/buckets';

export const SCOPES = ['own', 'team', 'department', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const isoDate = z
  .string()
  .regex(ISO_DATE, 'must be an ISO 8601 date')
  .refine((value) => DateTime.fromISO(value, { setZone: true }).isValid, 'must be an ISO 8601 date');

/** The parameters every analytics endpoint takes. */
export const commonQuery = {
  scope: z.enum(SCOPES).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  pipelineId: z.string().min(1).max(100).optional(),
  tz: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone').optional(),
};

/** The parameters every analytics endpoint takes, validated. */
export type CommonQuery = z.output<z.ZodObject<typeof commonQuery>>;

export interface Period {
  zone: string;
  /** The first instant of the period. */
  start: Date;
  /** The first instant after it (the day after `to`, at midnight in the zone). */
  end: Date;
  /** The request's "now". */
  now: Date;
  /** The previous period: as many days, ending where this one starts. */
  previous: { start: Date; end: Date };
}

/** A date or date-time as its calendar day in the zone. */
const dayOf = (value: string, zone: string) =>
  /T/.test(value)
    ? DateTime.fromISO(value, { setZone: true }).setZone(zone).startOf('day')
    : DateTime.fromISO(value, { zone }).startOf('day');

/**
 * `from`…`to` (inclusive) as the half-open range [start of from, start of the day after to) in
 * the zone; by default the last 30 days ending today. `from` after `to` is a 400.
 */
export function periodOf(
  query: { from?: string; to?: string },
  zone: string,
  now: Date = new Date()
): Period {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const last = query.to ? dayOf(query.to, zone) : today;
  const first = query.from ? dayOf(query.from, zone) : last.minus({ days: 29 });
  if (first > last) throw invalidField(['from'], 'must not be after `to`');
  const days = Math.round(last.diff(first, 'days').days) + 1;
  return {
    zone,
    start: first.toJSDate(),
    end: last.plus({ days: 1 }).startOf('day').toJSDate(),
    now,
    previous: { start: first.minus({ days }).toJSDate(), end: first.toJSDate() },
  };
}
