import type { Browser } from 'playwright-core';
import {
  launchChromium,
  screenshot,
  startPlayground,
  type RunningPlayground,
  logIn,
} from './helpers/playground';

let playground: RunningPlayground;
let browser: Browser;

beforeAll(async () => {
  playground = await startPlayground(Number(process.env.BROWSER_TEST_PORT ?? 1437));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
});

it('shows the plugin in the admin menu and opens its page for a Super Admin', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await logIn(page, playground);

  const menuLink = page.locator('nav a[href="/admin/plugins/dashboards"]');
  await menuLink.waitFor({ timeout: 60_000 });
  await menuLink.click();

  const home = page.locator('[data-testid="dashboards-home"]');
  await home.waitFor({ timeout: 60_000 });
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Dashboards');
  await screenshot(page, 'admin-home');
});

it('hides the plugin from an admin whose role lacks the read action', async () => {
  const api = async (path: string, token: string | null, body?: object) => {
    const response = await fetch(`${playground.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return (await response.json()) as any;
  };
  const superToken = (await api('/admin/login', null, playground.admin)).data.token;
  const author = (await api('/admin/roles', superToken)).data.find(
    (role: any) => role.code === 'strapi-author'
  );
  const email = 'author@dashboards.test';
  const password = 'Author-test-1';
  const invited = await api('/admin/users', superToken, {
    firstname: 'Ann',
    lastname: 'Author',
    email,
    roles: [author.id],
  });
  await api('/admin/register', null, {
    registrationToken: invited.data.registrationToken,
    userInfo: { firstname: 'Ann', lastname: 'Author', password },
  });

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await logIn(page, playground, { email, password });
  await page.locator('nav a[href="/admin/content-manager"]').waitFor({ timeout: 60_000 });
  expect(await page.locator('nav a[href="/admin/plugins/dashboards"]').count()).toBe(0);

  await page.goto(`${playground.url}/admin/plugins/dashboards`);
  await page.getByText("You don't have the permissions to access that content").waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid="dashboards-home"]').count()).toBe(0);
  await screenshot(page, 'admin-home-forbidden');
  await context.close();
});
