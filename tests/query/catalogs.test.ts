import { bootTestApp, type TestApp } from '../helpers/strapi';
import { engine, externalConnection } from '../helpers/database';
import { bearer, createAdmin, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { createReaderAccount, type ReaderAccount } from '../helpers/readers';
import { QUERY_ROUTES } from '../../server/query/routes';

/**
 * A tile's catalog and schema, and the listings the tile editor reads: a datasource's tables and
 * columns, and the content types a structured query may use.
 */
let app: TestApp;
let writer: UserPrincipal;
/** Where `deals` lives: a schema of the test database (PostgreSQL) or a second database (MySQL). */
let salesSchema = 'sales';
/** The warehouse datasource's account: SELECT on leads and the deals table only. */
let warehouseReader: ReaderAccount | null;
let env: Record<string, string | undefined>;

const DEALS = [
  ['north', 100],
  ['south', 250],
  ['north', 50],
];

beforeAll(async () => {
  warehouseReader = await createReaderAccount();
  app = await bootTestApp({
    configure: (given) => {
      env = given;
      if (engine() === 'mysql') salesSchema = `${env.DATABASE_NAME}_sales`;
      return {
        datasources: {
          warehouse: {
            ...externalConnection(env, warehouseReader),
            allowedTables: ['leads', `${salesSchema}.deals`],
            label: 'Warehouse',
            // one connection, so a query after a schema switch reuses it
            maxConcurrency: 1,
          },
        },
      };
    },
  });
  writer = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, 'api::lead.lead.find'], plan: 'pro' });
  await app.strapi.db.query('api::lead.lead').create({ data: { name: 'Lead', source: 'event' } });
  const knex = app.strapi.db.connection;
  if (engine() === 'postgres') await knex.raw('CREATE SCHEMA sales');
  if (engine() === 'mysql') await knex.raw('CREATE DATABASE ??', [salesSchema]);
  if (engine() !== 'sqlite') {
    await knex.raw('CREATE TABLE ??.deals (region varchar(20), revenue integer)', [salesSchema]);
    for (const [region, revenue] of DEALS) {
      await knex.raw('INSERT INTO ??.deals (region, revenue) VALUES (?, ?)', [salesSchema, region, revenue]);
    }
  }
  await warehouseReader?.grant(env, ['leads', `${salesSchema}.deals`]);
});

afterAll(async () => {
  if (engine() === 'mysql') await app?.strapi.db.connection.raw('DROP DATABASE IF EXISTS ??', [salesSchema]);
  await app?.close();
  await warehouseReader?.drop();
});

const preview = (body: Record<string, unknown>, jwt = writer.jwt) =>
  app.request().post('/api/dashboards/query/preview').set(bearer(jwt)).send(body);

const REVENUE = 'SELECT region, SUM(revenue) AS revenue FROM deals GROUP BY region ORDER BY region';

describe('catalog and schema', () => {
  if (engine() === 'sqlite') {
    it('has neither on SQLite, except "main"', async () => {
      expect(
        (
          await preview({
            datasource_id: 'warehouse',
            schema: 'main',
            query: 'SELECT COUNT(*) AS n FROM leads',
          })
        ).body
      ).toMatchObject({
        rows: [{ n: 1 }],
      });
      const refused = await preview({
        datasource_id: 'warehouse',
        schema: 'sales',
        query: 'SELECT 1 AS one',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.errors).toEqual([
        {
          path: ['schema'],
          message: 'a SQLite datasource has no catalogs or schemas',
          name: 'ValidationError',
        },
      ]);
    });
    return;
  }

  it('reads unqualified tables from the tile’s schema, which the allow list qualifies', async () => {
    const created = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(writer.jwt))
      .send({
        name: 'Sales',
        tiles: [
          {
            title: 'Revenue',
            tile_type: 'table',
            datasource_id: 'warehouse',
            schema: salesSchema,
            query: REVENUE,
          },
        ],
      });
    expect(created.status).toBe(201);
    expect(created.body.tiles[0]).toMatchObject({ catalog: null, schema: salesSchema });
    const data = await app.request().get(`/api/dashboards/${created.body.id}/data`).set(bearer(writer.jwt));
    expect(data.body.tiles[0]).toMatchObject({
      error: null,
      data: {
        rows: [
          { region: 'north', revenue: 150 },
          { region: 'south', revenue: 250 },
        ],
      },
    });

    // The same query without the schema reads an unqualified `deals`, which the allow list refuses.
    const unqualified = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(writer.jwt))
      .send({
        name: 'x',
        tiles: [{ title: 't', tile_type: 'table', datasource_id: 'warehouse', query: REVENUE }],
      });
    expect(unqualified.status).toBe(400);
    expect(unqualified.body.error.details).toMatchObject({
      reason: 'table_not_allowed',
      errors: [{ path: ['tiles', '0', 'source', 'query'] }],
    });

    // The connection went back to its own database/search path: `leads` is found again.
    expect(
      (await preview({ datasource_id: 'warehouse', query: 'SELECT COUNT(*) AS n FROM leads' })).body
    ).toMatchObject({
      rows: [{ n: 1 }],
    });
  });

  it('maps the catalog to the connection’s database (PostgreSQL) and refuses it on MySQL', async () => {
    const database = String(
      app.strapi.db.config.connection.connection &&
        (app.strapi.db.config.connection.connection as any).database
    );
    const named = await preview({
      datasource_id: 'warehouse',
      catalog: database,
      schema: salesSchema,
      query: REVENUE,
    });
    const other = await preview({
      datasource_id: 'warehouse',
      catalog: 'analytics',
      query: 'SELECT 1 AS one',
    });
    expect(other.status).toBe(400);
    if (engine() === 'postgres') {
      expect(named.status).toBe(200);
      expect(other.body.error.details.errors[0]).toMatchObject({
        path: ['catalog'],
        message: `must be this datasource's database "${database}"`,
      });
    } else {
      expect(named.status).toBe(400);
      expect(other.body.error.details.errors[0]).toMatchObject({
        path: ['catalog'],
        message: 'MySQL has no catalogs: name the database as the schema',
      });
    }
  });

  it('keeps tiles on Strapi’s database in its own schema', async () => {
    const refused = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(writer.jwt))
      .send({ name: 'x', tiles: [{ title: 't', tile_type: 'table', schema: salesSchema, query: REVENUE }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0]).toMatchObject({
      path: ['tiles', '0', 'source', 'schema'],
      message: expect.stringMatching(/^must be ".+" on Strapi's database$/),
    });
    const injected = await preview({
      datasource_id: 'warehouse',
      schema: 'sales"; DROP TABLE leads; --',
      query: 'SELECT 1 AS one',
    });
    expect(injected.status).toBe(400);
    expect(injected.body.error.details.errors[0].path).toEqual(['schema']);
  });
});

describe('GET /datasources/:id/tables', () => {
  it('lists the tables and columns the allow list lets tiles read, and nothing of Strapi’s own', async () => {
    const response = await app
      .request()
      .get('/api/dashboards/datasources/strapi/tables')
      .set(bearer(writer.jwt));
    expect(response.status).toBe(200);
    const names = response.body.data.map((table: { name: string }) => table.name);
    expect(names).toEqual(expect.arrayContaining(['leads', 'opportunities', 'leads_owner_lnk']));
    for (const name of names) expect(name).not.toMatch(/^(admin_|up_|strapi_|dashboards_|i18n_|files)/);
    const leads = response.body.data.find((table: { name: string }) => table.name === 'leads');
    expect(leads.columns.map((column: { name: string }) => column.name)).toEqual(
      expect.arrayContaining(['id', 'document_id', 'name', 'source', 'created_at'])
    );
    expect(leads.columns.find((column: { name: string }) => column.name === 'name').type).toMatch(
      /char|text/
    );

    const warehouse = await app
      .request()
      .get('/api/dashboards/datasources/warehouse/tables')
      .set(bearer(writer.jwt));
    // PostgreSQL lists every schema unless one is asked for; MySQL the connection's database
    expect(warehouse.body.data.map((table: { schema: string; name: string }) => table.name)).toEqual(
      engine() === 'postgres' ? ['leads', 'deals'] : ['leads']
    );
    if (engine() !== 'sqlite') {
      const sales = await app
        .request()
        .get('/api/dashboards/datasources/warehouse/tables')
        .query({ schema: salesSchema })
        .set(bearer(writer.jwt));
      expect(sales.body.data).toEqual([
        {
          schema: salesSchema,
          name: 'deals',
          columns: [
            { name: 'region', type: expect.stringMatching(/char/) },
            { name: 'revenue', type: expect.stringMatching(/int/) },
          ],
        },
      ]);
    }
  });

  it('answers 404 for an unknown datasource and 403 without the SQL permission', async () => {
    const unknown = await app
      .request()
      .get('/api/dashboards/datasources/nowhere/tables')
      .set(bearer(writer.jwt));
    expect(unknown.status).toBe(404);
    const noSql = await createUser(app, {
      actions: ALL_CONTENT_ACTIONS.filter((action) => action !== QUERY_ROUTES.tables.contentApiAction),
    });
    expect(
      (await app.request().get('/api/dashboards/datasources/strapi/tables').set(bearer(noSql.jwt))).status
    ).toBe(403);
    const admin = await createAdmin(app, { actions: ['plugin::dashboards.read'] });
    expect(
      (await app.request().get('/dashboards/dashboards/datasources/strapi/tables').set(bearer(admin.token)))
        .status
    ).toBe(403);
  });
});

describe('GET /content-types', () => {
  it('lists only the content types and fields the caller may read, never private ones', async () => {
    const response = await app.request().get('/api/dashboards/content-types').set(bearer(writer.jwt));
    expect(response.status).toBe(200);
    expect(response.body.data.map((type: { uid: string }) => type.uid)).toEqual(['api::lead.lead']);
    const fields = response.body.data[0].fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        { name: 'source', type: 'enumeration' },
        { name: 'createdAt', type: 'datetime' },
      ])
    );
    // relations to content types the caller may not read (stage, users) are left out
    expect(fields.find((field: { name: string }) => field.name === 'owner')).toBeUndefined();

    const director = await createUser(app, {
      actions: [...ALL_CONTENT_ACTIONS, 'api::lead.lead.find', 'plugin::users-permissions.user.find'],
    });
    const withUsers = await app.request().get('/api/dashboards/content-types').set(bearer(director.jwt));
    const types = Object.fromEntries(withUsers.body.data.map((type: any) => [type.uid, type.fields]));
    expect(Object.keys(types)).toEqual(['api::lead.lead', 'plugin::users-permissions.user']);
    expect(types['api::lead.lead']).toContainEqual({
      name: 'owner',
      type: 'relation',
      target: 'plugin::users-permissions.user',
    });
    const userFields = types['plugin::users-permissions.user'].map((field: { name: string }) => field.name);
    expect(userFields).toEqual(expect.arrayContaining(['username', 'email', 'plan']));
    for (const secret of ['password', 'resetPasswordToken', 'confirmationToken'])
      expect(userFields).not.toContain(secret);

    const admin = await createAdmin(app, { superAdmin: true });
    const all = await app.request().get('/dashboards/dashboards/content-types').set(bearer(admin.token));
    expect(all.body.data.map((type: { uid: string }) => type.uid)).toEqual(
      expect.arrayContaining(['api::lead.lead', 'api::opportunity.opportunity', 'api::target.target'])
    );
    for (const { uid } of all.body.data) expect(uid).toMatch(/^(api::|plugin::users-permissions\.user$)/);
  });
});
