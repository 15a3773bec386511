/** Grid rules of a dashboard: every tile inside the columns, sizes ≥ 1, no two tiles overlapping. */

export const MAX_COLUMNS = 24;
export const MAX_ROWS = 1000;
export const DEFAULT_LAYOUT = { columns: 12, rowHeight: 80, gap: 16 };

export interface GridBox {
  /** How the tile is named in an error: its id, or the widget id the request gave. */
  ref: { tile_id?: string; widget_id?: string; index?: number };
  grid_x: number;
  grid_y: number;
  grid_w: number;
  grid_h: number;
}

export interface LayoutViolation {
  ref: GridBox['ref'];
  reason: 'out_of_grid' | 'overlap';
  message: string;
  other?: GridBox['ref'];
}

const label = (ref: GridBox['ref']) =>
  ref.widget_id ?? ref.tile_id ?? (ref.index !== undefined ? `tiles[${ref.index}]` : 'tile');

export const overlaps = (a: Omit<GridBox, 'ref'>, b: Omit<GridBox, 'ref'>) =>
  a.grid_x < b.grid_x + b.grid_w &&
  b.grid_x < a.grid_x + a.grid_w &&
  a.grid_y < b.grid_y + b.grid_h &&
  b.grid_y < a.grid_y + a.grid_h;

/** The first rule a set of tiles breaks on a grid of `columns`, or null when the layout is valid. */
export function findLayoutViolation(boxes: GridBox[], columns: number): LayoutViolation | null {
  for (const box of boxes) {
    if (box.grid_x + box.grid_w > columns) {
      return {
        ref: box.ref,
        reason: 'out_of_grid',
        message: `Invalid widget position: ${label(box.ref)} ends at column ${box.grid_x + box.grid_w}, past the grid's ${columns} columns`,
      };
    }
    if (box.grid_y + box.grid_h > MAX_ROWS) {
      return {
        ref: box.ref,
        reason: 'out_of_grid',
        message: `Invalid widget position: ${label(box.ref)} ends at row ${box.grid_y + box.grid_h}, past row ${MAX_ROWS}`,
      };
    }
  }
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = 0; j < i; j += 1) {
      if (overlaps(boxes[i], boxes[j])) {
        return {
          ref: boxes[i].ref,
          other: boxes[j].ref,
          reason: 'overlap',
          message: `Invalid widget position: overlapping widgets (${label(boxes[i].ref)} overlaps ${label(boxes[j].ref)})`,
        };
      }
    }
  }
  return null;
}

/** The top-most, then left-most free position for a tile of size w × h among `taken` tiles. */
export function firstFreePosition(
  taken: Omit<GridBox, 'ref'>[],
  size: { grid_w: number; grid_h: number },
  columns: number
): { grid_x: number; grid_y: number } {
  const width = Math.min(size.grid_w, columns);
  const bottom = taken.reduce((max, box) => Math.max(max, box.grid_y + box.grid_h), 0);
  for (let y = 0; y <= bottom; y += 1) {
    for (let x = 0; x + width <= columns; x += 1) {
      const candidate = { grid_x: x, grid_y: y, grid_w: width, grid_h: size.grid_h };
      if (!taken.some((box) => overlaps(candidate, box))) return { grid_x: x, grid_y: y };
    }
  }
  return { grid_x: 0, grid_y: bottom };
}
