import { stableJson } from '../../../contracts/same-json';
import type { Tile } from '../../../contracts/dashboards';

/**
 * What a tile's result is computed from: its kinds, its source and its options (not its title or
 * place). Tiles with the same key have the same result (a duplicated tile before it is changed).
 */
const resultKey = (tile: Tile) =>
  stableJson([tile.tile_type, tile.chart_type ?? null, tile.source ?? null, tile.chart_config ?? null]);

/**
 * The tile each tile's data is asked for: the first of the tiles whose result is the same, so that
 * identical tiles make one request (as GET /:id/data runs identical queries once). Text tiles
 * compute nothing and are left out.
 */
export function dataTileIds(tiles: Tile[]): Map<string, string> {
  const first = new Map<string, string>();
  const asked = new Map<string, string>();
  for (const tile of tiles) {
    if (tile.tile_type === 'text') continue;
    const key = resultKey(tile);
    if (!first.has(key)) first.set(key, tile.id);
    asked.set(tile.id, first.get(key)!);
  }
  return asked;
}
