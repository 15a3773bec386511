/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  callApi,
  launchChromium,
  logIn,
  screenshot,
  startStrapiApp,
  type RunningPlayground,
} from '../browser/helpers/playground';
import { drawnTiles } from '../browser/helpers/tiles';

/**
 * The packed plugin in a fresh Strapi 5.54 app that has no CRM (scripts/install-check.sh installed
 * it as the README says and built the app's admin panel): the app's own content type as a tile, the
 * admin page in English and French, the share and embed pages, and the CRM routes' 501.
 */
const appDir = process.env.INSTALL_APP_DIR;
if (!appDir) throw new Error('INSTALL_APP_DIR names the app scripts/install-check.sh prepared');

/** The plugin's own messages: the French file must reach the page, not only the English defaults. */
const messages = (locale: string): Record<string, string> =>
  JSON.parse(
    fs.readFileSync(
      path.join(__dirname, '..', '..', 'admin', 'src', 'translations', `${locale}.json`),
      'utf8'
    )
  );
const english = messages('en');
const french = messages('fr');

const ARTICLES = [
  { title: 'Launch', category: 'news', views: 10 },
  { title: 'Hiring', category: 'news', views: 20 },
  { title: 'Funding', category: 'news', views: 30 },
  { title: 'Getting started', category: 'guide', views: 5 },
  { title: 'Deploying', category: 'guide', views: 7 },
  { title: 'v1.0', category: 'release', views: 100 },
];

let app: RunningPlayground;
let browser: Browser;
let admin: Record<string, string>;
let token: Record<string, string>;
let dashboardId: string;

const call = (method: string, pathname: string, body?: object, headers = admin) =>
  callApi(app, method, pathname, body, headers);

beforeAll(async () => {
  app = await startStrapiApp(appDir, Number(process.env.INSTALL_TEST_PORT ?? 1452));
  browser = await launchChromium();
  const login = await call('POST', '/admin/login', app.admin, {});
  admin = { Authorization: `Bearer ${login.body.data.token}` };
  const created = await call('POST', '/admin/api-tokens', {
    name: 'install check',
    type: 'full-access',
    lifespan: null,
  });
  token = { Authorization: `Bearer ${created.body.data.accessKey}` };
  for (const article of ARTICLES) {
    const answer = await call('POST', '/api/articles', { data: article }, token);
    if (answer.status !== 201) throw new Error(`article: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/**
 * Records what the page reports as errors: uncaught exceptions, console errors from the app's own
 * origin (the admin's home page also fetches from strapi.io, which this machine cannot reach), and
 * failed plugin calls.
 */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    const source = message.location().url;
    if (message.type() === 'error' && (!source || source.startsWith(app.url)))
      errors.push(`console: ${message.text()} (${source})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname.startsWith('/dashboards/'))
      errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

it('says once at startup that the CRM analytics are off and that every user may create', () => {
  const lines = app.output().split('\n');
  expect(lines.filter((line) => line.includes('[dashboards] CRM analytics are off'))).toHaveLength(1);
  expect(
    lines.filter((line) =>
      line.includes('[dashboards] Entitlements: users-permissions users have no "plan" field')
    )
  ).toHaveLength(1);
});

it('answers the CRM routes with 501 and what to do about it', async () => {
  const response = await call('GET', '/api/dashboard/stats', undefined, token);
  expect(response.status).toBe(501);
  expect(response.body.error).toMatchObject({
    status: 501,
    name: 'NotImplementedError',
    message:
      "CRM analytics are off: this app has none of the CRM content types they read; map them to your content types with `crm` in the plugin's config (docs/crm.md)",
  });
});

it("computes a tile on the app's own content type with exact figures", async () => {
  const created = await call('POST', '/dashboards/dashboards', {
    name: 'Articles',
    tiles: [
      {
        title: 'Articles by category',
        tile_type: 'chart',
        chart_type: 'bar',
        chart_config: { xField: 'category', yField: 'count' },
        source: {
          kind: 'content-type',
          uid: 'api::article.article',
          measure: { fn: 'count' },
          group_by: 'category',
          sort: 'desc',
        },
        grid_x: 0,
        grid_y: 0,
        grid_w: 6,
        grid_h: 4,
      },
      {
        title: 'Views',
        tile_type: 'kpi',
        chart_config: { valueField: 'sum' },
        source: { kind: 'content-type', uid: 'api::article.article', measure: { fn: 'sum', field: 'views' } },
        grid_x: 6,
        grid_y: 0,
        grid_w: 3,
        grid_h: 2,
      },
    ],
  });
  expect([created.status, created.body.error]).toEqual([201, undefined]);
  dashboardId = created.body.id;
  const data = await call('GET', `/dashboards/dashboards/${dashboardId}/data`);
  expect(data.status).toBe(200);
  expect(data.body.tiles.map((tile: any) => [tile.error, tile.data?.rows])).toEqual([
    [
      null,
      [
        { category: 'news', count: 3 },
        { category: 'guide', count: 2 },
        { category: 'release', count: 1 },
      ],
    ],
    [null, [{ sum: 172 }]],
  ]);
});

async function openDashboard(context: BrowserContext, name: string, subtitle: string) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await logIn(page, app);
  const menuLink = page.locator('nav a[href="/admin/plugins/dashboards"]');
  await menuLink.waitFor({ timeout: 60_000 });
  const menuLabel = (await menuLink.getAttribute('aria-label')) ?? (await menuLink.textContent());
  await menuLink.click();
  await page.locator('[data-testid="dashboards-home"]').waitFor({ timeout: 60_000 });
  await page.getByText('Articles', { exact: true }).first().waitFor({ timeout: 30_000 });
  await page.waitForFunction((text) => document.body.innerText.includes(text), subtitle, { timeout: 10_000 });
  await screenshot(page, `install-${name}-list`);
  await page.goto(`${app.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.waitForFunction(
    () => {
      const bodies = [...document.querySelectorAll<HTMLElement>('.dv-tile-body')];
      return (
        bodies.length === 2 &&
        bodies.every((body) => body.dataset.tileState && body.dataset.tileState !== 'rendering')
      );
    },
    undefined,
    { timeout: 60_000 }
  );
  const states = await page.$$eval('.dv-tile-body', (bodies) =>
    bodies.map((body) => (body as HTMLElement).dataset.tileState)
  );
  await screenshot(page, `install-${name}-dashboard`);
  return { page, errors, menuLabel, states };
}

it('opens the admin page and draws the dashboard with no error', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors, menuLabel, states } = await openDashboard(context, 'en', english['home.subtitle']);
  expect(menuLabel).toBe(english['plugin.name']);
  expect(states).toEqual(['drawn', 'drawn']);
  // without a CRM, a new tile's sources are SQL and the app's content types
  await page.getByRole('button', { name: english['dashboard.addTile'] }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('combobox', { name: english['tileEditor.field.source'], exact: true }).click();
  const sources = await page.getByRole('option').allTextContents();
  await screenshot(page, 'install-en-tile-sources');
  expect(sources).toEqual([english['tileEditor.source.sql'], english['tileEditor.source.content-type']]);
  expect(errors).toEqual([]);
  await context.close();
});

it('speaks French to an admin whose language is French', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(() => localStorage.setItem('strapi-admin-language', 'fr'));
  const { errors, menuLabel, states } = await openDashboard(context, 'fr', french['home.subtitle']);
  expect([menuLabel, french['plugin.name']]).toEqual(['Tableaux de bord', 'Tableaux de bord']);
  expect(states).toEqual(['drawn', 'drawn']);
  expect(errors).toEqual([]);
  await context.close();
});

it('shows the recent dashboards on the home page and no CRM widget', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await logIn(page, app);
  await page.getByText('Recent dashboards').waitFor({ timeout: 60_000 });
  await page.getByText('Articles', { exact: true }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'install-home');
  expect(await page.getByText('Key CRM figures').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

async function drawnViewerTiles(url: string, name: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(url);
  const tiles = (await drawnTiles(page, { count: 2 })).map(({ state, painted, text }) => ({
    state,
    painted: painted > 0,
    text,
  }));
  await screenshot(page, `install-${name}`);
  await page.close();
  return { tiles, errors };
}

it('draws the tiles on the public share page and the embed page', async () => {
  const shared = await call('POST', `/dashboards/dashboards/${dashboardId}/share`, { is_public: true });
  expect(shared.status).toBe(200);
  const viewer = await fetch(`${app.url}/dashboards/viewer/viewer.js`);
  expect([viewer.status, viewer.headers.get('content-type')]).toEqual([
    200,
    'application/javascript; charset=utf-8',
  ]);

  const share = await drawnViewerTiles(shared.body.share_url, 'share');
  expect(share.errors).toEqual([]);
  expect(share.tiles).toEqual([
    { state: 'drawn', painted: true, text: '' },
    { state: 'drawn', painted: false, text: expect.stringContaining('172') },
  ]);

  const embed = await call('GET', `/dashboards/dashboards/${dashboardId}/embed`);
  expect(embed.status).toBe(200);
  const embedded = await drawnViewerTiles(embed.body.embed_url, 'embed');
  expect(embedded.errors).toEqual([]);
  expect(embedded.tiles.map((tile) => tile.state)).toEqual(['drawn', 'drawn']);
});
