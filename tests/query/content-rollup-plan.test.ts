import { planContentQuery, type ContentModels, type ContentSource } from '../../server/query/content-plan';
import { rollupDays, rollupDefinition, specKey } from '../../server/query/content-rollup-sql';

/** Which content-type tile queries a content rollup answers, and which days a request reads (docs/rollups.md). */
const models: ContentModels = {
  model: (uid) =>
    uid === 'api::deal.deal'
      ? {
          tableName: 'deals',
          draftAndPublish: true,
          attributes: {
            name: { type: 'string' },
            notes: { type: 'text' },
            kind: { type: 'enumeration' },
            won: { type: 'boolean' },
            amount: { type: 'decimal' },
            closed_at: { type: 'datetime' },
            createdAt: { type: 'datetime', columnName: 'created_at' },
            close_date: { type: 'date' },
            owner: {
              type: 'relation',
              relation: 'manyToOne',
              target: 'api::deal.deal',
              joinTable: {
                name: 'deals_owner_lnk',
                joinColumn: { name: 'deal_id', referencedColumn: 'id' },
                inverseJoinColumn: { name: 'owner_id', referencedColumn: 'id' },
              } as never,
            },
          },
        }
      : undefined,
  readsContent: () => true,
};

const plan = (source: Partial<ContentSource>, zone = 'UTC') =>
  planContentQuery(
    { kind: 'content-type', uid: 'api::deal.deal', measure: { fn: 'count' }, ...source } as ContentSource,
    models,
    zone
  );
const PERIOD = { $gte: '{{from}}', $lte: '{{to}}' };

describe('rollupDefinition', () => {
  it('answers counts, sums and averages by a text field, a UTC date bucket and day ranges of that field', () => {
    expect(
      rollupDefinition(
        plan({
          measure: { fn: 'sum', field: 'amount' },
          group_by: 'kind',
          date_bucket: { field: 'closed_at', unit: 'month' },
          filters: { closed_at: PERIOD },
        })
      )
    ).toEqual({
      uid: 'api::deal.deal',
      table: 'deals',
      day: 'closed_at',
      group: 'kind',
      measure: 'amount',
      presence: false,
      published: true,
    });
    expect(rollupDefinition(plan({ filters: { createdAt: PERIOD } }))).toMatchObject({
      day: 'created_at',
      group: null,
      measure: null,
    });
    expect(rollupDefinition(plan({ measure: { fn: 'count', field: 'closed_at' } }))).toMatchObject({
      day: null,
      measure: 'closed_at',
      presence: true,
    });
  });

  it.each<[string, Partial<ContentSource>, string]>([
    ['min', { measure: { fn: 'min', field: 'amount' } }, 'UTC'],
    ['a boolean group', { group_by: 'won' }, 'UTC'],
    ['a group through a relation', { group_by: 'owner.name' }, 'UTC'],
    ['a local time zone', { date_bucket: { field: 'closed_at', unit: 'day' } }, 'Europe/Paris'],
    ['a date field', { date_bucket: { field: 'close_date', unit: 'month' } }, 'UTC'],
    ['a filter on another field', { filters: { amount: { $gte: 10 } } }, 'UTC'],
    ['a filter on a second datetime field', { filters: { closed_at: PERIOD, createdAt: PERIOD } }, 'UTC'],
    [
      'a bucket and a filter on different fields',
      { date_bucket: { field: 'closed_at', unit: 'day' }, filters: { createdAt: PERIOD } },
      'UTC',
    ],
    ['$null', { filters: { closed_at: { $null: true } } }, 'UTC'],
    ['$ne', { filters: { closed_at: { $ne: '2026-01-01' } } }, 'UTC'],
  ])('leaves %s to the table', (_, source, zone) => {
    expect(rollupDefinition(plan(source, zone))).toBeNull();
  });

  it('keys equal definitions alike and others apart', () => {
    const sum = rollupDefinition(
      plan({ measure: { fn: 'sum', field: 'amount' }, filters: { closed_at: PERIOD } })
    )!;
    const count = rollupDefinition(
      plan({ measure: { fn: 'count', field: 'amount' }, date_bucket: { field: 'closed_at', unit: 'week' } })
    )!;
    const byKind = rollupDefinition(plan({ measure: { fn: 'sum', field: 'amount' }, group_by: 'kind' }))!;
    expect(specKey(sum)).toBe(specKey(count));
    expect(specKey(sum)).not.toBe(specKey(byKind));
  });
});

describe('rollupDays', () => {
  const ranged = plan({ filters: { closed_at: PERIOD } });
  const day = (text: string) => Date.parse(`${text}T00:00:00Z`) / 86_400_000;

  it('reads whole UTC days: from the first day to the day after the last', () => {
    expect(rollupDays(ranged, { from: '2026-03-01', to: '2026-03-31' }, 'postgres')).toEqual({
      from: day('2026-03-01'),
      to: day('2026-04-01'),
    });
    expect(rollupDays(ranged, { from: '2026-03-01' }, 'sqlite')).toEqual({ from: day('2026-03-01') });
    expect(rollupDays(ranged, {}, 'mysql')).toEqual({});
    const exact = plan({ filters: { closed_at: { $eq: '{{on}}' } } });
    expect(rollupDays(exact, { on: '2026-10-25' }, 'postgres')).toEqual({
      from: day('2026-10-25'),
      to: day('2026-10-26'),
    });
    const after = plan({ filters: { closed_at: { $gt: '{{from}}' } } });
    expect(rollupDays(after, { from: '2026-10-25' }, 'sqlite')).toEqual({ from: day('2026-10-26') });
  });

  it('leaves a time of day to the table', () => {
    expect(rollupDays(ranged, { from: '2026-03-01T06:00:00Z', to: '2026-03-31' }, 'postgres')).toBeNull();
    expect(rollupDays(ranged, { from: '2026-03-01', to: '2026-03-31T00:00:00Z' }, 'postgres')).toBeNull();
    const midnight = plan({ filters: { closed_at: { $gte: '{{from}}', $lt: '{{to}}' } } });
    expect(
      rollupDays(midnight, { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00.000Z' }, 'sqlite')
    ).toEqual({
      from: day('2026-03-01'),
      to: day('2026-04-01'),
    });
  });
});
