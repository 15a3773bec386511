import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromium, type Browser } from 'playwright-core';

const appDir = path.resolve(__dirname, '..', '..', '..', 'playground');
/** @strapi/strapi's exports map hides bin/, so it is found next to its package.json. */
const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
export const OUTPUT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output', 'browser');

export interface RunningPlayground {
  url: string;
  admin: { email: string; password: string };
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

/**
 * Starts the built playground (`strapi start`, admin panel served) on a fresh SQLite database and a
 * free port, and registers its first admin user.
 */
export async function startPlayground(
  port: number,
  extraEnv: Record<string, string> = {}
): Promise<RunningPlayground> {
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
    return { url, admin, stop };
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
