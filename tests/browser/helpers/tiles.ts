import type { Frame, Page } from 'playwright-core';

export interface DrawnTile {
  id: string;
  title: string;
  state: string | undefined;
  text: string;
  /** Non-transparent pixels of the tile's canvas, and all of its pixels (both 0 without a canvas). */
  painted: number;
  pixels: number;
}

export interface TileQuery {
  /** How many tiles to wait for. */
  count: number;
  /** The element each tile is: `.dv-tile` on the public pages, the grid's cards in the admin. */
  tile?: string;
  timeout?: number;
  /** Wait until every tile is drawn, not merely done (drawn, empty or failed). */
  allDrawn?: boolean;
}

/** The admin grid's tile cards. */
export const GRID_TILE = '[data-testid="dashboard-grid"] [data-tile-id]';

/**
 * Waits until `count` tiles have left the rendering state (each drawn, empty or failed), then
 * reads each: its id, title, state, text and how much of its canvas is painted.
 */
export async function drawnTiles(
  target: Page | Frame,
  { count, tile = '.dv-tile', timeout = 60_000, allDrawn = false }: TileQuery
): Promise<DrawnTile[]> {
  await target.waitForFunction(
    ({ selector, expected, drawn }) => {
      const states = [...document.querySelectorAll(selector)].map(
        (element) => element.querySelector<HTMLElement>('.dv-tile-body')?.dataset.tileState
      );
      return (
        states.length === expected &&
        states.every((state) => (drawn ? state === 'drawn' : state && state !== 'rendering'))
      );
    },
    { selector: tile, expected: count, drawn: allDrawn },
    { timeout }
  );
  return target.$$eval(tile, (elements) =>
    elements.map((element) => {
      const canvas = element.querySelector('canvas');
      let painted = 0;
      if (canvas) {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        for (let index = 3; index < data.length; index += 4) if (data[index] > 0) painted += 1;
      }
      const body = element.querySelector<HTMLElement>('.dv-tile-body');
      return {
        id: (element as HTMLElement).dataset.tileId ?? '',
        title: element.querySelector('.dv-tile-title, h2')?.textContent ?? '',
        state: body?.dataset.tileState,
        text: body?.textContent?.trim() ?? '',
        painted,
        pixels: canvas ? canvas.width * canvas.height : 0,
      };
    })
  );
}

/** The painted (non-transparent) pixels of the first canvas under `selector` (0 without one). */
export const paintedPixels = (target: Page | Frame, selector: string) =>
  target.$eval(selector, (root) => {
    const canvas = root.querySelector('canvas');
    if (!canvas) return 0;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let index = 3; index < data.length; index += 4) if (data[index] > 0) painted += 1;
    return painted;
  });
