import path from 'path';
import supertest from 'supertest';
import { createStrapi, type Core } from '@strapi/strapi';
import { createTestDatabase, engine, type TestDatabase } from './database';
import { apiTables, createReaderAccount } from './readers';
import { testAppEnv } from './secrets';

const appDir = path.resolve(__dirname, '..', '..', 'playground');

export { TEST_SECRETS } from './secrets';

export interface TestApp {
  strapi: Core.Strapi;
  request: () => ReturnType<typeof supertest>;
  close(): Promise<void>;
}

/**
 * Boots the playground Strapi (with the plugin) on a fresh database of the run's engine and
 * mounts its HTTP server, for one test file. Call `close()` in afterAll.
 */
export async function bootTestApp(
  options: { configure?: (env: Record<string, string | undefined>) => Record<string, any> } = {}
): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase(engine(), { fromTemplate: true });
  const config = options.configure?.(database.env) ?? {};
  // SQL on Strapi's own MySQL database needs a reader account, as an administrator would make it
  const reader =
    engine() === 'mysql' && config.strapiDatasource?.reader === undefined
      ? await createReaderAccount()
      : null;
  if (reader) {
    config.strapiDatasource = {
      ...config.strapiDatasource,
      reader: { user: reader.user, password: reader.password },
    };
  }
  Object.assign(process.env, testAppEnv(database.env, config));
  const instance = createStrapi({
    appDir,
    distDir: path.join(appDir, 'dist'),
    autoReload: false,
    serveAdminPanel: false,
  });
  let strapi: Core.Strapi;
  try {
    strapi = await instance.load();
    await strapi.server.mount();
  } catch (error) {
    // a boot that fails must not leave its connections open (the run would never end)
    await instance.destroy().catch(() => undefined);
    await database.drop();
    await reader?.drop();
    throw error;
  }
  // the tables exist once Strapi has loaded: the reader may read the api:: ones
  await reader?.grant(database.env, apiTables(strapi));
  const agent = supertest(strapi.server.httpServer);
  return {
    strapi,
    request: () => agent,
    async close() {
      await strapi.destroy();
      await database.drop();
      await reader?.drop();
    },
  };
}
