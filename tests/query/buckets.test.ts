import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  BucketError,
  bucketsBetween,
  dateBucketsBetween,
  MAX_BUCKETS,
  BUCKET_UNITS,
} from '../../server/query/buckets';

const at = (iso: string) => new Date(iso);

describe('bucketsBetween', () => {
  it('makes the spring-forward day 23 hours and the fall-back day 25 hours long in Paris', () => {
    const spring = bucketsBetween(
      at('2026-03-28T12:00:00Z'),
      at('2026-03-30T12:00:00Z'),
      'day',
      'Europe/Paris'
    );
    expect(spring.labels).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(spring.starts.map((start) => start.toISOString())).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect(spring.end.toISOString()).toBe('2026-03-30T22:00:00.000Z');

    const fall = bucketsBetween(
      at('2026-10-25T12:00:00Z'),
      at('2026-10-25T12:00:00Z'),
      'day',
      'Europe/Paris'
    );
    expect(fall.end.getTime() - fall.starts[0].getTime()).toBe(25 * 3600_000);
  });

  it('cuts months, quarters and years at local midnight of their first day', () => {
    const months = bucketsBetween(
      at('2025-12-31T23:30:00Z'),
      at('2026-02-10T00:00:00Z'),
      'month',
      'Asia/Tokyo'
    );
    expect(months.labels).toEqual(['2026-01-01', '2026-02-01']);
    expect(months.starts[0].toISOString()).toBe('2025-12-31T15:00:00.000Z');
    expect(
      bucketsBetween(at('2026-05-05T00:00:00Z'), at('2026-11-05T00:00:00Z'), 'quarter', 'UTC').labels
    ).toEqual(['2026-04-01', '2026-07-01', '2026-10-01']);
    expect(
      bucketsBetween(at('2025-06-01T00:00:00Z'), at('2026-01-01T04:00:00Z'), 'year', 'America/New_York')
        .labels
    ).toEqual(['2025-01-01']);
  });

  it('starts weeks on Monday', () => {
    // 2026-11-22 is a Sunday
    expect(
      bucketsBetween(at('2026-11-22T10:00:00Z'), at('2026-11-23T10:00:00Z'), 'week', 'UTC').labels
    ).toEqual(['2026-11-16', '2026-11-23']);
  });

  it('refuses an unknown zone and too many buckets', () => {
    expect(() =>
      bucketsBetween(at('2026-01-01T00:00:00Z'), at('2026-01-02T00:00:00Z'), 'day', 'Mars/Olympus')
    ).toThrow(BucketError);
    expect(() =>
      bucketsBetween(at('2000-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'), 'day', 'UTC')
    ).toThrow(`more than ${MAX_BUCKETS} day buckets`);
  });

  it('places every instant in exactly one bucket, whose start is a local midnight (property)', () => {
    const zones = [
      'UTC',
      'Europe/Paris',
      'America/Santiago',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Pacific/Chatham',
    ];
    const instant = fc.date({
      min: at('2020-01-01T00:00:00Z'),
      max: at('2030-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 200 * 86_400_000 }),
        fc.constantFrom(...BUCKET_UNITS),
        fc.constantFrom(...zones),
        (from, span, unit, zone) => {
          const to = new Date(from.getTime() + span);
          const { labels, starts, end } = bucketsBetween(from, to, unit, zone);
          const bounds = [...starts.map((start) => start.getTime()), end.getTime()];
          for (let index = 1; index < bounds.length; index += 1)
            expect(bounds[index]).toBeGreaterThan(bounds[index - 1]);
          expect(bounds[0]).toBeLessThanOrEqual(from.getTime());
          expect(bounds[bounds.length - 2]).toBeLessThanOrEqual(to.getTime());
          expect(end.getTime()).toBeGreaterThan(to.getTime());
          starts.forEach((start, index) => {
            const local = DateTime.fromJSDate(start, { zone });
            expect(local.toISODate()).toBe(labels[index]);
            expect(local.equals(local.startOf(unit))).toBe(true);
          });
        }
      ),
      { numRuns: 300 }
    );
  });
});

describe('dateBucketsBetween', () => {
  it('cuts calendar dates without a zone', () => {
    expect(dateBucketsBetween('2025-12-31', '2026-03-01', 'month')).toEqual({
      labels: ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01'],
      starts: ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01'],
      end: '2026-04-01',
    });
  });
});
