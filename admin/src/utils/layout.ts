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

const collides = (a: GridItem, b: GridItem) =>
  a.i !== b.i && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * The items moved up as far as they go, as react-grid-layout's `compactType="vertical"` does (and
 * Metabase and Grafana): row by row, each item rises until it meets one already placed, so no
 * layout keeps an empty row above a tile. The grid shows this layout; it is the one saved.
 */
export function compactVertically(items: readonly GridItem[]): GridItem[] {
  const sorted = normalizeGridItems(items).sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: GridItem[] = [];
  for (const item of sorted) {
    const moved = { ...item };
    while (moved.y > 0 && !placed.some((other) => collides({ ...moved, y: moved.y - 1 }, other)))
      moved.y -= 1;
    let blocker = placed.find((other) => collides(moved, other));
    while (blocker) {
      moved.y = blocker.y + blocker.h;
      blocker = placed.find((other) => collides(moved, other));
    }
    placed.push(moved);
  }
  const byId = new Map(placed.map((item) => [item.i, item]));
  return items.map((item) => byId.get(item.i)!);
}

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

/** A tile's box on the grid, in the server's terms. */
export interface GridBox {
  grid_x: number;
  grid_y: number;
  grid_w: number;
  grid_h: number;
}

const overlaps = (a: GridBox, b: GridBox) =>
  a.grid_x < b.grid_x + b.grid_w &&
  b.grid_x < a.grid_x + a.grid_w &&
  a.grid_y < b.grid_y + b.grid_h &&
  b.grid_y < a.grid_y + a.grid_h;

/**
 * Where a tile of `size` goes when nothing says where: the first free slot, row by row then column
 * by column, as the server places a new tile (server/dashboards/layout.ts `firstFreePosition`);
 * below every tile when no row has room. A tile wider than the grid is cut to its width.
 */
export function firstFreeSlot(
  taken: readonly GridBox[],
  size: { grid_w: number; grid_h: number },
  columns: number
): GridBox {
  const width = Math.min(size.grid_w, columns);
  const bottom = taken.reduce((max, box) => Math.max(max, box.grid_y + box.grid_h), 0);
  for (let y = 0; y <= bottom; y += 1) {
    for (let x = 0; x + width <= columns; x += 1) {
      const candidate = { grid_x: x, grid_y: y, grid_w: width, grid_h: size.grid_h };
      if (!taken.some((box) => overlaps(candidate, box))) return candidate;
    }
  }
  return { grid_x: 0, grid_y: bottom, grid_w: width, grid_h: size.grid_h };
}

/**
 * Where a duplicate of `original` goes: right beside it when that room is free, else right below it
 * when free, else the first free slot of the grid. It keeps the original's size.
 */
export function duplicateSlot(original: GridBox, taken: readonly GridBox[], columns: number): GridBox {
  const size = { grid_w: Math.min(original.grid_w, columns), grid_h: original.grid_h };
  const candidates = [
    { ...size, grid_x: original.grid_x + original.grid_w, grid_y: original.grid_y },
    { ...size, grid_x: original.grid_x, grid_y: original.grid_y + original.grid_h },
  ];
  const free = candidates.find(
    (box) => box.grid_x + box.grid_w <= columns && !taken.some((other) => overlaps(box, other))
  );
  return free ?? firstFreeSlot(taken, size, columns);
}
