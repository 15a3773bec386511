/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { formatSql } from '../../admin/src/components/sql-editor/format';
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
 * The tile editor's SQL editor on the built playground: CodeMirror in the datasource's dialect
 * completes the allowed tables, Ctrl+Enter runs the preview, Format gives the formatter's text,
 * the schema tree searches and inserts names, and the server's refusal shows as it is written.
 */
const LEADS = [
  ['Ada', 'website'],
  ['Bob', 'website'],
  ['Cy', 'referral'],
];

let playground: RunningPlayground;
let browser: Browser;
let auth: Record<string, string>;
let dashboardId: string;

const api = (method: string, pathname: string, body?: object, headers = auth) =>
  callApi(playground, method, pathname, body, headers);

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.SQL_EDITOR_TEST_PORT ?? 1447));
  browser = await launchChromium();
  auth = await adminAuthorization(playground);
  for (const [name, source] of LEADS) {
    const lead = await api('POST', '/content-manager/collection-types/api::lead.lead', { name, source });
    expect([lead.status, lead.status < 300 ? null : lead.body]).toEqual([201, null]);
  }
  const created = await api('POST', '/dashboards/dashboards', { name: 'SQL editor dashboard' });
  expect([created.status, created.status === 201 ? null : created.body]).toEqual([201, null]);
  dashboardId = created.body.id;
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

const EDITOR = '[data-testid="sql-editor-code"] .cm-content';

/** The editor's text, line by line as CodeMirror draws it. */
const editorText = (page: Page) =>
  page.$$eval(`${EDITOR} .cm-line`, (lines) => lines.map((line) => line.textContent ?? '').join('\n'));

/** Replaces the editor's whole text (as pasting does: no completion, no closing brackets). */
async function replaceText(page: Page, text: string) {
  await page.locator(EDITOR).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** Presses `keys` in the editor and answers the preview request it sent. */
async function previewAfter(page: Page, keys: string) {
  const answered = page.waitForResponse(
    (response) =>
      response.url().endsWith(`/dashboards/dashboards/${dashboardId}/tiles/preview`) &&
      response.request().method() === 'POST',
    { timeout: 30_000 }
  );
  await page.keyboard.press(keys);
  const response = await answered;
  return { status: response.status(), body: await response.json() };
}

it('completes tables, runs the preview on Ctrl+Enter, formats, inserts from the schema tree and shows refusals', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, playground);
  await page.locator('nav a[href="/admin/plugins/dashboards"]').waitFor({ timeout: 60_000 });
  await page.goto(`${playground.url}/admin/plugins/dashboards/${dashboardId}`);
  await page.locator('[data-testid="dashboard-page"]').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Add tile' }).click();
  await page.locator('[data-testid="tile-editor"]').waitFor();
  await page.getByRole('textbox', { name: 'Title' }).fill('Leads');
  await page.getByRole('combobox', { name: 'Tile type', exact: true }).click();
  await page.getByRole('option', { name: 'Table', exact: true }).click();
  await page.locator('[data-testid="tile-editor-tables"]').waitFor({ timeout: 30_000 });
  await page.locator(EDITOR).waitFor();

  // 1. completion: the allowed table `leads` is offered first for `le`, and accepted with Enter
  await page.locator(EDITOR).click();
  await page.keyboard.type('SELECT * FROM le');
  // the list follows the typing (under load it may still show the one for `FROM` for a moment)
  const label = '.cm-tooltip-autocomplete li[aria-selected="true"] .cm-completionLabel';
  const selectedLabel = () =>
    page.evaluate((selector) => document.querySelector(selector)?.textContent ?? null, label);
  await page
    .waitForFunction((selector) => document.querySelector(selector)?.textContent === 'leads', label, {
      timeout: 15_000,
    })
    .catch(() => undefined);
  expect(await selectedLabel()).toBe('leads');
  await screenshot(page, 'sql-editor-1-completion');
  // the playground's database is SQLite, where Strapi keeps datetimes as milliseconds
  await page
    .getByText("Dates are milliseconds here: write date(created_at / 1000, 'unixepoch') to get the day.", {
      exact: false,
    })
    .waitFor();
  await page.keyboard.press('Enter');
  expect(await editorText(page)).toBe('SELECT * FROM leads');

  // 2. Ctrl+Enter runs the preview of the editor's text
  const preview = await previewAfter(page, 'Control+Enter');
  expect(preview.status).toBe(200);
  expect(preview.body.error).toBeNull();
  expect(preview.body.data.rows.map((row: any) => [row.name, row.source])).toEqual(LEADS);
  await page.waitForFunction(
    () =>
      document.querySelector<HTMLElement>('[data-testid="tile-editor-preview"]')?.dataset.tileState ===
      'drawn',
    undefined,
    { timeout: 30_000 }
  );
  // the modal's body scrolls: the preview below the chart settings, for the screenshot
  await page.locator('[data-testid="tile-editor-preview"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'sql-editor-2-preview');

  // 3. Format: the formatter's own text, in the datasource's dialect (SQLite here)
  const messy =
    "select name, source from leads where source = {{source}} and name <> 'x' order by name limit 10";
  await replaceText(page, messy);
  await page.getByRole('button', { name: 'Format' }).click();
  const formatted = [
    'SELECT',
    '  name,',
    '  source',
    'FROM',
    '  leads',
    'WHERE',
    '  source = {{source}}',
    "  AND name <> 'x'",
    'ORDER BY',
    '  name',
    'LIMIT',
    '  10',
  ].join('\n');
  expect(formatSql(messy, 'sqlite')).toBe(formatted);
  expect(await editorText(page)).toBe(formatted);
  await screenshot(page, 'sql-editor-3-formatted');

  // 4. the schema tree: a search opens the tables with a matching column; a click inserts its name
  await page.locator('[data-testid="sql-schema-search"]').fill('sourc');
  const columns = page.locator(
    '[data-testid="tile-editor-tables"] [data-table="leads"] [data-testid="sql-schema-column"]'
  );
  await columns.first().waitFor();
  expect(await columns.allInnerTexts()).toEqual(['source\nvarchar(255)']);
  await replaceText(page, 'SELECT  FROM leads');
  await page.keyboard.press('Control+Home');
  for (let step = 0; step < 'SELECT '.length; step += 1) await page.keyboard.press('ArrowRight');
  await columns.first().click();
  expect(await editorText(page)).toBe('SELECT source FROM leads');
  await screenshot(page, 'sql-editor-4-schema-search');

  // 5. the server's refusal, in its words: the nearest allowed table. The preview route answers a
  // refused query with a 400 naming the field; the preview shows the refusal without the path.
  await replaceText(page, 'SELECT * FROM lead');
  const refused = await previewAfter(page, 'Control+Enter');
  const message = '`lead` is not a table of this datasource — did you mean `leads`?';
  expect(refused.status).toBe(400);
  expect(refused.body.error.details.errors).toEqual([
    { path: ['source', 'query'], message, name: 'ValidationError' },
  ]);
  expect(refused.body.error.message).toBe(`source.query: ${message}`);
  await page.locator('[data-testid="tile-editor-preview-error"]').waitFor();
  expect(await page.locator('[data-testid="tile-editor-preview-error"]').innerText()).toBe(message);
  await page.locator('[data-testid="tile-editor-preview-error"]').scrollIntoViewIfNeeded();
  await screenshot(page, 'sql-editor-5-refusal');

  expect(errors).toEqual([]);
  await page.close();
});
