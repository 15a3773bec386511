import type { TestApp } from '../helpers/strapi';
import { engine } from '../helpers/database';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { bootWithReaderDatasource, type AppWithReader, type ReaderAccount } from '../helpers/readers';

/**
 * The privilege probe: a reader with more rights than SELECT on its allowed tables turns SQL off
 * on its datasource, with the statement that fixes it; running that statement turns SQL back on.
 */
let setup: AppWithReader;
let app: TestApp;
let user: UserPrincipal;
let reader: ReaderAccount | null;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  setup = await bootWithReaderDatasource({
    id: 'warehouse',
    tables: ['leads'],
    datasource: { allowedTables: ['leads'] },
    // on MySQL, Strapi's own database has no reader until one is configured
    config: engine() === 'mysql' ? { strapiDatasource: { reader: 'managed' } } : {},
  });
  ({ app, reader, env } = setup);
  user = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, 'api::lead.lead.find'], plan: 'pro' });
  await app.strapi.db.query('api::lead.lead').create({ data: { name: 'Ada', source: 'event' } });
});

afterAll(async () => {
  await setup?.close();
});

async function access(id: string) {
  const response = await app.request().get('/api/dashboards/datasources').set(bearer(user.jwt));
  expect(response.status).toBe(200);
  return response.body.data.find((datasource: { id: string }) => datasource.id === id).sql;
}

const preview = (datasource_id: string) =>
  app
    .request()
    .post('/api/dashboards/query/preview')
    .set(bearer(user.jwt))
    .send({ datasource_id, query: 'SELECT name FROM leads' });

/** Gives the reader too much, checks the verdict, runs the fix it names, and checks SQL works again. */
async function misconfigure(grant: string, expected: { message: string | RegExp; fix: string | RegExp }) {
  await reader!.asAdmin(env, grant);
  const refused = await access('warehouse');
  expect(refused).toEqual({
    enabled: false,
    reader: expect.any(String),
    problems: [
      {
        message:
          typeof expected.message === 'string' ? expected.message : expect.stringMatching(expected.message),
        fix: typeof expected.fix === 'string' ? expected.fix : expect.stringMatching(expected.fix),
      },
    ],
  });
  const blocked = await preview('warehouse');
  expect({ status: blocked.status, message: blocked.body.error?.message }).toEqual({
    status: 400,
    message: expect.stringContaining('SQL is off on the datasource "warehouse"'),
  });
  await reader!.asAdmin(env, refused.problems[0].fix);
  expect(await access('warehouse')).toMatchObject({ enabled: true, problems: [] });
  const works = await preview('warehouse');
  expect({ status: works.status, rows: works.body.rows }).toEqual({ status: 200, rows: [{ name: 'Ada' }] });
}

const postgres = engine() === 'postgres';
const mysql = engine() === 'mysql';

it('passes a reader with SELECT on the allowed tables only', async () => {
  expect(await access('warehouse')).toEqual({
    enabled: true,
    reader: engine() === 'sqlite' ? null : mysql ? `'${reader!.user}'@'%'` : reader!.user,
    problems: [],
  });
  expect((await preview('warehouse')).body.rows).toEqual([{ name: 'Ada' }]);
});

it('turns SQL off for a reader that can read a denied table, until the named REVOKE', async () => {
  if (engine() === 'sqlite') {
    // SQLite has no users: its boundary is the plan check, and there is nothing to misconfigure
    expect(await access('strapi')).toEqual({ enabled: true, reader: null, problems: [] });
    return;
  }
  const user = reader!.user;
  if (postgres) {
    await misconfigure(`GRANT SELECT ON admin_users TO "${user}"`, {
      message: 'The reader can read a table this datasource does not allow: public.admin_users',
      fix: `REVOKE ALL ON "public"."admin_users" FROM "${user}";`,
    });
  } else {
    const db = env.DATABASE_NAME;
    await misconfigure(`GRANT SELECT ON \`${db}\`.admin_users TO '${user}'@'%'`, {
      message: `The reader can read a table this datasource does not allow: ${db}.admin_users`,
      fix: `REVOKE SELECT ON \`${db}\`.\`admin_users\` FROM '${user}'@'%';`,
    });
    await misconfigure(`GRANT SELECT ON \`${db}\`.* TO '${user}'@'%'`, {
      message: /^The reader can read \d+ tables this datasource does not allow: /,
      fix: `REVOKE SELECT ON \`${db}\`.* FROM '${user}'@'%';`,
    });
  }
});

it('turns SQL off for a reader that can write, until the named REVOKE', async () => {
  if (engine() === 'sqlite') return;
  const user = reader!.user;
  if (postgres) {
    await misconfigure(`GRANT INSERT, UPDATE ON leads TO "${user}"`, {
      message: 'The reader can write to public.leads',
      fix: `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER ON "public"."leads" FROM "${user}";`,
    });
  } else {
    const db = env.DATABASE_NAME;
    await misconfigure(`GRANT INSERT, DELETE ON \`${db}\`.leads TO '${user}'@'%'`, {
      message: /^The reader '.+'@'%' holds (INSERT, DELETE|DELETE, INSERT) on `.+`\.`leads`$/,
      fix: /^REVOKE (INSERT, DELETE|DELETE, INSERT) ON `.+`\.`leads` FROM '.+'@'%';$/,
    });
  }
});

it('turns SQL off for a superuser, a file role or FILE, until the named fix', async () => {
  if (engine() === 'sqlite') return;
  const user = reader!.user;
  if (postgres) {
    await misconfigure(`ALTER ROLE "${user}" SUPERUSER`, {
      message: `The reader ${user} has the role attributes SUPERUSER`,
      fix: `ALTER ROLE "${user}" NOSUPERUSER;`,
    });
    await misconfigure(`GRANT pg_read_server_files TO "${user}"`, {
      message: `The reader ${user} is a member of pg_read_server_files`,
      fix: `REVOKE "pg_read_server_files" FROM "${user}";`,
    });
    await misconfigure(`ALTER ROLE "${user}" CREATEROLE`, {
      message: `The reader ${user} has the role attributes CREATEROLE`,
      fix: `ALTER ROLE "${user}" NOCREATEROLE;`,
    });
  } else {
    await misconfigure(`GRANT FILE, PROCESS ON *.* TO '${user}'@'%'`, {
      message: /^The reader '.+'@'%' holds (FILE, PROCESS|PROCESS, FILE) on the whole server$/,
      fix: /^REVOKE (FILE, PROCESS|PROCESS, FILE) ON \*\.\* FROM '.+'@'%';$/,
    });
  }
});

it('keeps SQL off on Strapi’s own MySQL database until a reader is configured, saying how to make one', async () => {
  if (!mysql) {
    // PostgreSQL: the plugin keeps its own role; SQLite: the plan check
    const strapiAccess = await access('strapi');
    expect(strapiAccess).toEqual({
      enabled: true,
      reader: postgres ? `dashboards_reader_${env.DATABASE_NAME}` : null,
      problems: [],
    });
    return;
  }
  const strapiAccess = await access('strapi');
  expect(strapiAccess.enabled).toBe(false);
  expect(strapiAccess.problems[0].message).toMatch(/needs an account of its own/);
  expect(strapiAccess.problems[0].fix).toContain("CREATE USER 'dashboards_reader'@'%'");
  expect(strapiAccess.problems[0].fix).toContain(
    `GRANT SELECT ON \`${env.DATABASE_NAME}\`.\`leads\` TO 'dashboards_reader'@'%';`
  );
  expect(strapiAccess.problems[0].fix).not.toContain('admin_users');
  const refused = await preview('strapi');
  expect(refused.status).toBe(400);
  // content-type tiles keep working: they run the plugin's own SQL, not the author's
  const content = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(user.jwt))
    .send({
      name: 'Content',
      tiles: [
        {
          title: 'Leads',
          tile_type: 'kpi',
          source: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } },
        },
      ],
    });
  expect(content.status).toBe(201);
  const data = await app.request().get(`/api/dashboards/${content.body.id}/data`).set(bearer(user.jwt));
  expect(data.body.tiles[0]).toMatchObject({ error: null, data: { value: 1 } });
});
