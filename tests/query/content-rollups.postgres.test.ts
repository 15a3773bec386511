import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { whileOpen } from '../helpers/locks';

/**
 * Content rollups (docs/rollups.md) under concurrent writers on PostgreSQL: two transactions that
 * change the same entry at once, and a write whose transaction is open while the rollup is built.
 * Each takes its turn on the content type's cache version row, so the cells end as the table is.
 * (SQLite has one writer at a time; MariaDB does not reliably say that a transaction waits on a
 * lock, which these tests need to know: jest runs them with DB=postgres only.)
 */
const DEAL = 'api::opportunity.opportunity';

let app: TestApp;
const db = () => app.strapi.db;
const cells = () => db().metadata.get('plugin::dashboards.content-rollup').tableName;
const service = () => app.strapi.plugin('dashboards').service('contentRollups');

beforeAll(async () => {
  app = await bootTestApp();
});

afterAll(async () => {
  await app?.close();
});

/** The sum of amounts by name, as a dashboard tile asks it (which registers its rollup). */
async function sumsByName(jwt: string, dashboardId?: number) {
  let id = dashboardId;
  if (id === undefined) {
    const created = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(jwt))
      .send({
        name: 'Sums',
        tiles: [
          {
            title: 'Sums',
            tile_type: 'table',
            chart_config: {},
            source: {
              kind: 'content-type',
              uid: DEAL,
              measure: { fn: 'sum', field: 'amount' },
              group_by: 'name',
            },
          },
        ],
      });
    expect(created.status).toBe(201);
    id = created.body.id as number;
  }
  app.strapi.plugin('dashboards').service('cache').clear();
  const response = await app.request().get(`/api/dashboards/${id}/data`).set(bearer(jwt));
  expect(response.status).toBe(200);
  return { id, rows: response.body.tiles[0].data.rows as { name: string; sum: number }[] };
}

const storedCells = async () =>
  (await db().connection(cells()).select('dim', 'n', 'total').orderBy('dim')).map((row) => ({
    dim: row.dim,
    n: Number(row.n),
    total: Number(row.total),
  }));

it('counts a write made while a build waits, and both writes of one entry made by two transactions at once', async () => {
  const reader = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${DEAL}.find`], plan: 'pro' });
  const deal = (await db()
    .query(DEAL)
    .create({ data: { name: 'Contested', amount: 10 } })) as { id: number };

  const viewed = await sumsByName(reader.jwt);
  await service().built();
  expect(viewed.rows).toEqual([{ name: 'Contested', sum: 10 }]);

  // a build that starts while a write's transaction is open waits for it, and counts it
  await whileOpen(
    app,
    () =>
      db()
        .query(DEAL)
        .create({ data: { name: 'During the build', amount: 5 } }),
    () => service().rebuild(DEAL)
  );
  expect(await storedCells()).toEqual([
    { dim: 'Contested', n: 1, total: 10 },
    { dim: 'During the build', n: 1, total: 5 },
  ]);

  // two transactions change the same deal: the second one waits, then reads what the first one wrote
  await whileOpen(
    app,
    () =>
      db()
        .query(DEAL)
        .update({ where: { id: deal.id }, data: { amount: 20 } }),
    () =>
      db().transaction(() =>
        db()
          .query(DEAL)
          .update({ where: { id: deal.id }, data: { name: 'Settled', amount: 30 } })
      )
  );
  expect(await storedCells()).toEqual([
    { dim: 'During the build', n: 1, total: 5 },
    { dim: 'Settled', n: 1, total: 30 },
  ]);
  expect((await sumsByName(reader.jwt, viewed.id)).rows).toEqual([
    { name: 'During the build', sum: 5 },
    { name: 'Settled', sum: 30 },
  ]);
});
