import {
  defaultValue,
  effectiveValues,
  filterDefinitions,
  presetOf,
} from '../../admin/src/components/filters/presets';
import {
  bindingOf,
  parseOptions,
  settingsBody,
  tilesUsing,
  withBinding,
  type SettingsForm,
} from '../../admin/src/components/settings/settingsForm';
import { firstColumnValues, optionsPreviewBody } from '../../admin/src/components/settings/optionValues';
import { compactVertically } from '../../admin/src/utils/layout';
import { resolveFilterParams } from '../../server/dashboards/filters';
import type { Tile, TileSource } from '../../contracts/dashboards';

/** The builder's pure logic: vertical compaction, preset defaults, filter bindings on tile sources. */
describe('compactVertically', () => {
  it('moves tiles up into empty rows, keeping their columns and the order of rows', () => {
    expect(
      compactVertically([
        { i: 'a', x: 0, y: 2, w: 6, h: 4 },
        { i: 'b', x: 9, y: 0, w: 3, h: 2 },
        { i: 'c', x: 0, y: 9, w: 3, h: 2 },
      ])
    ).toEqual([
      { i: 'a', x: 0, y: 0, w: 6, h: 4 },
      { i: 'b', x: 9, y: 0, w: 3, h: 2 },
      { i: 'c', x: 0, y: 4, w: 3, h: 2 },
    ]);
  });

  it('pushes an overlapping tile below the one above it', () => {
    expect(
      compactVertically([
        { i: 'a', x: 0, y: 0, w: 6, h: 4 },
        { i: 'b', x: 3, y: 1, w: 6, h: 2 },
      ])
    ).toEqual([
      { i: 'a', x: 0, y: 0, w: 6, h: 4 },
      { i: 'b', x: 3, y: 4, w: 6, h: 2 },
    ]);
  });
});

describe('date range defaults', () => {
  const today = new Date(Date.UTC(2026, 4, 14, 12));
  const [period] = filterDefinitions([
    { id: 'period', type: 'date_range', label: 'Period', default: 'last30' },
  ]);

  it('resolves a preset default to its days in the admin', () => {
    expect(defaultValue(period, 'period_from', today)).toBe('2026-04-15');
    expect(defaultValue(period, 'period_to', today)).toBe('2026-05-14');
  });

  it('sends the chosen values and a preset default’s days; other defaults are left to the server', () => {
    const filters = filterDefinitions([
      { id: 'period', type: 'date_range', label: 'Period', default: ['2026-01-01', '2026-01-31'] },
      { id: 'closed', type: 'date_range', label: 'Closed', default: 'thisYear' },
      { id: 'region', type: 'values', label: 'Region', options: ['EU', 'US'], default: 'EU' },
      { id: 'q', type: 'text', label: 'Search' },
    ]);
    expect(effectiveValues(filters, { region: 'US', period_to: '2026-02-01' }, today)).toEqual({
      period_to: '2026-02-01',
      closed_from: '2026-01-01',
      closed_to: '2026-05-14',
      region: 'US',
    });
    expect(effectiveValues(filters, {}, today)).toEqual({
      closed_from: '2026-01-01',
      closed_to: '2026-05-14',
    });
  });

  it('resolves a preset default on the server when the request gives no value', () => {
    const filters = [{ id: 'period', type: 'date_range' as const, default: 'last7' }];
    expect(resolveFilterParams(filters, {}, today)).toEqual({
      period_from: '2026-05-08',
      period_to: '2026-05-14',
    });
    expect(
      resolveFilterParams(filters, { period_from: '2026-01-01', period_to: '2026-01-02' }, today)
    ).toEqual({
      period_from: '2026-01-01',
      period_to: '2026-01-02',
    });
  });

  /**
   * The instant `iso` as a Date whose local getters read the wall clock of `zone` (a viewer's
   * browser there): jest keeps process.env to itself, so the process's own TZ cannot be switched.
   */
  const inZone = (iso: string, zone: string) => {
    const date = new Date(iso);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        hourCycle: 'h23',
      })
        .formatToParts(date)
        .map((part) => [part.type, Number(part.value)])
    );
    return Object.assign(date, {
      getFullYear: () => parts.year,
      getMonth: () => parts.month - 1,
      getDate: () => parts.day,
      getHours: () => parts.hour,
    });
  };

  it.each([
    // just after UTC midnight: Los Angeles is still on the 13th
    ['2026-05-14T00:30:00Z', 'America/Los_Angeles', 13, '2026-05-08', '2026-05-14'],
    // just before UTC midnight: Kiritimati (UTC+14) is already on the 15th
    ['2026-05-14T23:30:00Z', 'Pacific/Kiritimati', 15, '2026-05-08', '2026-05-14'],
    // the last instant of a UTC year: Kiritimati is in the next year
    ['2026-12-31T23:59:59Z', 'Pacific/Kiritimati', 1, '2026-12-25', '2026-12-31'],
    ['2026-05-14T12:00:00Z', 'UTC', 14, '2026-05-08', '2026-05-14'],
  ])(
    'at %s a viewer in %s (local day %s) sees the server’s days: %s … %s',
    (instant, zone, localDate, from, to) => {
      const now = inZone(instant, zone);
      expect(now.getDate()).toBe(localDate);
      const [last7] = filterDefinitions([{ id: 'p', type: 'date_range', label: 'P', default: 'last7' }]);
      const server = resolveFilterParams([{ id: 'p', type: 'date_range', default: 'last7' }], {}, now);
      expect({ admin: effectiveValues([last7], {}, now), server }).toEqual({
        admin: { p_from: from, p_to: to },
        server: { p_from: from, p_to: to },
      });
      expect(presetOf({ from, to }, now)).toBe('last7');
    }
  );
});

describe('filter bindings', () => {
  const tile = (source: TileSource) => ({ id: 't', title: 'T', source }) as unknown as Tile;
  const content: TileSource = {
    kind: 'content-type',
    uid: 'api::lead.lead',
    measure: { fn: 'count' },
    filters: { status: 'open' },
  };

  it('puts a date range, a value list and a text filter on content-type fields, and takes them off', () => {
    let source = withBinding(content, { id: 'period', type: 'date_range' }, 'qualified_at');
    source = withBinding(source, { id: 'src', type: 'values' }, 'source');
    source = withBinding(source, { id: 'q', type: 'text' }, 'name');
    expect(source).toEqual({
      ...content,
      filters: {
        status: 'open',
        qualified_at: { $gte: '{{period_from}}', $lte: '{{period_to}}' },
        source: '{{src}}',
        name: { $contains: '{{q}}' },
      },
    });
    expect(bindingOf(tile(source), { id: 'period', type: 'date_range' })).toBe('qualified_at');
    expect(bindingOf(tile(source), { id: 'q', type: 'text' })).toBe('name');
    source = withBinding(source, { id: 'period', type: 'date_range' }, '');
    source = withBinding(source, { id: 'src', type: 'values' }, '');
    source = withBinding(source, { id: 'q', type: 'text' }, '');
    expect(source).toEqual(content);
  });

  it('sets analytics parameters and reads SQL placeholders', () => {
    const analytics: TileSource = { kind: 'analytics', endpoint: 'stats', params: { scope: 'all' } };
    expect(withBinding(analytics, { id: 'period', type: 'date_range' }, 'from')).toEqual({
      kind: 'analytics',
      endpoint: 'stats',
      params: { scope: 'all', from: '{{period_from}}', to: '{{period_to}}' },
    });
    const sql = tile({ kind: 'sql', datasource_id: 'strapi', query: 'SELECT {{ period_to }}' });
    expect(bindingOf(sql, { id: 'period', type: 'date_range' })).toBe('sql');
    expect(bindingOf(sql, { id: 'region', type: 'values' })).toBe('');
  });

  it('names the tiles a filter reaches: SQL naming its parameters, tiles bound to it', () => {
    const named = (id: string, title: string, source: TileSource) =>
      ({ id, title, source }) as unknown as Tile;
    const tiles = [
      named('a', 'Leads per week', {
        kind: 'sql',
        datasource_id: 'strapi',
        query: 'SELECT 1 WHERE day >= {{ period_from }}',
      }),
      named('b', 'Pipeline by stage', {
        kind: 'sql',
        datasource_id: 'strapi',
        query: 'SELECT {{period_to}}',
      }),
      named('c', 'Other SQL', {
        kind: 'sql',
        datasource_id: 'strapi',
        query: 'SELECT {{period}}, {{periods_to}}',
      }),
      named('d', 'Leads count', { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } }),
      named('e', 'Notes', { kind: 'none' } as unknown as TileSource),
    ];
    const draft = {
      key: 'period',
      id: 'period',
      saved: true,
      label: 'Period',
      type: 'date_range' as const,
      options: '',
      default: '',
      bindings: {} as Record<string, string>,
    };
    expect(tilesUsing(tiles, draft).map((found) => found.title)).toEqual([
      'Leads per week',
      'Pipeline by stage',
    ]);
    expect(
      tilesUsing(tiles, { ...draft, bindings: { d: 'qualified_at', e: '' } }).map((found) => found.title)
    ).toEqual(['Leads per week', 'Pipeline by stage', 'Leads count']);
    // a value list `period` is `{{period}}` itself
    expect(tilesUsing(tiles, { ...draft, type: 'values' }).map((found) => found.title)).toEqual([
      'Other SQL',
    ]);
    // a new filter without a valid parameter name reaches nothing yet
    expect(tilesUsing(tiles, { ...draft, id: '' })).toEqual([]);
  });

  it('stores options typed as `value = label` lines and a default only among them', () => {
    expect(parseOptions('EU\nUS = United States\n\n')).toEqual([
      'EU',
      { value: 'US', label: 'United States' },
    ]);
    const form: SettingsForm = {
      name: ' Board ',
      description: '',
      columns: 12,
      theme: 'light',
      refresh: null,
      filters: [
        {
          key: 'a',
          id: 'region',
          saved: false,
          label: 'Region',
          type: 'values',
          options: 'EU',
          default: 'US',
          bindings: {},
        },
      ],
    };
    expect(settingsBody(form)).toEqual({
      name: 'Board',
      description: null,
      layout: { columns: 12 },
      settings: { theme: 'light', auto_refresh: false, refresh_interval_seconds: null },
      filters: [{ id: 'region', type: 'values', label: 'Region', options: ['EU'] }],
    });
  });
});

describe('value list options loaded from a source', () => {
  it('runs a content-type field or a SQL query as an unsaved table tile', () => {
    expect(optionsPreviewBody({ kind: 'content-type', uid: 'api::lead.lead', field: 'source' })).toEqual({
      title: 'source',
      tile_type: 'table',
      chart_type: null,
      chart_config: {},
      source: {
        kind: 'content-type',
        uid: 'api::lead.lead',
        measure: { fn: 'count' },
        group_by: 'source',
        limit: 500,
      },
    });
    expect(
      optionsPreviewBody({ kind: 'sql', datasource_id: 'strapi', query: 'SELECT source FROM leads' }).source
    ).toEqual({ kind: 'sql', datasource_id: 'strapi', query: 'SELECT source FROM leads' });
  });

  it('takes the first column’s distinct non-empty values, in order', () => {
    expect(
      firstColumnValues({
        columns: ['source', 'n'],
        rows: [
          { source: 'website', n: 3 },
          { source: '', n: 1 },
          { source: null, n: 1 },
          { source: '  ', n: 1 },
          { source: 'referral', n: 2 },
          { source: 'website', n: 9 },
          { source: 42, n: 1 },
        ],
      })
    ).toEqual(['website', 'referral', '42']);
    expect(firstColumnValues({ columns: [], rows: [] })).toEqual([]);
  });
});
