import type { RevisionChange, RevisionContent, RevisionTileField } from '../../contracts/revisions';
import { sameJson } from '../../contracts/same-json';

type ContentTile = RevisionContent['tiles'][number];

const SECTIONS = ['description', 'tags', 'filters', 'settings', 'layout', 'embed'] as const;

function tileFields(before: ContentTile, after: ContentTile): RevisionTileField[] {
  const fields: RevisionTileField[] = [];
  if (before.title !== after.title) fields.push('title');
  if (before.tile_type !== after.tile_type || (before.chart_type ?? null) !== (after.chart_type ?? null))
    fields.push('type');
  if (!sameJson(before.source, after.source)) fields.push('source');
  if (!sameJson(before.chart_config, after.chart_config)) fields.push('chart');
  return fields;
}

const moved = (before: ContentTile, after: ContentTile) =>
  before.grid_x !== after.grid_x ||
  before.grid_y !== after.grid_y ||
  before.grid_w !== after.grid_w ||
  before.grid_h !== after.grid_h;

/** What changed from one saved state of a dashboard to the next (nothing to say of the first). */
export function describeChanges(before: RevisionContent | null, after: RevisionContent): RevisionChange[] {
  if (!before) return [];
  const changes: RevisionChange[] = [];
  if (before.name !== after.name) changes.push({ type: 'renamed', from: before.name, to: after.name });
  for (const section of SECTIONS) {
    if (!sameJson(before[section] ?? null, after[section] ?? null)) changes.push({ type: section });
  }
  const earlier = new Map(before.tiles.map((tile) => [tile.id, tile]));
  const later = new Set(after.tiles.map((tile) => tile.id));
  let movedCount = 0;
  for (const tile of after.tiles) {
    const previous = earlier.get(tile.id);
    if (!previous) {
      changes.push({ type: 'tile_added', title: tile.title });
      continue;
    }
    const fields = tileFields(previous, tile);
    if (fields.length) changes.push({ type: 'tile_changed', title: tile.title, fields });
    if (moved(previous, tile)) movedCount += 1;
  }
  for (const tile of before.tiles) {
    if (!later.has(tile.id)) changes.push({ type: 'tile_removed', title: tile.title });
  }
  if (movedCount) changes.push({ type: 'tiles_moved', count: movedCount });
  return changes;
}

const FIELD_WORDS: Record<RevisionTileField, string> = {
  title: 'title',
  type: 'type',
  source: 'data source',
  chart: 'chart settings',
};

const quote = (text: string) => `“${text}”`;

function sentence(change: RevisionChange): string {
  switch (change.type) {
    case 'created':
      return 'Created the dashboard';
    case 'first_kept':
      return 'Saved (the first revision kept of this dashboard)';
    case 'restored':
      return `Restored revision ${change.number}`;
    case 'renamed':
      return `Renamed ${quote(change.from)} to ${quote(change.to)}`;
    case 'tile_added':
      return `Added tile ${quote(change.title)}`;
    case 'tile_removed':
      return `Removed tile ${quote(change.title)}`;
    case 'tile_changed':
      return `Changed the ${change.fields.map((field) => FIELD_WORDS[field]).join(', ')} of tile ${quote(change.title)}`;
    case 'tiles_moved':
      return change.count === 1 ? 'Moved or resized 1 tile' : `Moved or resized ${change.count} tiles`;
    default:
      return `Changed the ${change.type}`;
  }
}

/** The changes in English words, one sentence each. */
export const summarize = (changes: RevisionChange[]) =>
  changes.length ? changes.map(sentence).join('; ') : 'No change';
