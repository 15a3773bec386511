import { execFile, spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { drawnTiles, GRID_TILE, type DrawnTile } from './tiles';

const playgroundDir = path.resolve(__dirname, '..', '..', '..', 'playground');
export const OUTPUT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output', 'browser');

export interface RunningPlayground {
  url: string;
  admin: { email: string; password: string };
  /** What the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string) {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`strapi start exited early:\n${log()}`);
    try {
      if ((await fetch(`${url}/_health`)).status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`strapi start did not answer /_health:\n${log()}`);
}

/** Starts the built playground (`strapi start`, admin panel served) on a fresh SQLite database. */
export function startPlayground(port: number, extraEnv: Record<string, string> = {}) {
  return startStrapiApp(playgroundDir, port, extraEnv);
}

/**
 * Starts the built playground on a fresh SQLite database seeded with the demo CRM and its two
 * dashboards (`dist/scripts/seed.js --leads 300 --seed 11`: the same data on every run).
 */
export async function startSeededPlayground(port: number): Promise<RunningPlayground> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-seeded-'));
  const database = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dataDir, 'data.db') };
  await promisify(execFile)(process.execPath, ['dist/scripts/seed.js', '--leads', '300', '--seed', '11'], {
    cwd: playgroundDir,
    env: { ...process.env, ...database, STRAPI_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' },
    timeout: 150_000,
  });
  const running = await startPlayground(port, database);
  return {
    ...running,
    stop: async () => {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A dashboard found by its whole name, as the admin API answers it (with its tiles and filters). */
export async function dashboardNamed(
  playground: RunningPlayground,
  authorization: Record<string, string>,
  name: string
): Promise<any> {
  const list = await callApi(
    playground,
    'GET',
    `/dashboards/dashboards?search=${encodeURIComponent(name)}`,
    undefined,
    authorization
  );
  const found = list.body.data.filter((dashboard: { name: string }) => dashboard.name === name);
  if (found.length !== 1) throw new Error(`${found.length} dashboards are named ${name}`);
  return (await callApi(playground, 'GET', `/dashboards/dashboards/${found[0].id}`, undefined, authorization))
    .body;
}

/**
 * Starts a built Strapi app (`strapi start` with the app's own Strapi, admin panel served) on a
 * fresh SQLite database and the given port, and registers its first admin user.
 */
export async function startStrapiApp(
  appDir: string,
  port: number,
  extraEnv: Record<string, string> = {}
): Promise<RunningPlayground> {
  /** @strapi/strapi's exports map hides bin/, so it is found next to its package.json. */
  const strapiPackage = require.resolve('@strapi/strapi/package.json', { paths: [appDir] });
  const strapiBin = path.join(path.dirname(strapiPackage), 'bin', 'strapi.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-browser-'));
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [strapiBin, 'start'], {
    cwd: appDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.join(dataDir, 'data.db'),
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, () => output);
    const admin = { email: 'browser-admin@dashboards.test', password: 'Browser-test-1' };
    const response = await fetch(`${url}/admin/register-admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...admin, firstname: 'Browser', lastname: 'Admin' }),
    });
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`register-admin answered ${response.status}: ${await response.text()}`);
    }
    return { url, admin, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** Waits until no animation runs on the page (a dialog's fade): what a screenshot should show. */
export const animationsDone = (page: import('playwright-core').Page) =>
  page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running')
  );

export async function screenshot(page: import('playwright-core').Page, name: string) {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

/** Logs `page` in to the admin panel (the playground's Super Admin unless told otherwise). */
export async function logIn(
  page: import('playwright-core').Page,
  playground: RunningPlayground,
  { email, password } = playground.admin
) {
  await page.goto(`${playground.url}/admin/auth/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

/**
 * The built playground on `port` with Chromium and one logged-in admin session (a browser context
 * every page of a test file shares: the admin login is rate limited), and the admin API's header.
 */
export async function adminSession(port: number) {
  const playground = await startPlayground(port);
  const browser = await launchChromium();
  const auth = await adminAuthorization(playground);
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.close();
  return {
    playground,
    browser,
    context,
    auth,
    close: async () => {
      await browser.close();
      await playground.stop();
    },
  };
}

/** Logs in and opens the plugin's list page through the admin menu. */
export async function openDashboardsList(
  page: import('playwright-core').Page,
  playground: RunningPlayground
) {
  await logIn(page, playground);
  const menuLink = page.locator('nav a[href="/admin/plugins/dashboards"]');
  await menuLink.waitFor({ timeout: 60_000 });
  await menuLink.click();
  await page.locator('[data-testid="dashboards-home"]').waitFor({ timeout: 60_000 });
}

/**
 * Registers an admin whose one role may only read dashboards (`plugin::dashboards.read`), through
 * the admin API as the admin whose `Authorization` header is given; answers its login.
 */
export async function createDashboardReader(
  playground: RunningPlayground,
  authorization: Record<string, string>
): Promise<{ email: string; password: string }> {
  const call = async (method: string, pathname: string, body: object, headers = authorization) => {
    const answer = await callApi(playground, method, pathname, body, headers);
    if (answer.status >= 300)
      throw new Error(`${method} ${pathname}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.data;
  };
  const role = await call('POST', '/admin/roles', {
    name: 'Dashboard reader',
    description: 'reads dashboards',
  });
  await call('PUT', `/admin/roles/${role.id}/permissions`, {
    permissions: [{ action: 'plugin::dashboards.read', subject: null, properties: {}, conditions: [] }],
  });
  const email = 'reader@dashboards.test';
  const password = 'Reader-test-1';
  const invited = await call('POST', '/admin/users', {
    firstname: 'Rita',
    lastname: 'Reader',
    email,
    roles: [role.id],
  });
  await call(
    'POST',
    '/admin/register',
    {
      registrationToken: invited.registrationToken,
      userInfo: { firstname: 'Rita', lastname: 'Reader', password },
    },
    {}
  );
  return { email, password };
}

/**
 * Waits until the dashboard grid shows `count` tiles, none of them still rendering; answers each
 * tile by its id: its title, its drawing state and its canvas' painted pixels.
 */
export async function drawnGridTiles(page: Page, count: number): Promise<Record<string, DrawnTile>> {
  const tiles = await drawnTiles(page, { count, tile: GRID_TILE });
  return Object.fromEntries(tiles.map((tile) => [tile.id, tile]));
}

/** A JSON call to the playground's HTTP API: its status and parsed body. */
export async function callApi(
  playground: RunningPlayground,
  method: string,
  pathname: string,
  body: object | undefined,
  headers: Record<string, string>
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${playground.url}${pathname}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Logs the playground's first admin in over HTTP: the `Authorization` header of its session. */
export async function adminAuthorization(playground: RunningPlayground): Promise<Record<string, string>> {
  const login = await callApi(playground, 'POST', '/admin/login', playground.admin, {});
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  return { Authorization: `Bearer ${login.body.data.token}` };
}

/** Two tiles whose answers are known: a bar chart of a = 3, b = 5 at (0, 0) and a KPI of 42 at (6, 0). */
export const BAR_AND_KPI_TILES = [
  {
    title: 'Sales by label',
    tile_type: 'chart',
    chart_type: 'bar',
    query: `SELECT 'a' AS "label", 3 AS "value" UNION ALL SELECT 'b', 5`,
    chart_config: { xField: 'label', yField: 'value' },
    grid_x: 0,
    grid_y: 0,
    grid_w: 6,
    grid_h: 4,
  },
  {
    title: 'KPI',
    tile_type: 'kpi',
    query: 'SELECT 42 AS "total"',
    chart_config: { valueField: 'total' },
    grid_x: 6,
    grid_y: 0,
    grid_w: 3,
    grid_h: 2,
  },
];

/** A tile's line in a dashboard's tile-data stream. */
export interface StreamedTile {
  id: string;
  data: { rows?: unknown[] } | null;
  error: string | null;
}

/**
 * Every tile-data stream (GET /dashboards/dashboards/:id/data?format=ndjson) the pages of `target`
 * receive, read whole by a route and handed on unchanged (Chromium does not keep the body of a
 * streamed answer for the test to read): `watch(listener)` tells the listener each one's URL and
 * lines, and answers the function that stops telling it.
 */
export async function watchTileStreams(target: Pick<Page, 'route'>) {
  const listeners = new Set<(url: URL, tiles: StreamedTile[]) => void>();
  await target.route(
    (url) =>
      /\/dashboards\/dashboards\/[^/]+\/data$/.test(url.pathname) &&
      url.searchParams.get('format') === 'ndjson',
    async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      await route.fulfill({ response, body });
      const tiles = body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as StreamedTile);
      const url = new URL(route.request().url());
      for (const listener of [...listeners]) listener(url, tiles);
    }
  );
  return (listener: (url: URL, tiles: StreamedTile[]) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
}
