/// <reference lib="dom" />
import fs from 'fs';
import type { BrowserContext, Page } from 'playwright-core';
import {
  BAR_AND_KPI_TILES,
  callApi,
  drawnGridTiles,
  screenshot,
  type RunningPlayground,
  adminSession,
} from './helpers/playground';
import { drawnTiles } from './helpers/tiles';
import { COLUMNS, GAP, ROW_HEIGHT } from './helpers/grid';

/**
 * Full screen (kiosk) mode and PNG downloads in the admin (issue 19): F shows only the tiles over
 * the menu and header with a countdown that refreshes them at zero (the page's clock is Playwright's
 * fake one), Escape leaves; a tile and the whole dashboard download as PNGs of their size on the page.
 */
let playground: RunningPlayground;
let context: BrowserContext;
let auth: Record<string, string>;
let dashboardId: string;

const NAME = 'Kiosk & PNG board';

let session: Awaited<ReturnType<typeof adminSession>>;

beforeAll(async () => {
  session = await adminSession(Number(process.env.KIOSK_TEST_PORT ?? 1450));
  ({ playground, context, auth } = session);
  const created = await callApi(
    playground,
    'POST',
    '/dashboards/dashboards',
    {
      name: NAME,
      layout: { columns: COLUMNS, rowHeight: ROW_HEIGHT, gap: GAP },
      settings: { refresh_interval_seconds: 60 },
      tiles: BAR_AND_KPI_TILES,
    },
    auth
  );
  expect(created.status).toBe(201);
  dashboardId = created.body.id;
});

afterAll(async () => {
  await session?.close();
});

async function openDashboard(page: Page) {
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await drawnGridTiles(page, 2);
}

/** Whether what the page shows at (x, y) belongs to the full-screen frame. */
const frameCovers = (page: Page, x: number, y: number) =>
  page.evaluate(
    ([px, py]) => Boolean(document.elementFromPoint(px, py)?.closest('[data-kiosk="true"]')),
    [x, y]
  );

it('enters full screen with F, counts down to a refresh of every tile, and leaves with Escape', async () => {
  // Playwright's fake clock holds a whole browser context: this test has one of its own, logged in too
  const clocked = await session.browser.newContext({
    viewport: { width: 1440, height: 1000 },
    storageState: await context.storageState(),
  });
  const page = await clocked.newPage();
  await page.clock.install();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboard(page);
  const header = (await page.locator('h1', { hasText: NAME }).boundingBox())!;
  const menu = (await page.locator('nav a[href="/admin/plugins/dashboards"]').boundingBox())!;
  expect(await frameCovers(page, header.x + 5, header.y + 5)).toBe(false);

  // the page's clock stands still from here: the countdown moves only when the test says
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
  await page.keyboard.press('f');
  await page.locator('[data-kiosk="true"] [data-testid="kiosk-bar"]').waitFor();
  // the admin's menu and the page's header are under the frame: only the tiles and the bar show
  expect(await frameCovers(page, menu.x + menu.width / 2, menu.y + menu.height / 2)).toBe(true);
  expect(await frameCovers(page, header.x + 5, header.y + 5)).toBe(true);
  await expect(page.locator('[data-kiosk="true"] [data-tile-id]').count()).resolves.toBe(2);
  const countdownShows = (text: string) =>
    page.waitForFunction(
      (expected) => document.querySelector('[data-testid="kiosk-countdown"]')?.textContent === expected,
      `Next refresh in ${text}`
    );
  await countdownShows('1:00');
  await page.clock.runFor(10_000);
  await countdownShows('0:50');
  await screenshot(page, 'kiosk-1-full-screen');

  // at zero every tile asks for its data again, and the count starts over
  const refreshed = page.waitForResponse((response) =>
    new RegExp(`/dashboards/dashboards/${dashboardId}/(tiles/[^/]+/)?data`).test(response.url())
  );
  await page.clock.runFor(50_000);
  await countdownShows('1:00');
  // the requests the refresh started wait on timers of their own: time flows again for them
  await page.clock.resume();
  expect((await refreshed).status()).toBe(200);

  await page.keyboard.press('Escape');
  await page.locator('[data-kiosk="false"]').waitFor();
  await expect(page.locator('[data-testid="kiosk-bar"]').count()).resolves.toBe(0);
  expect(await frameCovers(page, header.x + 5, header.y + 5)).toBe(false);

  // the button does what F does
  await page.getByRole('button', { name: 'Full screen (F)' }).click();
  await page.locator('[data-kiosk="true"]').waitFor();
  await page.getByRole('button', { name: 'Exit full screen (Esc)' }).click();
  await page.locator('[data-kiosk="false"]').waitFor();
  expect(errors).toEqual([]);
  await clocked.close();
});

/** The width and height a PNG file says it has (its IHDR chunk). */
function pngSize(file: Buffer) {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20) };
}

/** How many different colours the image has (decoded by the browser itself). */
const coloursOf = (page: Page, file: Buffer) =>
  page.evaluate(
    async (dataUrl) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context2d = canvas.getContext('2d')!;
      context2d.drawImage(image, 0, 0);
      const pixels = context2d.getImageData(0, 0, image.width, image.height).data;
      const seen = new Set<number>();
      for (let index = 0; index < pixels.length; index += 4 * 7) {
        seen.add((pixels[index] << 16) | (pixels[index + 1] << 8) | pixels[index + 2]);
      }
      return seen.size;
    },
    `data:image/png;base64,${file.toString('base64')}`
  );

const today = () => {
  const date = new Date();
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

it('downloads a tile and the whole dashboard as PNGs of their size on the page, named after title and day', async () => {
  const page = await context.newPage();

  await openDashboard(page);
  const kpiCard = page.locator('[data-tile-id]', { has: page.locator('h2', { hasText: /^KPI$/ }) });
  const kpiBox = (await kpiCard.boundingBox())!;

  await page.getByRole('button', { name: 'Tile actions for KPI' }).click();
  const tileDownload = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Download PNG' }).click();
  const tileFile = await tileDownload;
  expect(tileFile.suggestedFilename()).toBe(`kpi-${today()}.png`);
  const tilePng = fs.readFileSync((await tileFile.path())!);
  expect(pngSize(tilePng)).toEqual({ width: Math.round(kpiBox.width), height: Math.round(kpiBox.height) });
  expect(await coloursOf(page, tilePng)).toBeGreaterThan(3);

  const grid = (await page.locator('[data-testid="dashboard-grid"]').boundingBox())!;
  const boardDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PNG' }).click();
  const boardFile = await boardDownload;
  expect(boardFile.suggestedFilename()).toBe(`kiosk-png-board-${today()}.png`);
  const boardPng = fs.readFileSync((await boardFile.path())!);
  expect(pngSize(boardPng)).toEqual({ width: Math.round(grid.width), height: Math.round(grid.height) });
  // a bar chart, a KPI and their titles: many colours, not a blank picture
  expect(await coloursOf(page, boardPng)).toBeGreaterThan(10);
  fs.writeFileSync('test-output/browser/png-dashboard.png', boardPng);
  fs.writeFileSync('test-output/browser/png-tile.png', tilePng);
  await page.close();
});

it('offers PNGs on the public viewer only when the share link allows downloads', async () => {
  const shareLink = async (access_level: string) => {
    const created = await callApi(
      playground,
      'POST',
      `/dashboards/dashboards/${dashboardId}/share`,
      { access_level },
      auth
    );
    expect(created.status).toBe(200);
    return created.body.share_url as string;
  };
  const page = await context.newPage();
  const open = async (url: string) => {
    await page.goto(url);
    await drawnTiles(page, { count: 2, allDrawn: true, timeout: 30_000 });
  };

  await open(await shareLink('view'));
  expect(await page.locator('.dv-png').count()).toBe(0);

  await open(await shareLink('download'));
  const kpiCard = page.locator('.dv-tile', { has: page.locator('h2', { hasText: /^KPI$/ }) });
  const box = (await kpiCard.boundingBox())!;
  const tileDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download “KPI” as PNG' }).click();
  const tileFile = await tileDownload;
  expect(tileFile.suggestedFilename()).toBe(`kpi-${today()}.png`);
  const tilePng = fs.readFileSync((await tileFile.path())!);
  expect(pngSize(tilePng)).toEqual({ width: Math.round(box.width), height: Math.round(box.height) });
  expect(await coloursOf(page, tilePng)).toBeGreaterThan(3);

  const grid = (await page.locator('.dv-grid').boundingBox())!;
  const boardDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PNG', exact: true }).click();
  const boardPng = fs.readFileSync((await (await boardDownload).path())!);
  expect(pngSize(boardPng)).toEqual({ width: Math.round(grid.width), height: Math.round(grid.height) });
  expect(await coloursOf(page, boardPng)).toBeGreaterThan(10);
  await screenshot(page, 'png-viewer-download');
  await page.close();
});
