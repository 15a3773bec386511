import path from 'path';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { engine } from '../helpers/database';
import { bearer, createAdmin, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS, seedDashboard } from '../helpers/dashboards';
import { QUERY_ROUTES } from '../../server/query/routes';

let app: TestApp;
let writer: UserPrincipal;
let noSql: UserPrincipal;

beforeAll(async () => {
  app = await bootTestApp();
  writer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  noSql = await createUser(app, {
    actions: ALL_CONTENT_ACTIONS.filter((action) => action !== QUERY_ROUTES.preview.contentApiAction),
    plan: 'pro',
  });
  await app.strapi.db.query('api::lead.lead').create({
    data: {
      name: 'Only lead',
      source: 'website',
      createdAt: '2026-01-15T10:20:30.000Z',
      qualified_at: '2026-02-01T23:45:00.000Z',
    },
  });
  await app.strapi.db.query('api::opportunity.opportunity').create({
    data: { name: 'Deal', amount: 10, closed_at: null, expected_close_date: '2026-03-31' },
  });
});

afterAll(async () => {
  await app?.close();
});

const sqlTile = (query: string, datasource_id = 'strapi') => ({
  title: 'SQL',
  tile_type: 'table',
  datasource_id,
  query,
});

it('needs the SQL permission to save a SQL tile, not to save other tiles', async () => {
  const dashboard = await seedDashboard(app, { owner: noSql.id, tiles: 0 });
  const refused = await app
    .request()
    .post(`/api/dashboards/${dashboard.id}/tiles`)
    .set(bearer(noSql.jwt))
    .send(sqlTile('SELECT name FROM leads'));
  expect(refused.status).toBe(403);
  expect(refused.body.error).toMatchObject({
    name: 'PolicyError',
    message: 'Saving SQL needs the permission to run SQL',
  });
  const text = await app
    .request()
    .post(`/api/dashboards/${dashboard.id}/tiles`)
    .set(bearer(noSql.jwt))
    .send({ title: 'Notes', tile_type: 'text', chart_config: { content: 'hello' } });
  expect(text.status).toBe(201);

  const admin = await createAdmin(app, { actions: ['plugin::dashboards.read', 'plugin::dashboards.update'] });
  const adminRefused = await app
    .request()
    .post(`/dashboards/dashboards/${dashboard.id}/tiles`)
    .set(bearer(admin.token))
    .send(sqlTile('SELECT name FROM leads'));
  expect(adminRefused.status).toBe(403);
  const sqlAdmin = await createAdmin(app, {
    actions: ['plugin::dashboards.read', 'plugin::dashboards.update', 'plugin::dashboards.sql.execute'],
  });
  const adminAllowed = await app
    .request()
    .post(`/dashboards/dashboards/${dashboard.id}/tiles`)
    .set(bearer(sqlAdmin.token))
    .send(sqlTile('SELECT name FROM leads'));
  expect(adminAllowed.status).toBe(201);
});

it('checks a SQL tile’s query when it is saved, naming the field', async () => {
  const dashboard = await seedDashboard(app, { owner: writer.id, tiles: 0 });
  const url = `/api/dashboards/${dashboard.id}/tiles`;
  const forbiddenTable = await app
    .request()
    .post(url)
    .set(bearer(writer.jwt))
    .send(sqlTile('SELECT * FROM admin_users'));
  expect(forbiddenTable.status).toBe(400);
  expect(forbiddenTable.body.error.details).toMatchObject({
    reason: 'table_not_allowed',
    errors: [{ path: ['source', 'query'] }],
  });
  const unknownSource = await app
    .request()
    .post(url)
    .set(bearer(writer.jwt))
    .send(sqlTile('SELECT 1', 'nowhere'));
  expect(unknownSource.status).toBe(400);
  expect(unknownSource.body.error.details.errors[0].path).toEqual(['source', 'datasource_id']);
  const inBody = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(writer.jwt))
    .send({ name: 'x', tiles: [sqlTile('SELECT 1; DROP TABLE leads')] });
  expect(inBody.status).toBe(400);
  expect(inBody.body.error.details.errors[0].path).toEqual(['tiles', '0', 'source', 'query']);
});

describe('dates in SQL results (issue 17)', () => {
  const run = async (query: string) => {
    const response = await app
      .request()
      .post('/api/dashboards/query/preview')
      .set(bearer(writer.jwt))
      .send({ datasource_id: 'strapi', query });
    expect([response.status, response.body.error]).toEqual([200, undefined]);
    return response.body.rows;
  };

  it('answers date and datetime columns as ISO 8601 on every database, through subqueries too', async () => {
    const lead = { created_at: '2026-01-15T10:20:30.000Z', qualified_at: '2026-02-01T23:45:00.000Z' };
    expect(await run("SELECT created_at, qualified_at FROM leads WHERE name = 'Only lead'")).toEqual([lead]);
    expect(await run('SELECT * FROM (SELECT created_at, qualified_at FROM leads) AS dated')).toEqual([lead]);
    expect(
      await run('SELECT name, closed_at, expected_close_date AS due FROM opportunities ORDER BY name')
    ).toEqual([{ name: 'Deal', closed_at: null, due: '2026-03-31' }]);
  });

  if (engine() === 'sqlite') {
    it('buckets SQLite datetimes (milliseconds since 1970) by date as the documentation says', async () => {
      expect(
        await run(
          "SELECT date(created_at / 1000, 'unixepoch') AS day, strftime('%Y-%m', qualified_at / 1000, 'unixepoch') AS month FROM leads"
        )
      ).toEqual([{ day: '2026-01-15', month: '2026-02' }]);
    });
  }
});

describe('behind the SQL guard', () => {
  // The compiled registry: the SQLite runner starts its worker from a compiled file.
  const registry = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/ has no type declarations to import
    require(path.resolve(__dirname, '../../dist/server/query/datasources')).createDatasourceRegistry(
      app.strapi
    );
  const limits = { rowCap: 100, timeoutMs: 5_000 };

  it('still refuses writes that reach the executor without the guard, changing nothing', async () => {
    const sources = registry();
    const runner = sources.get('strapi').runner();
    for (const statement of [
      'DELETE FROM leads',
      "UPDATE leads SET name = 'x'",
      "INSERT INTO leads (name) VALUES ('x')",
    ]) {
      await expect(runner.run(statement, [], limits)).rejects.toThrow();
    }
    expect(await app.strapi.db.query('api::lead.lead').count()).toBe(1);
    await sources.destroy();
  });

  if (engine() === 'postgres') {
    it('runs in a read-only transaction (PostgreSQL refuses nextval there)', async () => {
      const sources = registry();
      await expect(
        sources.get('strapi').runner().run("SELECT nextval('leads_id_seq')", [], limits)
      ).rejects.toThrow(/read-only transaction/);
      await sources.destroy();
    });
  }
});
