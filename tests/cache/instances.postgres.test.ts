import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { callInstance, fullAccessAuthorization, startInstance, type Instance } from '../helpers/instances';

/**
 * Two Strapi processes on one PostgreSQL database, each with its own result cache: once both are
 * warm, a write through instance A's API makes instance B's next answer fresh, because the source
 * versions live in the database. Jest runs it only with DB=postgres (`*.postgres.test.ts`).
 */
const PORT_A = Number(process.env.CACHE_INSTANCE_TEST_PORT ?? 1541);
const PORT_B = PORT_A + 1;
const CONFIG = { scheduling: { enabled: false } };

let database: TestDatabase;
let a: Instance;
let b: Instance;
let auth: Record<string, string>;

const call = (instance: Instance, method: string, path: string, body?: object) =>
  callInstance(instance, auth, method, path, body);

beforeAll(async () => {
  database = await createTestDatabase();
  a = await startInstance(PORT_A, database.env, CONFIG, 'error');
  b = await startInstance(PORT_B, database.env, CONFIG, 'error');
  auth = await fullAccessAuthorization(a, 'cache');
}, 180_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await database?.drop();
});

it('a write on instance A is seen by instance B’s next read, though both caches were warm', async () => {
  for (const name of ['One', 'Two']) {
    expect((await call(a, 'POST', '/api/leads', { data: { name, status: 'open' } })).status).toBe(201);
  }
  const created = await call(a, 'POST', '/api/dashboards', {
    name: 'Two instances',
    tiles: [
      { title: 'SQL', tile_type: 'table', query: 'SELECT COUNT(*) AS n FROM leads' },
      {
        title: 'Content',
        tile_type: 'table',
        source: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } },
      },
    ],
  });
  expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
  const read = async (instance: Instance) => {
    const response = await call(instance, 'GET', `/api/dashboards/${created.body.id}/data`);
    expect(response.status).toBe(200);
    return response.body.tiles.map((tile: any) => ({
      error: tile.error,
      figure: Number(Object.values(tile.data.rows[0])[0]),
      cached: tile.cached ?? false,
    }));
  };
  const totalLeads = async (instance: Instance) => {
    const response = await call(instance, 'GET', '/api/dashboard/stats?scope=all');
    expect(response.status).toBe(200);
    return response.body.totalLeads;
  };
  const tiles = (figure: number, cached: boolean) => [
    { error: null, figure, cached },
    { error: null, figure, cached },
  ];

  // warm both
  for (const instance of [a, b]) {
    expect(await read(instance)).toEqual(tiles(2, false));
    expect(await read(instance)).toEqual(tiles(2, true));
    expect(await totalLeads(instance)).toBe(2);
  }
  // write on A, read on B: fresh, then cached again
  expect((await call(a, 'POST', '/api/leads', { data: { name: 'Three', status: 'open' } })).status).toBe(201);
  expect(await read(b)).toEqual(tiles(3, false));
  expect(await read(b)).toEqual(tiles(3, true));
  expect(await totalLeads(b)).toBe(3);
  // and the other way round: a delete on B, read on A
  const leads = await call(b, 'GET', '/api/leads');
  expect((await call(b, 'DELETE', `/api/leads/${leads.body.data[0].documentId}`)).status).toBe(204);
  expect(await read(a)).toEqual(tiles(2, false));
  expect(await totalLeads(a)).toBe(2);
});
