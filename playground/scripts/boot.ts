import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';

/** Loads the playground Strapi (no HTTP server), runs `task`, and shuts Strapi down again. */
export async function withPlayground<T>(task: (strapi: Core.Strapi) => Promise<T>): Promise<T> {
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
  process.env.STRAPI_LOG_LEVEL ??= 'error';
  const appDir = path.resolve(__dirname, '..', '..');
  const strapi = await createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  try {
    return await task(strapi);
  } finally {
    await strapi.destroy();
  }
}
