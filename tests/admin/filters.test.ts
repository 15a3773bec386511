import {
  dayOf,
  filterDefinitions,
  isoDay,
  paramNamesOf,
  presetOf,
  presetRange,
  shownValue,
  withRange,
} from '../../admin/src/components/filters/presets';
import { autoRefreshDelay } from '../../admin/src/components/filters/refresh';

/** The filters bar's pure logic: filter definitions, date presets → from/to, the auto-refresh delay. */
const today = new Date(Date.UTC(2026, 4, 14, 12)); // Thursday 14 May 2026, noon UTC

describe('date presets', () => {
  it('gives each preset its inclusive from/to days on the UTC calendar', () => {
    expect(presetRange('last7', today)).toEqual({ from: '2026-05-08', to: '2026-05-14' });
    expect(presetRange('last30', today)).toEqual({ from: '2026-04-15', to: '2026-05-14' });
    expect(presetRange('last90', today)).toEqual({ from: '2026-02-14', to: '2026-05-14' });
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-05-01', to: '2026-05-14' });
    expect(presetRange('lastMonth', today)).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(presetRange('thisQuarter', today)).toEqual({ from: '2026-04-01', to: '2026-05-14' });
    expect(presetRange('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-05-14' });
    expect(presetRange('lastYear', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('crosses month and year ends', () => {
    const newYear = new Date(Date.UTC(2026, 0, 3));
    expect(presetRange('last7', newYear)).toEqual({ from: '2025-12-28', to: '2026-01-03' });
    expect(presetRange('lastMonth', newYear)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('thisQuarter', new Date(Date.UTC(2026, 11, 31)))).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(presetRange('lastMonth', new Date(Date.UTC(2024, 2, 31)))).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
  });

  it('tells which preset a range is', () => {
    expect(presetOf({ from: '2026-05-08', to: '2026-05-14' }, today)).toBe('last7');
    expect(presetOf({ from: '2026-04-01', to: '2026-04-30' }, today)).toBe('lastMonth');
    expect(presetOf({ from: '2026-04-01T00:00:00Z', to: '2026-04-30' }, today)).toBe('lastMonth');
    expect(presetOf({ from: '2026-04-02', to: '2026-04-30' }, today)).toBe('custom');
    expect(presetOf({ from: '', to: '2026-04-30' }, today)).toBe('custom');
    expect(presetOf({ from: '', to: '' }, today)).toBe('');
  });

  it('reads and writes days as YYYY-MM-DD', () => {
    expect(isoDay(new Date(2026, 1, 3))).toBe('2026-02-03');
    expect(dayOf('2026-02-03')).toEqual(new Date(Date.UTC(2026, 1, 3)));
    expect(dayOf('2026-02-03T10:00:00Z')).toEqual(new Date(Date.UTC(2026, 1, 3)));
    expect(dayOf('')).toBeUndefined();
    expect(dayOf('soon')).toBeUndefined();
    expect(withRange({ scope: 'team' }, 'period', { from: '2026-01-01', to: '' })).toEqual({
      scope: 'team',
      period_from: '2026-01-01',
      period_to: '',
    });
  });
});

describe('filter definitions', () => {
  const filters = filterDefinitions([
    {
      id: 'scope',
      type: 'values',
      label: 'Scope',
      options: ['own', 'all', 3, { no: 1 }, { value: 7, label: 'Sales' }],
      default: 'all',
    },
    { id: 'period', type: 'date_range', label: 'Period', default: ['2026-01-01', '2026-01-31'] },
    { id: 'q', type: 'text' },
    { id: 'bad', type: 'slider', label: 'Bad' },
    null,
    'scope',
  ]);

  it('keeps the well-formed filters, a missing label being the id', () => {
    expect(filters).toEqual([
      {
        id: 'scope',
        type: 'values',
        label: 'Scope',
        options: [
          { value: 'own', label: 'own' },
          { value: 'all', label: 'all' },
          { value: '3', label: '3' },
          { value: '7', label: 'Sales' },
        ],
        default: 'all',
      },
      {
        id: 'period',
        type: 'date_range',
        label: 'Period',
        options: undefined,
        default: ['2026-01-01', '2026-01-31'],
      },
      { id: 'q', type: 'text', label: 'q', options: undefined, default: undefined },
    ]);
    expect(filterDefinitions(undefined)).toEqual([]);
    expect(filters.map(paramNamesOf)).toEqual([['scope'], ['period_from', 'period_to'], ['q']]);
  });

  it('shows the chosen value, else the default the server applies, else nothing', () => {
    const [scope, period, q] = filters;
    expect(shownValue(scope, {}, 'scope')).toBe('all');
    expect(shownValue(scope, { scope: 'own' }, 'scope')).toBe('own');
    expect(shownValue(scope, { scope: '' }, 'scope')).toBe('all');
    expect(shownValue(period, {}, 'period_from')).toBe('2026-01-01');
    expect(shownValue(period, { period_to: '2026-02-28' }, 'period_to')).toBe('2026-02-28');
    expect(shownValue(q, {}, 'q')).toBe('');
  });
});

describe('auto-refresh', () => {
  it('ticks every refresh_interval_seconds only while auto_refresh is on', () => {
    expect(autoRefreshDelay({ auto_refresh: true, refresh_interval_seconds: 30, theme: 'light' })).toBe(
      30_000
    );
    expect(autoRefreshDelay({ auto_refresh: false, refresh_interval_seconds: 30 })).toBeNull();
    expect(autoRefreshDelay({ auto_refresh: true, refresh_interval_seconds: null })).toBeNull();
    expect(autoRefreshDelay({ auto_refresh: true, refresh_interval_seconds: 0 })).toBeNull();
    expect(autoRefreshDelay(null)).toBeNull();
  });
});
