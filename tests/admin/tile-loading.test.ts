import type { Tile } from '../../contracts/dashboards';
import { concurrencyLimit } from '../../admin/src/utils/concurrency';
import { dataTileIds } from '../../admin/src/utils/tileData';
import { timeAgo } from '../../admin/src/utils/timeAgo';

/** The dashboard page's tile loading: the age of a result, the bounded requests, identical tiles asked once. */
describe('timeAgo', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const before = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it('writes a result of the last seconds as now, in the reader’s language', () => {
    expect(timeAgo(before(0), now, 'en')).toBe('now');
    expect(timeAgo(before(44), now, 'en')).toBe('now');
    expect(timeAgo(before(10), now, 'fr')).toBe('maintenant');
  });

  it('counts whole units of the largest unit the age holds', () => {
    expect(timeAgo(before(50), now, 'en')).toBe('50 seconds ago');
    expect(timeAgo(before(60), now, 'en')).toBe('1 minute ago');
    expect(timeAgo(before(2 * 60 + 59), now, 'en')).toBe('2 minutes ago');
    expect(timeAgo(before(59 * 60 + 59), now, 'en')).toBe('59 minutes ago');
    expect(timeAgo(before(3 * 3600), now, 'en')).toBe('3 hours ago');
    expect(timeAgo(before(26 * 3600), now, 'en')).toBe('yesterday');
    expect(timeAgo(before(2 * 60), now, 'fr')).toBe('il y a 2 minutes');
    expect(timeAgo(before(3600), now, 'fr')).toBe('il y a 1 heure');
  });

  it('reads a time after now (a server clock ahead of the browser’s) as now', () => {
    expect(timeAgo(new Date(now.getTime() + 90_000), now, 'en')).toBe('now');
  });
});

describe('concurrencyLimit', () => {
  /** A task that runs until its `finish` is called; `started` lists the tasks begun. */
  function tasks(count: number) {
    const started: number[] = [];
    const finishers: (() => void)[] = [];
    const run = (index: number) => () =>
      new Promise<number>((resolve) => {
        started.push(index);
        finishers[index] = () => resolve(index);
      });
    return { started, finish: (index: number) => finishers[index](), run, count };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most `max` tasks at once, the others in the order given as slots free up', async () => {
    const limit = concurrencyLimit(2);
    const { started, finish, run } = tasks(5);
    const results = [0, 1, 2, 3, 4].map((index) => limit(run(index)));
    await settle();
    expect(started).toEqual([0, 1]);
    finish(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    finish(0);
    finish(2);
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish(3);
    finish(4);
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4]);
  });

  it('tells each task whether it had to wait for its turn', async () => {
    const limit = concurrencyLimit(1);
    let release!: () => void;
    const first = limit(async (waited) => {
      await new Promise<void>((resolve) => (release = resolve));
      return waited;
    });
    const second = limit(async (waited) => waited);
    release();
    await expect(Promise.all([first, second])).resolves.toEqual([false, true]);
  });

  it('frees the slot of a task that fails, and hands its error to its caller', async () => {
    const limit = concurrencyLimit(1);
    const failed = limit(() => Promise.reject(new Error('no')));
    const next = limit(() => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('no');
    await expect(next).resolves.toBe('next');
    // the slot is free again: a task given now starts at once
    let began = false;
    const later = limit(async () => {
      began = true;
    });
    expect(began).toBe(true);
    await later;
  });
});

describe('dataTileIds', () => {
  const tile = (id: string, overrides: Partial<Tile> = {}): Tile =>
    ({
      id,
      title: id,
      tile_type: 'chart',
      chart_type: 'bar',
      source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT 1 AS n' },
      chart_config: { x_axis: 'n', y_axis: 'v' },
      grid_x: 0,
      grid_y: 0,
      grid_w: 6,
      grid_h: 4,
      ...overrides,
    }) as Tile;

  it('asks for each tile’s own data, and once for tiles whose result is the same', () => {
    const asked = dataTileIds([
      tile('a'),
      // a copy: another title and place, the same source and options (keys in another order)
      tile('copy', { title: 'Copy', grid_y: 4, chart_config: { y_axis: 'v', x_axis: 'n' } }),
      tile('line', { chart_type: 'line' }),
      tile('other-query', { source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT 2 AS n' } }),
      tile('other-options', { chart_config: { x_axis: 'n', y_axis: 'v', stacked: true } }),
    ]);
    expect(Object.fromEntries(asked)).toEqual({
      a: 'a',
      copy: 'a',
      line: 'line',
      'other-query': 'other-query',
      'other-options': 'other-options',
    });
  });

  it('leaves text tiles out: they compute nothing', () => {
    const asked = dataTileIds([
      tile('t', { tile_type: 'text', source: { kind: 'none' } as Tile['source'] }),
      tile('a'),
    ]);
    expect([...asked.keys()]).toEqual(['a']);
  });
});
