import { describeChanges, summarize } from '../../server/dashboards/revision-changes';
import type { RevisionContent } from '../../contracts/revisions';

const tile = (id: string, extra: Partial<RevisionContent['tiles'][number]> = {}) => ({
  id,
  title: `Tile ${id}`,
  tile_type: 'chart' as const,
  chart_type: 'bar' as const,
  source: { kind: 'none' as const },
  chart_config: {},
  grid_x: 0,
  grid_y: 0,
  grid_w: 4,
  grid_h: 3,
  ...extra,
});

const BASE: RevisionContent = {
  name: 'Board',
  description: null,
  tags: [],
  layout: { columns: 12, rowHeight: 80, gap: 16 },
  settings: { auto_refresh: false, refresh_interval_seconds: null, theme: 'light' },
  filters: [],
  embed: { allowed_domains: [] },
  tiles: [tile('a'), tile('b', { grid_x: 4 })],
};

it('says nothing of a first state and nothing of an unchanged one', () => {
  expect(describeChanges(null, BASE)).toEqual([]);
  expect(describeChanges(BASE, structuredClone(BASE))).toEqual([]);
  expect(summarize([])).toBe('No change');
});

it('names each section, each tile added, removed or changed, and counts the tiles moved', () => {
  const after: RevisionContent = {
    ...BASE,
    name: 'Board 2',
    tags: ['sales'],
    settings: { ...BASE.settings, theme: 'dark' },
    tiles: [
      tile('a', {
        grid_y: 3,
        chart_type: 'line',
        source: { kind: 'content', content_type: 'api::lead.lead' } as never,
      }),
      tile('c', { grid_x: 8 }),
    ],
  };
  const changes = describeChanges(BASE, after);
  expect(changes).toEqual([
    { type: 'renamed', from: 'Board', to: 'Board 2' },
    { type: 'tags' },
    { type: 'settings' },
    { type: 'tile_changed', title: 'Tile a', fields: ['type', 'source'] },
    { type: 'tile_added', title: 'Tile c' },
    { type: 'tile_removed', title: 'Tile b' },
    { type: 'tiles_moved', count: 1 },
  ]);
  expect(summarize([{ type: 'restored', number: 3 }, ...changes])).toBe(
    'Restored revision 3; Renamed “Board” to “Board 2”; Changed the tags; Changed the settings; ' +
      'Changed the type, data source of tile “Tile a”; Added tile “Tile c”; Removed tile “Tile b”; Moved or resized 1 tile'
  );
});
