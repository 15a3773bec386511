import crypto from 'crypto';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { engine, externalConnection } from '../helpers/database';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { hostileSql } from './hostile-sql';
import { createReaderAccount, type ReaderAccount } from '../helpers/readers';

/**
 * Tiles running real SQL on the Strapi database and on an external datasource (the same test
 * database reached through its own connection), on each engine.
 */
const ROW_CAP = 5;
const TIMEOUT_MS = 1000;
let app: TestApp;
let user: UserPrincipal;
/** The warehouse datasource's account: SELECT on leads only (PostgreSQL, MySQL). */
let warehouseReader: ReaderAccount | null;

const SOURCES = [
  'website',
  'website',
  'website',
  'referral',
  'referral',
  'linkedin',
  'event',
  'other',
  'other',
  'cold_call',
];

let env: Record<string, string | undefined>;

beforeAll(async () => {
  warehouseReader = await createReaderAccount();
  app = await bootTestApp({
    configure: (given) => ({
      query: { rowCap: ROW_CAP, timeoutMs: TIMEOUT_MS },
      datasources: {
        warehouse: {
          ...externalConnection((env = given), warehouseReader),
          allowedTables: ['leads'],
          label: 'Warehouse',
        },
        offline: {
          client: engine() === 'sqlite' ? 'postgres' : engine(),
          connection: { host: '127.0.0.1', port: 1, user: 'x', database: 'x' },
          allowedTables: ['*'],
        },
      },
    }),
  });
  await warehouseReader?.grant(env, ['leads']);
  user = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  for (const [index, source] of SOURCES.entries()) {
    await app.strapi.db
      .query('api::lead.lead')
      .create({ data: { name: `Lead ${index}`, source, status: index < 3 ? 'qualified' : 'open' } });
  }
});

afterAll(async () => {
  await app?.close();
  await warehouseReader?.drop();
});

async function dashboardWith(tiles: object[], filters: object[] = []) {
  const response = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(user.jwt))
    .send({ name: 'Query engine', filters, tiles });
  expect({ status: response.status, error: response.body.error }).toEqual({ status: 201, error: undefined });
  return response.body;
}

const BY_SOURCE = 'SELECT source, COUNT(*) AS total FROM leads GROUP BY source ORDER BY total DESC, source';

it('runs SQL tiles on the server with exact results and chart-ready data; one bad tile fails alone', async () => {
  const dashboard = await dashboardWith([
    {
      title: 'By source',
      tile_type: 'chart',
      chart_type: 'bar',
      query: BY_SOURCE,
      chart_config: { xField: 'source', yField: 'total' },
    },
    {
      title: 'Leads',
      tile_type: 'kpi',
      query: 'SELECT COUNT(*) AS value FROM leads',
      chart_config: { valueField: 'value', compareValue: 8, format: 'number' },
    },
    { title: 'Broken', tile_type: 'table', query: 'SELECT no_such_column FROM leads' },
    {
      title: 'Warehouse',
      tile_type: 'chart',
      chart_type: 'pie',
      datasource_id: 'warehouse',
      query: BY_SOURCE,
      chart_config: { nameField: 'source', valueField: 'total' },
    },
  ]);
  const response = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(user.jwt));
  expect(response.status).toBe(200);
  const [bySource, kpi, broken, warehouse] = response.body.tiles;

  const expectedRows = [
    { source: 'website', total: 3 },
    { source: 'other', total: 2 },
    { source: 'referral', total: 2 },
    { source: 'cold_call', total: 1 },
    { source: 'event', total: 1 },
  ];
  expect(bySource.error).toBeNull();
  expect(bySource.data).toEqual({
    columns: ['source', 'total'],
    rows: expectedRows,
    truncated: true, // 6 sources, a row cap of 5
    truncated_reason: 'rows',
    labels: ['website', 'other', 'referral', 'cold_call', 'event'],
    datasets: [{ label: 'total', data: [3, 2, 2, 1, 1] }],
  });
  expect(kpi.data).toMatchObject({ value: 10, formatted: '10', change_percent: 25, trend: 'up' });
  expect(broken.data).toBeNull();
  // the database's own words, naming the column (each dialect words it its way)
  expect(broken.error).toMatch(/no_such_column/);
  expect(warehouse.error).toBeNull();
  expect(warehouse.data.rows).toEqual(expectedRows);
  expect(warehouse.data.labels).toEqual(['website', 'other', 'referral', 'cold_call', 'event']);
  // a datasource whose reader cannot be checked takes no SQL
  const offline = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(user.jwt))
    .send({
      name: 'Offline',
      tiles: [{ title: 'Offline', tile_type: 'table', datasource_id: 'offline', query: 'SELECT 1 AS one' }],
    });
  expect({ status: offline.status, path: offline.body.error.details.errors[0].path }).toEqual({
    status: 400,
    path: ['tiles', '0', 'source', 'query'],
  });
  expect(offline.body.error.message).toMatch(
    /SQL is off on the datasource "offline": The reader could not be checked/
  );

  const one = await app
    .request()
    .get(`/api/dashboards/${dashboard.id}/tiles/${kpi.id}/data`)
    .set(bearer(user.jwt));
  expect(one.body).toMatchObject({ id: kpi.id, title: 'Leads', data: { value: 10 } });
});

it('keeps the query’s own order under the row cap, with or without its own LIMIT', async () => {
  const byName = 'SELECT name FROM leads ORDER BY name DESC';
  const dashboard = await dashboardWith(
    [
      byName,
      `${byName} LIMIT 7`,
      `${byName} LIMIT 3`,
      'SELECT source FROM leads UNION SELECT status FROM leads ORDER BY source LIMIT 6',
    ].map((query) => ({ title: query, tile_type: 'table', query }))
  );
  const response = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(user.jwt));
  const results = response.body.tiles.map(({ error, data }: any) => ({
    error,
    columns: data.columns,
    rows: data.rows,
    truncated: data.truncated,
  }));
  const names = (...numbers: number[]) => numbers.map((number) => ({ name: `Lead ${number}` }));
  expect(results).toEqual([
    { error: null, columns: ['name'], rows: names(9, 8, 7, 6, 5), truncated: true },
    { error: null, columns: ['name'], rows: names(9, 8, 7, 6, 5), truncated: true },
    { error: null, columns: ['name'], rows: names(9, 8, 7), truncated: false },
    {
      error: null,
      columns: ['source'],
      rows: ['cold_call', 'event', 'linkedin', 'open', 'other'].map((source) => ({ source })),
      truncated: true,
    },
  ]);
});

it('sorts a table tile in the database before the row cap, and tells its columns and pages', async () => {
  const dashboard = await dashboardWith([
    {
      title: 'Leads',
      tile_type: 'table',
      query: 'SELECT name, source FROM leads',
      chart_config: {
        columns: [{ field: 'name', label: 'Lead', width: 200 }, 'source', { field: 'missing' }],
        sort_by: 'name',
        sort_order: 'desc',
        pageSize: 2,
      },
    },
    {
      title: 'Sources',
      tile_type: 'table',
      query: BY_SOURCE,
      chart_config: { sort_by: 'source', sort_order: 'asc' },
    },
    {
      title: 'Bad sort',
      tile_type: 'table',
      query: BY_SOURCE,
      chart_config: { sort_by: 'nope' },
    },
  ]);
  const response = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(user.jwt));
  const [leads, sources, badSort] = response.body.tiles;
  expect(leads.data).toEqual({
    columns: ['name', 'source'],
    // the last five names of ten: sorted by the database, not within the first five rows read
    rows: [9, 8, 7, 6, 5].map((number) => ({ name: `Lead ${number}`, source: SOURCES[number] })),
    truncated: true,
    display_columns: [
      { field: 'name', label: 'Lead', width: 200 },
      { field: 'source', label: 'source' },
    ],
    page_size: 2,
    total_rows: 5,
    page_count: 3,
    truncated_reason: 'rows',
  });
  expect(sources.data.rows.map((row: { source: string }) => row.source)).toEqual([
    'cold_call',
    'event',
    'linkedin',
    'other',
    'referral',
  ]);
  expect(badSort).toMatchObject({ data: null, error: expect.stringMatching(/nope/) });
});

it('ends a query that outlives the statement timeout as that tile’s error', async () => {
  // 10 leads joined with themselves nine times: 10^9 rows to count, far beyond the timeout on every engine
  const slow = `SELECT COUNT(*) AS total FROM ${Array.from({ length: 9 }, (_, index) => `leads l${index}`).join(', ')}`;
  const response = await app
    .request()
    .post('/api/dashboards/query/preview')
    .set(bearer(user.jwt))
    .send({ query: slow });
  expect(response.status).toBe(400);
  expect(response.body.error.message).toMatch(
    /timeout|interrupted|max_statement_time|maximum statement execution time|canceling/i
  );
});

it('binds dashboard filter values as parameters, never as SQL text', async () => {
  const dashboard = await dashboardWith(
    [
      {
        title: 'One source',
        tile_type: 'table',
        query: 'SELECT COUNT(*) AS total FROM leads WHERE source = {{source}}',
      },
    ],
    [{ id: 'source', type: 'text', label: 'Source', default: 'website' }]
  );
  const url = `/api/dashboards/${dashboard.id}/data`;
  const byDefault = await app.request().get(url).set(bearer(user.jwt));
  expect(byDefault.body.tiles[0].data.rows).toEqual([{ total: 3 }]);
  const referral = await app
    .request()
    .get(url)
    .query({ params: { source: 'referral' } })
    .set(bearer(user.jwt));
  expect(referral.body.tiles[0].data.rows).toEqual([{ total: 2 }]);
  for (const attack of ["' OR '1'='1", "website'; DROP TABLE leads; --", 'website" OR 1=1 --']) {
    const response = await app
      .request()
      .get(url)
      .query({ params: { source: attack } })
      .set(bearer(user.jwt));
    expect(response.body.tiles[0]).toMatchObject({ error: null, data: { rows: [{ total: 0 }] } });
  }
  expect(await app.strapi.db.query('api::lead.lead').count()).toBe(10);
  const unknown = await app
    .request()
    .get(url)
    .query({ params: { region: 'x' } })
    .set(bearer(user.jwt));
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.details.errors[0].path).toEqual(['params', 'region']);
});

async function databaseChecksum() {
  const hash = crypto.createHash('sha256');
  for (const table of [
    'leads',
    'admin_users',
    'up_users',
    'dashboards_dashboards',
    'dashboards_tiles',
    'strapi_api_tokens',
  ]) {
    hash.update(JSON.stringify(await app.strapi.db.connection(table).select('*').orderBy('id')));
  }
  return hash.digest('hex');
}

it('refuses every statement of the hostile corpus, on the Strapi database and the external one, changing nothing', async () => {
  const before = await databaseChecksum();
  const dialect = engine() === 'mysql' ? 'mysql' : engine();
  for (const datasource of ['strapi', 'warehouse']) {
    for (const query of hostileSql(dialect)) {
      const response = await app
        .request()
        .post('/api/dashboards/query/preview')
        .set(bearer(user.jwt))
        .send({ datasource_id: datasource, query });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  }
  expect(await databaseChecksum()).toBe(before);
});

it('lists the datasources without their connections', async () => {
  const response = await app.request().get('/api/dashboards/datasources').set(bearer(user.jwt));
  const readerName = (user: string | undefined) =>
    user === undefined ? null : engine() === 'mysql' ? `'${user}'@'%'` : user;
  const strapiReader = {
    sqlite: null,
    postgres: `dashboards_reader_${env.DATABASE_NAME}`,
    mysql: readerName((app.strapi.config.get('plugin::dashboards') as any).strapiDatasource?.reader?.user),
  }[engine()];
  expect(response.body.data).toEqual([
    {
      id: 'strapi',
      label: 'Strapi database',
      client: engine(),
      sql: { enabled: true, reader: strapiReader, problems: [] },
    },
    {
      id: 'warehouse',
      label: 'Warehouse',
      client: engine(),
      sql: { enabled: true, reader: readerName(warehouseReader?.user), problems: [] },
    },
    {
      id: 'offline',
      label: 'offline',
      client: engine() === 'sqlite' ? 'postgres' : engine(),
      sql: {
        enabled: false,
        reader: null,
        problems: [{ message: expect.stringMatching(/^The reader could not be checked: /), fix: null }],
      },
    },
  ]);
  expect(JSON.stringify(response.body)).not.toContain('password');
});

it('exports a tile as CSV, quoting cells a spreadsheet would run as formulas', async () => {
  await app.strapi.db
    .query('api::lead.lead')
    .create({ data: { name: '=HYPERLINK("http://evil")', source: 'event' } });
  const dashboard = await dashboardWith([
    {
      title: 'Names',
      tile_type: 'table',
      query: "SELECT name, source FROM leads WHERE source = 'event' ORDER BY id",
    },
  ]);
  const response = await app
    .request()
    .get(`/api/dashboards/${dashboard.id}/tiles/${dashboard.tiles[0].id}/csv`)
    .set(bearer(user.jwt));
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
  // named after the tile and the day it ran (UTC)
  const day = new Date().toISOString().slice(0, 10);
  expect(response.headers['content-disposition']).toBe(`attachment; filename="Names ${day}.csv"`);
  expect(response.text).toBe('name,source\nLead 6,event\n"\'=HYPERLINK(""http://evil"")",event\n');
  await app.strapi.db.query('api::lead.lead').deleteMany({ where: { name: { $startsWith: '=' } } });
});

it('runs identical queries of one call once, and GET ?refresh=true returns the tiles with their data', async () => {
  const random = {
    sqlite: 'SELECT random() AS r',
    postgres: 'SELECT random() AS r',
    mysql: 'SELECT RAND() AS r',
  }[engine()];
  const dashboard = await dashboardWith([
    { title: 'A', tile_type: 'table', query: random },
    { title: 'B', tile_type: 'table', query: random },
  ]);
  const data = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(user.jwt));
  const [first, second] = data.body.tiles.map((tile: any) => tile.data.rows[0].r);
  expect(first).toBe(second);
  // the next call is served from the result cache (docs/cache.md): the same figure, marked cached …
  const again = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(user.jwt));
  expect(again.body.tiles[0]).toMatchObject({ cached: true, data: { rows: [{ r: first }] } });
  // … and a call with the cache emptied runs the query again
  app.strapi.plugin('dashboards').service('cache').clear();
  const fresh = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(user.jwt));
  expect(fresh.body.tiles[0].data.rows[0].r).not.toBe(first);
  expect(fresh.body.tiles[0].cached).toBeUndefined();

  const refreshed = await app
    .request()
    .get(`/api/dashboards/${dashboard.id}?refresh=true`)
    .set(bearer(user.jwt));
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.tiles.map((tile: any) => [tile.title, tile.error, tile.data.columns])).toEqual([
    ['A', null, ['r']],
    ['B', null, ['r']],
  ]);
  expect(refreshed.body.last_refreshed_at).not.toBeNull();
  const plain = await app.request().get(`/api/dashboards/${dashboard.id}`).set(bearer(user.jwt));
  expect(plain.body.tiles[0].data).toBeUndefined();
  expect(plain.body.last_refreshed_at).toBe(refreshed.body.last_refreshed_at);
});
