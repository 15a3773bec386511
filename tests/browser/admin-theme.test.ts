/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import en from '../../admin/src/translations/en.json';
import fr from '../../admin/src/translations/fr.json';
import {
  adminAuthorization,
  launchChromium,
  logIn,
  screenshot,
  startSeededPlayground,
  dashboardNamed,
  type RunningPlayground,
} from './helpers/playground';
import { drawnTiles, GRID_TILE } from './helpers/tiles';

/**
 * Issue 17's "French and dark theme screenshots": the seeded CRM overview in the admin builder in
 * Strapi's dark theme (localStorage `STRAPI_THEME`, as @strapi/admin's reducer keeps it) and with
 * the admin in French (localStorage `strapi-admin-language`). Screenshots land in
 * test-output/browser/admin-dark.png and admin-fr.png.
 */
const PORT = Number(process.env.ADMIN_THEME_TEST_PORT ?? 1520);
const TILES = 18;

let playground: RunningPlayground;
let browser: Browser;
let overview: { id: string; tiles: { id: string; title: string }[] };

beforeAll(async () => {
  playground = await startSeededPlayground(PORT);
  browser = await launchChromium();
  overview = await dashboardNamed(playground, await adminAuthorization(playground), 'CRM overview');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

const tileOf = (page: Page, title: string) =>
  page.locator(`[data-tile-id="${overview.tiles.find((tile) => tile.title === title)!.id}"]`);

/** Logs in, sets the admin's stored preferences, and opens the overview with every tile settled. */
async function openOverview(preferences: Record<string, string>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.evaluate((stored) => {
    for (const [key, value] of Object.entries(stored)) localStorage.setItem(key, value);
  }, preferences);
  await page.goto(`${playground.url}/admin/plugins/dashboards/${overview.id}`);
  await drawnTiles(page, { count: TILES, tile: GRID_TILE });
  return { page, errors };
}

/** The whole grid in the shot: the admin scrolls inside its layout, so the viewport is made as tall. */
async function tallScreenshot(page: Page, name: string) {
  const height = await page.$eval('[data-testid="dashboard-grid"]', (grid) => grid.scrollHeight + 600);
  await page.setViewportSize({ width: 1440, height });
  await drawnTiles(page, { count: TILES, tile: GRID_TILE });
  await screenshot(page, name);
}

/**
 * In the page: WCAG relative luminance (0 black … 1 white) of an element's background, the first
 * one that is not transparent going up from it.
 */
const backgroundLuminance = (page: Page, selector: string) =>
  page.$$eval(selector, (elements) =>
    elements.map((element) => {
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      let current: Element | null = element;
      while (current) {
        const match = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(
          getComputedStyle(current).backgroundColor
        );
        if (match && (match[4] === undefined || Number(match[4]) > 0.5)) {
          const [r, g, b] = match.slice(1, 4).map(Number);
          return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
        }
        current = current.parentElement;
      }
      return 1;
    })
  );

/** The luminance of an element's text colour. */
const textLuminance = (page: Page, selector: string) =>
  page.$$eval(selector, (elements) =>
    elements.map((element) => {
      const [r, g, b] = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)/
        .exec(getComputedStyle(element).color)!
        .slice(1, 4)
        .map(Number);
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    })
  );

/**
 * The luminance of the brightest opaque pixel in the left strip of a chart's canvas: the value
 * axis's tick labels (the only thing drawn there).
 */
const tickLuminance = (page: Page, title: string) =>
  tileOf(page, title)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) => {
      const strip = Math.round(canvas.width * 0.06);
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, strip, canvas.height);
      const channel = (value: number) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      let brightest = -1;
      for (let index = 0; index < data.length; index += 4) {
        if (data[index + 3] < 200) continue;
        const luminance =
          0.2126 * channel(data[index]) +
          0.7152 * channel(data[index + 1]) +
          0.0722 * channel(data[index + 2]);
        brightest = Math.max(brightest, luminance);
      }
      return brightest;
    });

it('shows the overview in Strapi’s dark theme: dark tiles, light text and chart ticks, no white boxes', async () => {
  const { page, errors } = await openOverview({ STRAPI_THEME: 'dark' });
  // the admin is dark, and so is the plugin's page
  expect((await backgroundLuminance(page, '[data-testid="dashboard-page"]'))[0]).toBeLessThan(0.05);
  expect(await page.locator('[data-testid="dashboard-grid"]').getAttribute('class')).toContain(
    'dv-theme-dark'
  );

  const cards = await backgroundLuminance(page, GRID_TILE);
  expect(cards).toHaveLength(TILES);
  for (const luminance of cards) expect(luminance).toBeLessThan(0.3);
  // nothing inside a tile is a white box (table headers, stripes, pager buttons, markdown tables)
  const inside = await backgroundLuminance(page, `${GRID_TILE} *`);
  expect(inside.filter((luminance) => luminance > 0.3)).toEqual([]);

  // the words are light on the dark cards
  for (const luminance of await textLuminance(page, `${GRID_TILE} h2`))
    expect(luminance).toBeGreaterThan(0.6);
  for (const luminance of await textLuminance(page, `${GRID_TILE} .dv-metric-value`)) {
    expect(luminance).toBeGreaterThan(0.6);
  }
  for (const luminance of await textLuminance(page, `${GRID_TILE} td`))
    expect(luminance).toBeGreaterThan(0.3);
  // the value axis's numbers are drawn light (the dark theme's muted text, not the light one's)
  expect(await tickLuminance(page, 'Revenue trend (12 months)')).toBeGreaterThan(0.3);

  await tallScreenshot(page, 'admin-dark');
  expect(errors).toEqual([]);
  await page.close();
});

it('shows the overview with the admin in French: the plugin’s words, French numbers', async () => {
  const { page, errors } = await openOverview({ 'strapi-admin-language': 'fr' });
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  // the plugin's own buttons and links
  for (const key of [
    'dashboard.settings',
    'dashboard.addTile',
    'dashboard.edit',
    'share.button',
    'schedule.button',
  ] as const) {
    await expect(page.getByRole('button', { name: fr[key], exact: true }).count()).resolves.toBe(1);
  }
  await expect(page.getByRole('link', { name: fr['dashboard.back'], exact: true }).count()).resolves.toBe(1);
  await expect(page.getByRole('combobox', { name: 'Period', exact: true }).innerText()).resolves.toContain(
    fr['filters.preset.none']
  );
  // none of the plugin's English words on the page (its words whose French differs); tile titles
  // and table column names are the dashboard's content, written by whoever made it
  const texts = await page.$$eval('[data-testid="dashboard-page"] :not(th, th *)', (elements) =>
    elements.flatMap((element) =>
      [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== '')
        .map((node) => node.textContent!.trim())
    )
  );
  const english = Object.entries(en)
    .filter(([key, value]) => !value.includes('{') && fr[key as keyof typeof fr] !== value)
    .map(([, value]) => value);
  const tileTitles = new Set(overview.tiles.map((tile) => tile.title));
  expect(texts.filter((text) => english.includes(text) && !tileTitles.has(text))).toEqual([]);

  // numbers grouped the French way: a narrow no-break space, the dollar as $US
  const pipeline = await tileOf(page, 'Open pipeline value').locator('.dv-metric-value').innerText();
  expect(pipeline).toMatch(/^\d{1,3}(\u202f\d{3})+\u00a0\$US$/);
  const cells = await page.locator(`${GRID_TILE} td`).allInnerTexts();
  expect(cells.some((cell) => /\d\u202f\d{3}/.test(cell))).toBe(true);

  await tallScreenshot(page, 'admin-fr');
  expect(errors).toEqual([]);
  await page.close();
});
