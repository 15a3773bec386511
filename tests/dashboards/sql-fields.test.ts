import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS, seedDashboard } from '../helpers/dashboards';
import { QUERY_ROUTES } from '../../server/query/routes';

/**
 * Every field that holds SQL is SQL: a KPI's comparison query needs the SQL permission and passes
 * the same checks as the tile's query when saved, runs as the reader, and never reaches a public,
 * shared or embedded reader.
 */
let app: TestApp;
let author: UserPrincipal;
let editor: UserPrincipal;

const SQL_ACTION = QUERY_ROUTES.preview.contentApiAction;
const STOLEN = 'SELECT (SELECT reset_password_token FROM admin_users WHERE id = 1) AS value';

beforeAll(async () => {
  app = await bootTestApp();
  author = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  // an editor member without the SQL permission
  editor = await createUser(app, {
    actions: ALL_CONTENT_ACTIONS.filter((action) => action !== SQL_ACTION),
    plan: 'pro',
  });
  for (const name of ['Ada', 'Grace', 'Linus']) {
    await app.strapi.db.query('api::lead.lead').create({ data: { name, source: 'event' } });
  }
});

afterAll(async () => {
  await app?.close();
});

const kpi = (comparison: Record<string, unknown>) => ({
  title: 'Leads',
  tile_type: 'kpi',
  query: 'SELECT COUNT(*) AS value FROM leads',
  chart_config: { valueField: 'value', comparison },
});

it('checks a comparison query like the tile’s own when it is saved', async () => {
  const refused = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(author.jwt))
    .send({ name: 'KPI', tiles: [kpi({ query: STOLEN })] });
  expect(refused.status).toBe(400);
  expect(refused.body.error.details.errors[0]).toMatchObject({
    path: ['tiles', '0', 'chart_config', 'comparison', 'query'],
    message: '`admin_users` is not a table this datasource allows',
  });

  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(author.jwt))
    .send({
      name: 'KPI',
      tiles: [kpi({ query: "SELECT COUNT(*) AS value FROM leads WHERE name <> 'Ada'" })],
    });
  expect(created.status).toBe(201);
  const data = await app.request().get(`/api/dashboards/${created.body.id}/data`).set(bearer(author.jwt));
  // 3 leads against 2 the period before
  expect(data.body.tiles[0].data).toMatchObject({ value: 3, change_percent: 50, trend: 'up' });
});

it('needs a SQL source for a comparison query, and the SQL permission to write one', async () => {
  const noSqlSource = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(author.jwt))
    .send({
      name: 'KPI',
      tiles: [
        {
          title: 'Leads',
          tile_type: 'kpi',
          source: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } },
          chart_config: { comparison: { query: 'SELECT 1 AS value' } },
        },
      ],
    });
  expect(noSqlSource.status).toBe(400);
  expect(noSqlSource.body.error.details.errors[0].path).toEqual([
    'tiles',
    '0',
    'chart_config',
    'comparison',
    'query',
  ]);

  // an editor member changes only the chart_config of a SQL KPI: the comparison query is SQL all the same
  const dashboard = await seedDashboard(app, {
    owner: author.id,
    members: [{ user: editor.id, role: 'editor' }],
  });
  const url = `/api/dashboards/${dashboard.id}/tiles/${dashboard.tileIds[0]}`;
  const smuggled = await app
    .request()
    .put(url)
    .set(bearer(editor.jwt))
    .send({ chart_config: { xField: 'one', yField: 'one', comparison: { query: STOLEN } } });
  expect(smuggled.status).toBe(403);
  expect(smuggled.body.error.details.path).toEqual(['chart_config', 'comparison', 'query']);
  // a change that writes no SQL needs no SQL permission
  const renamed = await app.request().put(url).set(bearer(editor.jwt)).send({ title: 'Renamed' });
  expect(renamed.status).toBe(200);
});

it('never hands a comparison query to a shared reader', async () => {
  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(author.jwt))
    .send({ name: 'Shared KPI', tiles: [kpi({ query: 'SELECT 2 AS value', label: 'vs. last month' })] });
  expect(created.status).toBe(201);
  const shared = await app
    .request()
    .post(`/api/dashboards/${created.body.id}/share`)
    .set(bearer(author.jwt))
    .send({ is_public: true });
  expect(shared.status).toBe(200);
  const structure = await app.request().get(`/api/dashboards/shared/${shared.body.share_token}`);
  expect(structure.status).toBe(200);
  expect(structure.body.tiles[0].chart_config).toEqual({
    valueField: 'value',
    comparison: { label: 'vs. last month' },
  });
  const data = await app.request().get(`/api/dashboards/shared/${shared.body.share_token}/data`);
  expect(JSON.stringify([structure.body, data.body])).not.toMatch(/SELECT|FROM leads/i);
});
