import type { Tile } from '../../../contracts/dashboards';

/** A tile's place on the grid, in react-grid-layout's terms (`i` is the tile id). */
export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The body of PUT /dashboards/dashboards/:id/tiles/layout (server/dashboards/validation.ts). */
export interface LayoutUpdateBody {
  layouts: { tile_id: string; grid_x: number; grid_y: number; grid_w: number; grid_h: number }[];
}

export const gridItemsOf = (tiles: Tile[]): GridItem[] =>
  tiles.map((tile) => ({ i: tile.id, x: tile.grid_x, y: tile.grid_y, w: tile.grid_w, h: tile.grid_h }));

/** Only what the grid needs: react-grid-layout adds flags (`moved`, `static` …) of its own. */
export const normalizeGridItems = (items: readonly GridItem[]): GridItem[] =>
  items.map(({ i, x, y, w, h }) => ({ i, x, y, w, h }));

/**
 * The positions that differ from `saved`, as the bulk layout route takes them (tiles not named
 * keep their place); null when nothing moved.
 */
export function layoutChanges(
  saved: readonly GridItem[],
  edited: readonly GridItem[]
): LayoutUpdateBody | null {
  const before = new Map(saved.map((item) => [item.i, item]));
  const layouts = edited
    .filter((item) => {
      const previous = before.get(item.i);
      return (
        !previous ||
        previous.x !== item.x ||
        previous.y !== item.y ||
        previous.w !== item.w ||
        previous.h !== item.h
      );
    })
    .map((item) => ({ tile_id: item.i, grid_x: item.x, grid_y: item.y, grid_w: item.w, grid_h: item.h }));
  return layouts.length > 0 ? { layouts } : null;
}
