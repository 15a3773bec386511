import { MAX_JSON_BYTES } from '../../server/http/validate';
import { ALL_CONTENT_ACTIONS, pluginTablesChecksum } from '../helpers/dashboards';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { bootTestApp, type TestApp } from '../helpers/strapi';

/** Free-form JSON fields have a depth and a size limit: past them, a 400 naming the field, nothing written. */
let app: TestApp;
let owner: UserPrincipal;

beforeAll(async () => {
  app = await bootTestApp();
  owner = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
});

afterAll(async () => {
  await app?.close();
});

const nested = (depth: number) => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value as Record<string, unknown>;
};

const barTile = (chart_config: Record<string, unknown>) => ({
  title: 'Deep',
  tile_type: 'chart',
  chart_type: 'bar',
  query: 'SELECT 1 AS "a"',
  chart_config,
});

/** JSON text nested `depth` levels around `inner` (JSON.stringify itself overflows past a few thousand). */
const deepText = (depth: number, inner = '1') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);

async function create(body: Record<string, unknown> | string) {
  const before = await pluginTablesChecksum(app);
  const response = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(owner.jwt))
    .set('Content-Type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
  if (response.status >= 400) expect(await pluginTablesChecksum(app)).toBe(before);
  return response;
}

const firstError = (response: { body: any }) => ({
  status: response.body.error?.status,
  path: response.body.error?.details?.errors?.[0]?.path,
  message: response.body.error?.details?.errors?.[0]?.message,
});

it('refuses a filter default nested 5,000 levels deep with a 400 naming it', async () => {
  const response = await create(
    `{"name":"Deep filter","filters":[{"id":"f","type":"text","label":"F","default":${deepText(5_000)}}]}`
  );
  expect(firstError(response)).toEqual({
    status: 400,
    path: ['filters', '0', 'default', 'a'],
    message: 'is nested too deep (over 32 levels)',
  });
});

it('refuses a chart_config nested 21 levels (the field limit) and accepts 20', async () => {
  const tooDeep = await create({ name: 'Deep tile', tiles: [barTile({ xField: 'a', series: nested(20) })] });
  expect(firstError(tooDeep)).toEqual({
    status: 400,
    path: ['tiles', '0', 'chart_config'],
    message: 'must not be nested deeper than 20 levels',
  });
  const deepest = await create({ name: 'Deep tile', tiles: [barTile({ xField: 'a', series: nested(19) })] });
  expect(deepest.status).toBe(201);
});

it('refuses a chart_config nested 5,000 levels deep', async () => {
  const tile = JSON.stringify(barTile({ series: 'DEEP' })).replace('"DEEP"', deepText(5_000));
  const response = await create(`{"name":"Deep tile","tiles":[${tile}]}`);
  expect(firstError(response)).toEqual({
    status: 400,
    path: ['tiles', '0', 'chart_config', 'series'],
    message: 'is nested too deep (over 32 levels)',
  });
});

it('refuses a filter default larger than 256 KB', async () => {
  const big = 'x'.repeat(MAX_JSON_BYTES);
  const response = await create({
    name: 'Big filter',
    filters: [{ id: 'f', type: 'text', label: 'F', default: { text: big } }],
  });
  expect(firstError(response)).toEqual({
    status: 400,
    path: ['filters', '0', 'default'],
    message: 'must be at most 256 KB of JSON',
  });
});
