import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import {
  ALL_CONTENT_ACTIONS,
  pluginTablesChecksum,
  seedDashboard,
  type SeededDashboard,
} from '../helpers/dashboards';

/** POST /:id/tiles/preview: the tile editor's live preview runs a tile that is not saved, as /data would. */
let app: TestApp;
let editor: UserPrincipal;
let stranger: UserPrincipal;
let dashboard: SeededDashboard;

const LEADS = [
  { name: 'Ada', source: 'web' },
  { name: 'Bob', source: 'web' },
  { name: 'Cy', source: 'referral' },
];

beforeAll(async () => {
  app = await bootTestApp();
  editor = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, 'api::lead.lead.find'], plan: 'pro' });
  stranger = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, 'api::lead.lead.find'], plan: 'pro' });
  dashboard = await seedDashboard(app, {
    owner: editor.id,
    extra: { filters: [{ id: 'source', type: 'values', label: 'Source', options: ['web', 'referral'] }] },
  });
  for (const lead of LEADS) await app.strapi.db.query('api::lead.lead').create({ data: lead });
});

afterAll(async () => {
  await app?.close();
});

const preview = (user: UserPrincipal, body: object, query = '') =>
  app
    .request()
    .post(`/api/dashboards/${dashboard.id}/tiles/preview${query}`)
    .set(bearer(user.jwt))
    .send(body);

describe('POST /:id/tiles/preview', () => {
  it('runs an unsaved SQL chart with the filter value bound, and writes nothing', async () => {
    const before = await pluginTablesChecksum(app);
    const response = await preview(
      editor,
      {
        tile_type: 'chart',
        chart_type: 'bar',
        source: {
          kind: 'sql',
          datasource_id: 'strapi',
          query: 'SELECT name, 1 AS n FROM leads WHERE source = {{source}} ORDER BY name',
        },
        chart_config: { xField: 'name', yField: 'n' },
      },
      '?params[source]=web'
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 'preview', title: '', tile_type: 'chart', error: null });
    expect(response.body.data.rows).toEqual([
      { name: 'Ada', n: 1 },
      { name: 'Bob', n: 1 },
    ]);
    expect(response.body.data.labels).toEqual(['Ada', 'Bob']);
    expect(await pluginTablesChecksum(app)).toBe(before);
  });

  it('runs an unsaved content-type tile as the caller', async () => {
    const response = await preview(editor, {
      title: 'Leads by source',
      tile_type: 'table',
      source: {
        kind: 'content-type',
        uid: 'api::lead.lead',
        measure: { fn: 'count' },
        group_by: 'source',
        sort: 'desc',
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.error).toBeNull();
    expect(response.body.data.rows).toEqual([
      { source: 'web', count: 2 },
      { source: 'referral', count: 1 },
    ]);
  });

  it('compares a KPI with its comparison query: the change and the trend', async () => {
    const response = await preview(editor, {
      tile_type: 'kpi',
      query: 'SELECT 120 AS total',
      chart_config: {
        valueField: 'total',
        format: 'currency',
        comparison: { enabled: true, query: 'SELECT 96 AS total' },
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      value: 120,
      formatted: '$120',
      change_percent: 25,
      trend: 'up',
    });
  });

  it('answers a query error as the tile’s error, as /data does', async () => {
    const response = await preview(editor, { tile_type: 'table', query: 'SELECT no_such_column FROM leads' });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.error).toMatch(/no_such_column/);
  });

  it('answers 400 naming the field for a bad tile or filter value', async () => {
    const badChart = await preview(editor, { tile_type: 'chart', chart_type: 'pyramid', query: 'SELECT 1' });
    expect(badChart.status).toBe(400);
    expect(badChart.body.error.details.errors[0].path).toEqual(['chart_type']);
    const badFilter = await preview(editor, { tile_type: 'table', query: 'SELECT 1' }, '?params[source]=fax');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.details.errors[0].path).toEqual(['params', 'source']);
  });

  it('takes a labelled option by its value, not its label', async () => {
    const saved = await app
      .request()
      .put(`/api/dashboards/${dashboard.id}`)
      .set(bearer(editor.jwt))
      .send({
        filters: [
          {
            id: 'source',
            type: 'values',
            label: 'Source',
            options: [
              { value: 'web', label: 'Website' },
              { value: 'referral', label: 'Referral' },
            ],
          },
        ],
      });
    expect(saved.status).toBe(200);
    const body = {
      tile_type: 'table',
      query: 'SELECT name FROM leads WHERE source = {{source}} ORDER BY name',
    };
    const byValue = await preview(editor, body, '?params[source]=referral');
    expect(byValue.body.data.rows).toEqual([{ name: 'Cy' }]);
    const byLabel = await preview(editor, body, '?params[source]=Referral');
    expect(byLabel.status).toBe(400);
    expect(byLabel.body.error.details.errors[0]).toMatchObject({
      path: ['params', 'source'],
      message: 'must be one of web, referral',
    });
  });

  it('answers 404 to someone who may not see the dashboard', async () => {
    const response = await preview(stranger, { tile_type: 'table', query: 'SELECT 1' });
    expect(response.status).toBe(404);
  });
});
