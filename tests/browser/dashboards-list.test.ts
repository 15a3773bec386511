/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import {
  launchChromium,
  screenshot,
  startPlayground,
  type RunningPlayground,
  openDashboardsList,
} from './helpers/playground';

/**
 * The admin panel's dashboards list on the built playground (`strapi start`): a Super Admin creates
 * a dashboard through the dialog, finds it with the search, duplicates it, sorts the results and
 * deletes the copy through the confirmation dialog.
 */
const NAME = `List test dashboard ${Date.now().toString(36)}`;
const COPY = `${NAME} (copy)`;

let playground: RunningPlayground;
let browser: Browser;

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.DASHBOARDS_LIST_TEST_PORT ?? 1440));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

/** Waits until the dialogs' opening animations have ended, for the screenshots (a cancelled one has too). */
async function settled(page: Page) {
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)))
  );
}

/** The names in the table's rows, top to bottom, once `count` rows are shown. */
async function rowNames(page: Page, count: number) {
  const rows = page.locator('[data-testid="dashboards-home"] tbody tr');
  await page.waitForFunction(
    (expected) =>
      document.querySelectorAll('[data-testid="dashboards-home"] tbody tr').length === expected &&
      document.querySelector('[data-testid="dashboards-home"][aria-busy="true"]') === null,
    count,
    { timeout: 30_000 }
  );
  return rows.locator('td:first-child a').allInnerTexts();
}

it('creates, finds, duplicates, sorts and deletes dashboards from the list', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await openDashboardsList(page, playground);
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Dashboards');
  await page.getByText('There are no dashboards yet.').waitFor();
  await screenshot(page, 'dashboards-list-empty');

  // create through the dialog: the name is required
  await page.getByRole('button', { name: 'Create dashboard' }).first().click();
  const form = page.locator('[data-testid="create-dashboard-form"]');
  await form.waitFor();
  await form.getByRole('button', { name: 'Create' }).click();
  await form.getByText('A name is required.').waitFor();
  await form.locator('input[name="name"]').fill(NAME);
  await form.locator('textarea[name="description"]').fill('Made by the browser test');
  await settled(page);
  await screenshot(page, 'dashboards-list-create-dialog');
  const created = page.waitForResponse(
    (response) => response.url().endsWith('/dashboards/dashboards') && response.request().method() === 'POST'
  );
  await form.getByRole('button', { name: 'Create' }).click();
  const createdId = ((await (await created).json()) as { id: string }).id;
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  expect(page.url()).toBe(`${playground.url}/admin/plugins/dashboards/${createdId}`);
  await expect(page.locator('h1').first().textContent()).resolves.toBe(NAME);

  // back to the list and search for it
  await page.getByRole('link', { name: 'Back' }).click();
  await page.locator('[data-testid="dashboards-home"]').waitFor({ timeout: 60_000 });
  const search = page.locator('form[role="search"] input[name="search"]');
  await search.fill('no such dashboard anywhere');
  await search.press('Enter');
  await page.getByText('No dashboard matches your search.').waitFor();
  await search.fill(NAME);
  await search.press('Enter');
  expect(await rowNames(page, 1)).toEqual([NAME]);
  await screenshot(page, 'dashboards-list-search');

  // duplicate: export then import as "<name> (copy)"
  await page.getByRole('button', { name: `Duplicate ${NAME}` }).click();
  await page.getByText(`“${COPY}” has been created.`).waitFor();
  expect((await rowNames(page, 2)).sort()).toEqual([NAME, COPY].sort());
  await screenshot(page, 'dashboards-list-duplicated');

  // sort by name, one way then the other
  const sortBy = async (option: string) => {
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: option }).click();
  };
  await sortBy('Name (A to Z)');
  await page.waitForFunction(
    (first) =>
      document.querySelector('[data-testid="dashboards-home"] tbody tr td:first-child a')?.textContent ===
      first,
    NAME
  );
  expect(await rowNames(page, 2)).toEqual([NAME, COPY]);
  await sortBy('Name (Z to A)');
  await page.waitForFunction(
    (first) =>
      document.querySelector('[data-testid="dashboards-home"] tbody tr td:first-child a')?.textContent ===
      first,
    COPY
  );
  expect(await rowNames(page, 2)).toEqual([COPY, NAME]);
  await screenshot(page, 'dashboards-list-sorted');

  // delete the copy through the confirmation dialog
  await page.getByRole('button', { name: `Delete ${COPY}` }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText(`Delete “${COPY}”?`, { exact: false }).waitFor();
  await settled(page);
  await screenshot(page, 'dashboards-list-delete-dialog');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('The dashboard has been deleted.').waitFor();
  expect(await rowNames(page, 1)).toEqual([NAME]);
  await screenshot(page, 'dashboards-list-deleted');

  // import from pasted JSON: the server's 400 is shown in the dialog, a valid export is imported
  await page.getByRole('button', { name: 'Import from JSON' }).click();
  const importForm = page.locator('[data-testid="import-dashboard-form"]');
  const json = importForm.locator('textarea');
  await json.fill(JSON.stringify({ version: 1, dashboard: { description: 'no name' } }));
  await importForm.getByRole('button', { name: 'Import' }).click();
  await importForm.getByText(/^dashboard\.name: /).waitFor();
  await settled(page);
  await screenshot(page, 'dashboards-list-import-error');
  await json.fill(JSON.stringify({ version: 1, dashboard: { name: `${NAME} imported` } }));
  await importForm.getByRole('button', { name: 'Import' }).click();
  await page.getByText(`“${NAME} imported” has been imported.`).waitFor();
  expect((await rowNames(page, 2)).sort()).toEqual([NAME, `${NAME} imported`].sort());
  expect(errors).toEqual([]);
  await page.close();
});
