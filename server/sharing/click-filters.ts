import { createHash } from 'node:crypto';
import { clickFilterOf } from '../../contracts/tile-shape';
import type { PublicClickFilter } from '../../contracts/sharing';
import type { SnapshotTileEntry } from '../../contracts/snapshots';
import { invalidField } from '../http/errors';
import type { DashboardRow, TileRow } from '../db/rows';

const text = (value: unknown) =>
  value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);

/**
 * The filters a click on the public viewer may set: those a tile's click filter names that hold
 * one value (a list of values or a text), as the admin's click to filter allows.
 */
export function publicClickFilters(dashboard: DashboardRow, tiles: TileRow[]): PublicClickFilter[] {
  const named = new Set(tiles.map((tile) => clickFilterOf(tile.chart_config)?.filter).filter(Boolean));
  return (dashboard.filters ?? [])
    .filter((filter) => filter.type !== 'date_range' && named.has(filter.id))
    .map((filter) => ({ id: filter.id, label: filter.label || filter.id }));
}

/** Whether the tile's source or chart settings name `{{param}}`: the tiles a click filter runs again. */
export function usesParam(tile: TileRow, param: string): boolean {
  const placeholder = new RegExp(`\\{\\{\\s*${param}\\s*\\}\\}`);
  return placeholder.test(JSON.stringify([tile.source ?? null, tile.chart_config ?? null]));
}

/** The tiles a click filter's value runs again (all of them without one). */
export const tilesRunBy = (tiles: TileRow[], params: Record<string, string> | undefined) =>
  params ? tiles.filter((tile) => Object.keys(params).some((name) => usesParam(tile, name))) : tiles;

/** What a snapshot of one click filter's value is found by. */
export const paramsKeyOf = (params: Record<string, string>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex');

/**
 * A public reader's click filter, checked against what the dashboard published: one filter a
 * click may set, to a value a click-filtering tile shows in the published figures (`published`,
 * its snapshot's entries). So a reader only ever asks for figures the dashboard offers a click to.
 * 400 naming the parameter otherwise.
 */
export function checkPublicClick(
  dashboard: DashboardRow,
  tiles: TileRow[],
  published: Record<string, SnapshotTileEntry>,
  params: Record<string, string>,
  locked: boolean
): { name: string; value: string } {
  const names = Object.keys(params);
  if (locked) throw invalidField(['params'], 'this embedded dashboard’s filters are read-only');
  if (names.length !== 1) throw invalidField(['params'], 'give one click filter at a time');
  const [name] = names;
  const value = params[name];
  if (!publicClickFilters(dashboard, tiles).some((filter) => filter.id === name))
    throw invalidField(['params', name], 'is not a filter a click sets on this dashboard');
  const shown = tiles.some((tile) => {
    const click = clickFilterOf(tile.chart_config);
    if (click?.filter !== name) return false;
    const rows = (published[tile.documentId]?.data as { rows?: Record<string, unknown>[] } | null)?.rows;
    return (rows ?? []).some((row) => text(row[click.field]) === value);
  });
  if (!shown) throw invalidField(['params', name], 'is not a value this dashboard shows');
  return { name, value };
}
