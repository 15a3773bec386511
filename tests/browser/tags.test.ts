/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  adminAuthorization,
  callApi,
  launchChromium,
  logIn,
  screenshot,
  startPlayground,
  type RunningPlayground,
} from './helpers/playground';

/**
 * Dashboard tags in the admin panel (issue 17): tags added in the settings dialog, shown as badges in
 * the list, which filters by a tag (from a badge or the toolbar) and keeps the filter in its URL.
 */
let playground: RunningPlayground;
let browser: Browser;
let context: BrowserContext;
let auth: Record<string, string>;

const api = (method: string, pathname: string, body?: object) =>
  callApi(playground, method, pathname, body, auth);

async function createDashboard(name: string, tags?: string[]) {
  const created = await api('POST', '/dashboards/dashboards', { name, ...(tags ? { tags } : {}) });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  return created.body.id as string;
}

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.TAGS_TEST_PORT ?? 1500));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** The names of the list's rows, top to bottom, once the list shows `count` rows and is not loading. */
async function rowNames(page: Page, count: number) {
  await page.waitForFunction(
    (expected) =>
      document.querySelectorAll('[data-testid="dashboards-home"] tbody tr').length === expected &&
      document.querySelector('[data-testid="dashboards-home"][aria-busy="true"]') === null,
    count,
    { timeout: 30_000 }
  );
  return page.locator('[data-testid="dashboards-home"] tbody tr td:first-child a').allInnerTexts();
}

/** The tag badges of one row of the list. */
const badgesOf = (page: Page, id: string) =>
  page.locator(`tr[data-dashboard-id="${id}"] [data-testid="dashboard-tags"] button`).allTextContents();

it('adds tags in the settings dialog, shows them in the list and filters the list by a tag', async () => {
  const west = await createDashboard('Tags West', ['finance']);
  const south = await createDashboard('Tags South', ['sales']);
  const north = await createDashboard('Tags North');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });

  // two tags in the settings dialog: one with Enter, one with a comma; a duplicate is not added
  await page.goto(`${playground.url}/admin/plugins/dashboards/${north}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.locator('[data-testid="dashboard-settings"]');
  await dialog.waitFor();
  // the tags in use are offered
  await expect(
    dialog.locator('[data-testid="settings-tag-suggestions"] button').allInnerTexts()
  ).resolves.toEqual(['finance (1)', 'sales (1)']);
  const input = dialog.getByRole('textbox', { name: 'Tags' });
  await input.fill('  Sales ');
  await input.press('Enter');
  await input.pressSequentially('emea,');
  await input.fill('SALES');
  await input.press('Enter');
  await expect(input.inputValue()).resolves.toBe('');
  await expect(dialog.locator('[data-testid="settings-tags"]').innerText()).resolves.toMatch(
    /^Sales\s+emea$/
  );
  // "sales" is on the dashboard now: only "finance" is still offered
  await expect(
    dialog.locator('[data-testid="settings-tag-suggestions"] button').allInnerTexts()
  ).resolves.toEqual(['finance (1)']);
  // a chip's × takes it off, a suggestion puts a tag on
  await dialog.getByRole('button', { name: 'Add the tag finance' }).click();
  await dialog.getByRole('button', { name: 'Remove the tag finance' }).click();
  await expect(dialog.locator('[data-testid="settings-tags"]').innerText()).resolves.toMatch(
    /^Sales\s+emea$/
  );
  await screenshot(page, 'tags-1-settings');
  const saved = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/dashboards/dashboards/${north}`) && response.request().method() === 'PUT'
  );
  await dialog.getByRole('button', { name: 'Save the settings' }).click();
  expect((await saved).status()).toBe(200);
  await dialog.waitFor({ state: 'detached' });
  const stored = await api('GET', `/dashboards/dashboards/${north}`);
  expect(stored.body.tags).toEqual(['Sales', 'emea']);

  // the list shows each dashboard's tags as badges
  await page.goto(`${playground.url}/admin/plugins/dashboards`);
  await page.locator('[data-testid="dashboards-home"]').waitFor({ timeout: 60_000 });
  await expect(rowNames(page, 3)).resolves.toEqual(['Tags North', 'Tags South', 'Tags West']);
  await expect(badgesOf(page, north)).resolves.toEqual(['Sales', 'emea']);
  await expect(badgesOf(page, south)).resolves.toEqual(['sales']);
  await expect(badgesOf(page, west)).resolves.toEqual(['finance']);
  await screenshot(page, 'tags-2-list');

  // a badge filters the list by its tag, whatever its case, and the URL says so (the filter names
  // the tag in one of its spellings: "Sales" and "sales" are one tag)
  await page
    .locator(`tr[data-dashboard-id="${north}"] [data-testid="dashboard-tags"] button`)
    .first()
    .click();
  await expect(rowNames(page, 2)).resolves.toEqual(['Tags North', 'Tags South']);
  expect(new URL(page.url()).searchParams.get('tag')).toBe('Sales');
  await expect(
    page.getByRole('combobox', { name: 'Filter by tag', exact: true }).innerText()
  ).resolves.toContain('Sales (2)');
  await screenshot(page, 'tags-3-filtered');

  // reloaded, the list is still filtered
  await page.reload();
  await page.locator('[data-testid="dashboards-home"]').waitFor({ timeout: 60_000 });
  await expect(rowNames(page, 2)).resolves.toEqual(['Tags North', 'Tags South']);

  // the toolbar's tag filter: another tag, then none
  await page.getByRole('combobox', { name: 'Filter by tag', exact: true }).click();
  await expect(page.getByRole('option').allInnerTexts()).resolves.toEqual([
    'emea (1)',
    'finance (1)',
    'Sales (2)',
  ]);
  await page.getByRole('option', { name: 'emea (1)', exact: true }).click();
  await expect(rowNames(page, 1)).resolves.toEqual(['Tags North']);
  expect(new URL(page.url()).searchParams.get('tag')).toBe('emea');
  await page.getByRole('button', { name: 'Clear the tag filter' }).click();
  await expect(rowNames(page, 3)).resolves.toEqual(['Tags North', 'Tags South', 'Tags West']);
  expect(new URL(page.url()).searchParams.has('tag')).toBe(false);
  expect(errors).toEqual([]);
});
