/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  BAR_AND_KPI_TILES,
  createDashboardReader,
  launchChromium,
  logIn,
  screenshot,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';
import { drawnTiles, GRID_TILE } from './helpers/tiles';

/**
 * The dashboard page's header actions on the built playground (`strapi start`): the share dialog
 * turns the public link on, and a fresh browser context opens it and sees the tiles drawn; share
 * links and embed code; the schedule dialog's presets, preview and time zone; a refresh whose
 * progress is followed to its end; and the buttons an admin without those permissions does not get.
 */
const DASHBOARD_NAME = 'Browser share and schedule';

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let dashboardId: string;
let shareUrl: string;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.SHARE_SCHEDULE_TEST_PORT ?? 1442));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  const created = await api('POST', '/dashboards/dashboards', {
    name: DASHBOARD_NAME,
    layout: { columns: 12, rowHeight: 80, gap: 16 },
    tiles: BAR_AND_KPI_TILES,
  });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** Waits until the two tiles have drawn (admin grid or public page) and answers the chart canvas' painted pixels. */
async function waitForTiles(page: Page, tile: string) {
  const drawn = await drawnTiles(page, { count: 2, tile, allDrawn: true });
  return Math.max(...drawn.map((each) => each.painted));
}

/** Polls `read` until `accept` takes what it answers (30 s), and answers that. */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 150 && !accept(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  if (!accept(value)) throw new Error(`still ${JSON.stringify(value)}`);
  return value;
}

async function openDashboard(context: BrowserContext, credentials = playground.admin) {
  const page = await context.newPage();
  await logIn(page, playground, credentials);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await waitForTiles(page, GRID_TILE);
  return page;
}

describe('as a Super Admin', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // a zone other than the machine's, to see that a new schedule takes the browser's
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      timezoneId: 'Europe/Paris',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: playground.url });
    page = await openDashboard(context);
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
  });

  it('shows the refresh, snapshot, share and schedule buttons', async () => {
    const actions = page.locator('[data-testid="dashboard-actions"]');
    for (const name of ['Refresh', 'Snapshot', 'Share', 'Schedule']) {
      await expect(actions.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
    }
    await screenshot(page, 'share-schedule-1-dashboard');
  });

  it('turns the public link on and copies its URL to the clipboard', async () => {
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Public link' }).waitFor();
    await dialog.getByRole('checkbox', { name: 'Public access' }).click({ force: true });
    const urlInput = dialog.locator('[data-testid="share-public-url"]');
    await urlInput.waitFor({ timeout: 30_000 });
    shareUrl = await urlInput.inputValue();
    expect(shareUrl).toMatch(new RegExp(`^${playground.url}/dashboards/shared/[A-Za-z0-9_-]{43}$`));
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(shareUrl);
    const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
    expect(stored.body.is_public).toBe(true);
    await screenshot(page, 'share-schedule-2-public-link');
  });

  it('creates a password-protected share link and lists it with its access count', async () => {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Share links' }).click();
    await dialog.getByRole('checkbox', { name: 'Protect with a password' }).click();
    await dialog.locator('input[name="password"]').fill('short');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await dialog.getByText('The password needs at least 8 characters.').waitFor();
    await dialog.locator('input[name="password"]').fill('long-enough-password');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const rows = dialog.locator('[data-testid="share-links-table"] tbody tr');
    await until(
      () => rows.count(),
      (value) => value === 2
    );
    const link = dialog.locator('[data-testid="share-links-table"] tbody tr[data-kind="link"]');
    await expect(link.locator('td').nth(2).innerText()).resolves.toBe('Yes');
    await expect(link.locator('[data-testid="share-link-count"]').innerText()).resolves.toBe('0');
    const links = await api('GET', `/dashboards/dashboards/${dashboardId}/share-links`);
    const created = links.body.find((entry: any) => entry.kind === 'link');
    expect(created.password_protected).toBe(true);
    // "In 7 days" by default
    expect(Math.round((Date.parse(created.expires_at) - Date.now()) / 86_400_000)).toBe(7);

    // rotating gives the link a new token
    await link.getByRole('button', { name: 'Rotate' }).click();
    await page.getByText('The link has a new address; the old one no longer opens.').waitFor();
    const rotated = (await api('GET', `/dashboards/dashboards/${dashboardId}/share-links`)).body.find(
      (entry: any) => entry.id === created.id
    );
    expect(rotated.share_token).not.toBe(created.share_token);
    // the link is shown in full, with the new token
    await until(
      () => link.locator('[data-testid="share-link-url"]').innerText(),
      (value) => value === rotated.share_url
    );
    expect(rotated.share_url).toMatch(new RegExp(`^${playground.url}/dashboards/shared/[A-Za-z0-9_-]{43}$`));
    await screenshot(page, 'share-schedule-3-share-links');
  });

  it('saves the allowed domains and shows the embed code with its options', async () => {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Embed' }).click();
    const code = dialog.locator('[data-testid="share-embed-code"]');
    await until(
      () => code.inputValue(),
      (value) => value.includes(`/dashboards/embed/${dashboardId}?`)
    );
    await dialog.getByRole('checkbox', { name: 'Hide the header' }).click();
    await until(
      () => code.inputValue(),
      (value) => value.includes('hide_header=true')
    );
    expect(await code.inputValue()).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/dashboards\/embed\//);
    // the code's token expires, and no site may frame it until a domain is allowed
    const warnings = dialog.locator('[data-testid="share-embed-warnings"]');
    await expect(warnings.innerText()).resolves.toMatch(
      /^This code stops working on .+: its token expires\. Come back here for a new code before then\.\s+No site may frame this dashboard yet/
    );

    const domains = dialog.locator('textarea[name="allowed_domains"]');
    await domains.fill('not a domain!');
    await dialog.getByRole('button', { name: 'Save domains' }).click();
    await dialog.getByText(/must be a host name such as app\.example\.com/).waitFor();
    await domains.fill('App.Example.com\nreports.example.org, app.example.com');
    await dialog.getByRole('button', { name: 'Save domains' }).click();
    await page.getByText('The allowed domains have been saved.').waitFor();
    const stored = await api('GET', `/dashboards/dashboards/${dashboardId}`);
    expect(stored.body.embed.allowed_domains).toEqual(['app.example.com', 'reports.example.org']);
    await until(
      () => warnings.innerText(),
      (value) => !value.includes('No site may frame')
    );
    await screenshot(page, 'share-schedule-4-embed');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  it('opens the public link in a fresh browser context and sees the tiles drawn', async () => {
    const visitor = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const publicPage = await visitor.newPage();
    const publicErrors: string[] = [];
    publicPage.on('pageerror', (error) => publicErrors.push(error.message));
    const response = await publicPage.goto(shareUrl);
    expect(response?.status()).toBe(200);
    await publicPage.locator('h1', { hasText: DASHBOARD_NAME }).waitFor({ timeout: 60_000 });
    expect(await waitForTiles(publicPage, '.dv-tile')).toBeGreaterThan(2000);
    await expect(publicPage.locator('.dv-metric-value').first().innerText()).resolves.toBe('42');
    await screenshot(publicPage, 'share-schedule-5-public-page');
    expect(publicErrors).toEqual([]);
    await visitor.close();

    // the visit is counted on the public link
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Share links' }).click();
    const count = dialog.locator('tr[data-kind="public"] [data-testid="share-link-count"]');
    await expect(count.innerText()).resolves.toBe('1');
    // the saved domains are shown again (from the server, not the page's copy of the dashboard)
    await dialog.getByRole('tab', { name: 'Embed' }).click();
    await until(
      () => dialog.locator('textarea[name="allowed_domains"]').inputValue(),
      (value) => value === 'app.example.com\nreports.example.org'
    );
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  it('sets a schedule from a preset in a chosen time zone, with its preview and next runs', async () => {
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('[data-testid="schedule-preview"]').waitFor({ timeout: 30_000 });
    await expect(dialog.getByText('No refresh has run yet.').count()).resolves.toBe(1);
    // nothing is saved yet: the dialog says so, and the zone is the browser's
    await expect(dialog.locator('[data-testid="schedule-none"]').innerText()).resolves.toMatch(
      /^No schedule\s/i
    );
    await expect(dialog.locator('[data-testid="schedule-status"]').count()).resolves.toBe(0);
    await expect(dialog.getByRole('combobox', { name: 'Time zone' }).inputValue()).resolves.toBe(
      'Europe/Paris'
    );

    const cron = dialog.locator('input[name="cron"]');
    await cron.fill('0 9 * *');
    await dialog
      .getByText('A cron expression has five fields: minute hour day-of-month month day-of-week.')
      .waitFor();
    await expect(dialog.locator('[data-testid="schedule-preview"]').count()).resolves.toBe(0);
    await cron.fill('*/30 9-17 * * 1-5');
    await expect(dialog.locator('[data-testid="schedule-preview-text"]').innerText()).resolves.toBe(
      'Every 30 minutes, between 09:00 AM and 05:59 PM, Monday through Friday'
    );

    await dialog.getByRole('combobox', { name: 'Frequency' }).click();
    await page.getByRole('option', { name: '9 AM weekdays' }).click();
    await expect(cron.inputValue()).resolves.toBe('0 9 * * 1-5');

    const zone = dialog.getByRole('combobox', { name: 'Time zone' });
    await zone.click();
    await zone.fill('');
    await zone.pressSequentially('America/New_Y', { delay: 20 });
    await page.getByRole('option', { name: 'America/New_York' }).click();
    await expect(dialog.locator('[data-testid="schedule-preview-text"]').innerText()).resolves.toBe(
      'At 09:00 AM, Monday through Friday'
    );
    const runs = await dialog.locator('[data-testid="schedule-preview"] li').allInnerTexts();
    expect(runs).toHaveLength(5);
    for (const run of runs) expect(run).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .* 9:00 AM E[SD]T$/);
    await expect(dialog.getByText('Next runs (America/New_York):').count()).resolves.toBe(1);

    await dialog.getByRole('checkbox', { name: 'Notify on failure' }).click();
    await dialog.getByRole('checkbox', { name: 'Email' }).click();
    await dialog.getByRole('checkbox', { name: 'Webhook' }).click();
    await screenshot(page, 'share-schedule-6-schedule-form');
    await dialog.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('The schedule has been saved.').waitFor();
    await dialog.locator('[data-testid="schedule-status"]').waitFor();
    await expect(dialog.locator('[data-testid="schedule-status"]').innerText()).resolves.toMatch(
      /^active\s+Next run: (Mon|Tue|Wed|Thu|Fri), .* 9:00 AM E[SD]T\s+Last run: —$/i
    );

    const stored = await api('GET', `/dashboards/dashboards/${dashboardId}/schedule`);
    expect(stored.status).toBe(200);
    expect(stored.body.schedule).toMatchObject({
      enabled: true,
      cron: '0 9 * * 1-5',
      timezone: 'America/New_York',
      notify_on_failure: true,
      notification_channels: ['email', 'webhook'],
      status: 'active',
    });
    expect(stored.body.schedule.next_run).toMatch(/T09:00:00-0[45]:00$/);
    await screenshot(page, 'share-schedule-7-schedule-saved');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
  });

  it('runs a refresh and follows its progress until every tile is done', async () => {
    const seen: string[] = [];
    await page.exposeFunction('reportRefreshStatus', (status: string) => seen.push(status));
    await page.evaluate(() => {
      const report = (window as any).reportRefreshStatus as (status: string) => void;
      new MutationObserver(() => {
        const progress = document.querySelector<HTMLElement>('[data-testid="refresh-progress"]');
        if (progress) report(`${progress.dataset.status}|${progress.innerText}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const started = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/dashboards/dashboards/${dashboardId}/refresh`) &&
        response.request().method() === 'POST'
    );
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    expect((await started).status()).toBe(202);
    const progress = page.locator('[data-testid="refresh-progress"]');
    await progress.waitFor();
    await page
      .locator('[data-testid="refresh-progress"][data-status="completed"]')
      .waitFor({ timeout: 60_000 });
    await expect(progress.innerText()).resolves.toMatch(/^Completed: 2 \/ 2 tiles/);
    await page.getByText('The dashboard has been refreshed.').waitFor();
    expect(seen.some((entry) => entry.startsWith('running|Refreshing: '))).toBe(true);
    expect(seen.at(-1)).toMatch(/^completed\|Completed: 2 \/ 2 tiles/);
    await expect(progress.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('100');
    await waitForTiles(page, GRID_TILE);
    await screenshot(page, 'share-schedule-8-refreshed');

    // the run is in the schedule dialog's history
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const history = page.getByRole('dialog').locator('[data-testid="schedule-history"] tbody tr');
    await history.first().waitFor({ timeout: 30_000 });
    await expect(history.first().innerText()).resolves.toMatch(/Manual\s+Completed\s+2 \/ 2/);
    // reopened, the dialog shows the saved zone in its box
    await expect(
      page.getByRole('dialog').getByRole('combobox', { name: 'Time zone' }).inputValue()
    ).resolves.toBe('America/New_York');
    await expect(page.getByRole('dialog').locator('[data-testid="schedule-none"]').count()).resolves.toBe(0);
    await screenshot(page, 'share-schedule-9-history');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
  });

  it('says so when another refresh holds the dashboard (409)', async () => {
    const last = (await api('GET', `/dashboards/dashboards/${dashboardId}/schedule`)).body.history[0];
    await page.route(`**/dashboards/dashboards/${dashboardId}/refresh`, (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          data: null,
          error: {
            status: 409,
            name: 'ConflictError',
            message: 'Cannot update dashboard while refresh is in progress',
            details: { refresh_id: last.refresh_id },
          },
        }),
      })
    );
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByText('Cannot update dashboard while refresh is in progress').waitFor();
    await screenshot(page, 'share-schedule-10-conflict');
    await page.unroute(`**/dashboards/dashboards/${dashboardId}/refresh`);
    expect(errors).toEqual([]);
  });
});

it('shows an admin who may only read dashboards no refresh or share button, and the schedule read-only', async () => {
  const { email, password } = await createDashboardReader(playground, auth);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await openDashboard(context, { email, password });
  const actions = page.locator('[data-testid="dashboard-actions"]');
  await actions.waitFor();
  await expect(actions.getByRole('button', { name: 'Refresh', exact: true }).count()).resolves.toBe(0);
  await expect(actions.getByRole('button', { name: 'Share', exact: true }).count()).resolves.toBe(0);
  await expect(actions.getByRole('button', { name: 'Snapshot', exact: true }).count()).resolves.toBe(1);

  await actions.getByRole('button', { name: 'Schedule', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('[data-testid="schedule-status"]').waitFor({ timeout: 30_000 });
  await expect(dialog.locator('input[name="cron"]').inputValue()).resolves.toBe('0 9 * * 1-5');
  await expect(dialog.locator('input[name="cron"]').isDisabled()).resolves.toBe(true);
  await expect(dialog.getByRole('button', { name: 'Save schedule' }).count()).resolves.toBe(0);
  await screenshot(page, 'share-schedule-11-reader');
  await dialog.getByRole('button', { name: 'Close' }).first().click();

  // the snapshot is open to readers
  await actions.getByRole('button', { name: 'Snapshot', exact: true }).click();
  await page.getByText(/^A snapshot has been taken \(/).waitFor({ timeout: 30_000 });
  await context.close();
});
