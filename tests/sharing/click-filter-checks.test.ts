import {
  checkPublicClick,
  paramsKeyOf,
  publicClickFilters,
  usesParam,
} from '../../server/sharing/click-filters';
import type { DashboardRow, TileRow } from '../../server/db/rows';

/** The pure checks behind click to filter on the public viewer: which filters, which tiles, which values. */
const tile = (documentId: string, fields: Partial<TileRow>): TileRow =>
  ({ documentId, source: { kind: 'none' }, chart_config: {}, ...fields }) as TileRow;

const dashboard = {
  filters: [
    { id: 'stage', type: 'values', label: 'Stage', options: ['won', 'lost'] },
    { id: 'owner', type: 'text', label: '' },
    { id: 'period', type: 'date_range', label: 'Period' },
    { id: 'region', type: 'text', label: 'Region' },
  ],
} as unknown as DashboardRow;

const TILES = [
  tile('bars', {
    chart_config: { click_filter: { filter: 'stage', field: 'stage' } },
    source: { kind: 'sql', query: 'SELECT stage, n FROM t' } as TileRow['source'],
  }),
  tile('people', { chart_config: { click_filter: { filter: 'owner', field: 'name' } } }),
  tile('dates', { chart_config: { click_filter: { filter: 'period', field: 'day' } } }),
  tile('kpi', {
    source: { kind: 'sql', query: 'SELECT COUNT(*) FROM t WHERE stage = {{ stage }}' } as TileRow['source'],
  }),
  tile('content', {
    source: {
      kind: 'content-type',
      uid: 'api::deal.deal',
      measure: { fn: 'count' },
      filters: { owner: '{{owner}}' },
    } as TileRow['source'],
  }),
];

const PUBLISHED = {
  bars: {
    data: {
      rows: [
        { stage: 'won', n: 3 },
        { stage: 'lost', n: 1 },
      ],
    },
    error: null,
  },
  people: { data: { rows: [{ name: 'Ann' }, { name: 7 }] }, error: null },
};

it('offers the one-value filters a tile clicks to set, labelled (by id when the label is empty)', () => {
  expect(publicClickFilters(dashboard, TILES)).toEqual([
    { id: 'stage', label: 'Stage' },
    { id: 'owner', label: 'owner' },
  ]);
});

it('tells the tiles that use a parameter, wherever their source names it', () => {
  const using = (name: string) =>
    TILES.filter((entry) => usesParam(entry, name)).map((entry) => entry.documentId);
  expect(using('stage')).toEqual(['kpi']);
  expect(using('owner')).toEqual(['content']);
  expect(using('stag')).toEqual([]);
});

it('accepts a value the published figures show, and nothing else', () => {
  const check = (params: Record<string, string>, locked = false) =>
    checkPublicClick(dashboard, TILES, PUBLISHED, params, locked);
  expect(check({ stage: 'lost' })).toEqual({ name: 'stage', value: 'lost' });
  expect(check({ owner: '7' })).toEqual({ name: 'owner', value: '7' });
  const refusal = (params: Record<string, string>, locked = false) => {
    try {
      check(params, locked);
      return 'accepted';
    } catch (error) {
      const { path, message } = (error as { details: { errors: { path: string[]; message: string }[] } })
        .details.errors[0];
      return `${path.join('.')}: ${message}`;
    }
  };
  expect(refusal({ stage: 'open' })).toBe('params.stage: is not a value this dashboard shows');
  expect(refusal({ stage: 'Ann' })).toBe('params.stage: is not a value this dashboard shows');
  expect(refusal({ period: '2026-01-01' })).toBe(
    'params.period: is not a filter a click sets on this dashboard'
  );
  expect(refusal({ region: 'EMEA' })).toBe('params.region: is not a filter a click sets on this dashboard');
  expect(refusal({})).toBe('params: give one click filter at a time');
  expect(refusal({ stage: 'won', owner: 'Ann' })).toBe('params: give one click filter at a time');
  expect(refusal({ stage: 'won' }, true)).toBe('params: this embedded dashboard’s filters are read-only');
});

it('keys a value’s snapshot by the filter and value, whatever their order', () => {
  expect(paramsKeyOf({ a: '1', b: '2' })).toBe(paramsKeyOf({ b: '2', a: '1' }));
  expect(paramsKeyOf({ stage: 'won' })).not.toBe(paramsKeyOf({ stage: 'lost' }));
  expect(paramsKeyOf({ stage: 'won' })).toMatch(/^[0-9a-f]{64}$/);
});
