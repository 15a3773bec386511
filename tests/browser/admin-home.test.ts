import type { Browser } from 'playwright-core';
import { launchChromium, screenshot, startPlayground, type RunningPlayground } from './helpers/playground';

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
  await page.goto(`${playground.url}/admin/auth/login`);
  await page.fill('input[name="email"]', playground.admin.email);
  await page.fill('input[name="password"]', playground.admin.password);
  await page.click('button[type="submit"]');

  const menuLink = page.locator('nav a[href="/admin/plugins/dashboards"]');
  await menuLink.waitFor({ timeout: 60_000 });
  await menuLink.click();

  const home = page.locator('[data-testid="dashboards-home"]');
  await home.waitFor({ timeout: 60_000 });
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Dashboards');
  await screenshot(page, 'admin-home');
});
