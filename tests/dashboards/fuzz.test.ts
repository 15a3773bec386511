import fc from 'fast-check';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import {
  ALL_CONTENT_ACTIONS,
  pluginTablesChecksum,
  seedDashboard,
  type SeededDashboard,
} from '../helpers/dashboards';

/**
 * Generated bad input on every write route and the list query: the answer is a 4xx in Strapi's
 * error format (or a 2xx when the generator happened to write a valid request), never a 5xx, and a
 * refused write leaves every plugin table as it was.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

let app: TestApp;
let owner: UserPrincipal;
let dashboard: SeededDashboard;

beforeAll(async () => {
  app = await bootTestApp();
  owner = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  dashboard = await seedDashboard(app, { owner: owner.id, tiles: 2 });
});

afterAll(async () => {
  await app?.close();
});

const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  dashboard: () => ({
    name: 'Fuzzed',
    description: 'd',
    layout: { columns: 12, rowHeight: 80, gap: 16 },
    settings: { auto_refresh: true, refresh_interval_seconds: 60, theme: 'dark' },
    widgets: [
      {
        id: 'w1',
        type: 'chart',
        title: 'T',
        position: { x: 0, y: 0, w: 4, h: 3 },
        config: { chart_type: 'bar' },
      },
    ],
  }),
  tile: () => ({
    title: 'Tile',
    tile_type: 'chart',
    chart_type: 'bar',
    query: 'SELECT 1',
    chart_config: { xField: 'a', yField: 'b' },
    grid_x: 0,
    grid_y: 20,
    grid_w: 4,
    grid_h: 3,
  }),
  conversation: () => ({
    title: 'AI',
    conversation_id: 'c',
    message_id: 'm',
    chart_type: 'pie',
    grid_w: 3,
    grid_h: 3,
  }),
  layout: () => ({
    layouts: [{ tile_id: dashboard?.tileIds[0] ?? 'unseeded', grid_x: 0, grid_y: 30, grid_w: 4, grid_h: 3 }],
  }),
  member: () => ({ user_id: (owner?.id ?? 0) + 1000, role: 'viewer' }),
  import: () => ({ version: 1, dashboard: { name: 'Imported', tiles: [] } }),
};

/** Objects or arrays nested `depth` levels (built in a loop: thousands of levels deep). */
const nested = (depth: number, asArray: boolean) => {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = asArray ? [value] : { a: value };
  return value;
};

/** JSON nested from just past the limits to 2,500 levels (what JSON.stringify can write), and objects with thousands of keys. */
const deepJson = fc
  .tuple(fc.integer({ min: 18, max: 2_500 }), fc.boolean())
  .map(([depth, asArray]) => nested(depth, asArray));
const wideJson = fc
  .integer({ min: 500, max: 30_000 })
  .map((count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index])));

/** A JSON value that is anything at all, including deep, wide, odd and hostile shapes. */
const anyJson = fc.oneof(
  deepJson,
  wideJson,
  fc.jsonValue(),
  fc.anything({
    withNullPrototype: false,
    withBigInt: false,
    withDate: false,
    withMap: false,
    withSet: false,
  }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    "'; DROP TABLE dashboards_dashboards; --",
    '\u0000',
    'x'.repeat(70_000),
    -1,
    1e308,
    NaN
  )
);

/** A valid body with one field (existing or new, possibly nested) replaced by anything. */
function mutated(valid: () => Record<string, unknown>) {
  return fc.oneof(
    anyJson,
    fc
      .tuple(fc.constantFrom(...Object.keys(valid()), 'unknown_field'), anyJson)
      .map(([key, value]) => ({ ...valid(), [key]: value })),
    fc
      .tuple(fc.constantFrom(...Object.keys(valid())), fc.string({ maxLength: 12 }), anyJson)
      .map(([key, nested, value]) => {
        const body = valid();
        const inner = body[key];
        const replaced = Array.isArray(inner)
          ? [{ ...(inner[0] as object), [nested]: value }]
          : typeof inner === 'object' && inner
            ? { ...inner, [nested]: value }
            : value;
        return { ...body, [key]: replaced };
      })
  );
}

type Route = [string, 'post' | 'put', () => string, fc.Arbitrary<unknown>];
const ROUTES: Route[] = [
  ['POST /api/dashboards', 'post', () => '/api/dashboards', mutated(VALID_BODIES.dashboard)],
  [
    'PUT /api/dashboards/:id',
    'put',
    () => `/api/dashboards/${dashboard.id}`,
    mutated(VALID_BODIES.dashboard),
  ],
  ['POST /api/dashboards/import', 'post', () => '/api/dashboards/import', mutated(VALID_BODIES.import)],
  ['POST /:id/tiles', 'post', () => `/api/dashboards/${dashboard.id}/tiles`, mutated(VALID_BODIES.tile)],
  [
    'POST /:id/tiles/from-conversation',
    'post',
    () => `/api/dashboards/${dashboard.id}/tiles/from-conversation`,
    mutated(VALID_BODIES.conversation),
  ],
  [
    'PUT /:id/tiles/:tileId',
    'put',
    () => `/api/dashboards/${dashboard.id}/tiles/${dashboard.tileIds[1]}`,
    mutated(VALID_BODIES.tile),
  ],
  [
    'PUT /:id/tiles/layout',
    'put',
    () => `/api/dashboards/${dashboard.id}/tiles/layout`,
    mutated(VALID_BODIES.layout),
  ],
  [
    'POST /:id/members',
    'post',
    () => `/api/dashboards/${dashboard.id}/members`,
    mutated(VALID_BODIES.member),
  ],
];

async function send(method: 'post' | 'put', path: string, body: unknown) {
  const request = app.request()[method](path).set(bearer(owner.jwt));
  // Bodies that are not objects go as raw text, so malformed JSON is sent too.
  return typeof body === 'object' && body !== null
    ? request.send(body as object)
    : request.set('Content-Type', 'application/json').send(String(body));
}

describe.each(ROUTES)('%s', (_name, method, path, body) => {
  it(`answers every generated body with a 4xx (never a 5xx), writing nothing when it refuses (${RUNS} runs)`, async () => {
    // the tables' checksum before each request: a refusal keeps it, an accepted write renews it
    let before = await pluginTablesChecksum(app);
    await fc.assert(
      fc.asyncProperty(body, async (input) => {
        const response = await send(method, path(), input);
        expect(response.status).toBeLessThan(500);
        const previous = before;
        if (response.status >= 400) {
          expect(response.body).toMatchObject({ data: null, error: { status: response.status } });
        }
        before = await pluginTablesChecksum(app);
        if (response.status >= 400) expect(before).toBe(previous);
      }),
      { numRuns: RUNS }
    );
  });
});

it(`answers every generated list query with a 200 or a 400 (${RUNS} runs)`, async () => {
  const key = fc.constantFrom(
    'page',
    'limit',
    'offset',
    'sort',
    'order',
    'search',
    'include_archived',
    'workspace_id',
    'x'
  );
  const value = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.integer().map(String),
    fc.constantFrom('', '%', '%00', '[]', 'a[b]=c')
  );
  await fc.assert(
    fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 4 }), async (query) => {
      const response = await app.request().get('/api/dashboards').query(query).set(bearer(owner.jwt));
      expect([200, 400]).toContain(response.status);
    }),
    { numRuns: RUNS }
  );
});
