import path from 'path';
import { createStrapi } from '@strapi/strapi';

/**
 * Starts the playground Strapi's HTTP server without the admin panel's build: one of several
 * instances on one database (the multi-instance tests start two). SIGTERM stops it cleanly.
 */
async function main() {
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
  const appDir = path.resolve(__dirname, '..', '..');
  const strapi = createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  await strapi.start();
  process.once('SIGTERM', () => {
    strapi.destroy().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
