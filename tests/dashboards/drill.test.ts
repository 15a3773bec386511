import { bootTestApp, type TestApp } from '../helpers/strapi';
import {
  bearer,
  createAdmin,
  createUser,
  type AdminPrincipal,
  type UserPrincipal,
} from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';

/**
 * Drill to records (issue 19): one point of a content-type tile leads to the Content Manager's list
 * with filters that select exactly the entries the point counted (checked through the Content
 * Manager's own API); one point of a SQL tile leads to its rows with the point's values.
 */
const LEADS = [
  { name: 'Ann', source: 'website', status: 'open', createdAt: '2026-01-05T10:00:00.000Z' },
  { name: 'Ben', source: 'website', status: 'open', createdAt: '2026-03-01T00:00:00.000Z' },
  { name: 'Cid', source: 'referral', status: 'open', createdAt: '2026-03-15T08:30:00.000Z' },
  { name: 'Dee', source: 'website', status: 'open', createdAt: '2026-03-31T23:59:59.000Z' },
  { name: 'Eve', source: 'website', status: 'lost', createdAt: '2026-04-01T00:00:00.000Z' },
  { name: 'Fay', source: 'referral', status: 'open', createdAt: '2026-04-02T09:00:00.000Z' },
];
const LEAD = 'api::lead.lead';

let app: TestApp;
let owner: UserPrincipal;
let viewer: UserPrincipal;
let stranger: UserPrincipal;
let admin: AdminPrincipal;
let dashboardId: string;
const tiles: Record<string, string> = {};

beforeAll(async () => {
  app = await bootTestApp();
  owner = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`], plan: 'pro' });
  viewer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  stranger = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  admin = await createAdmin(app, {
    actions: ['plugin::dashboards.read'],
    permissions: [{ action: 'plugin::content-manager.explorer.read', subject: LEAD }],
  });
  for (const lead of LEADS) await app.strapi.db.query(LEAD).create({ data: lead });

  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(owner.jwt))
    .send({
      name: 'Drill board',
      filters: [
        { id: 'status', type: 'values', label: 'Status', options: ['open', 'lost'], default: 'open' },
      ],
      tiles: [
        {
          title: 'Leads by source',
          tile_type: 'chart',
          chart_type: 'bar',
          source: {
            kind: 'content-type',
            uid: LEAD,
            measure: { fn: 'count' },
            group_by: 'source',
            filters: { status: '{{status}}' },
          },
        },
        {
          title: 'Leads by month',
          tile_type: 'chart',
          chart_type: 'line',
          source: {
            kind: 'content-type',
            uid: LEAD,
            measure: { fn: 'count' },
            date_bucket: { field: 'createdAt', unit: 'month' },
          },
        },
        {
          title: 'Lead list',
          tile_type: 'table',
          query: 'SELECT name, source FROM leads WHERE status = {{status}} ORDER BY name;',
        },
        { title: 'Revenue', tile_type: 'kpi', source: { kind: 'analytics', endpoint: 'stats' } },
      ],
    });
  expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
  dashboardId = created.body.id;
  for (const tile of created.body.tiles) tiles[tile.title] = tile.id;
  await app
    .request()
    .post(`/api/dashboards/${dashboardId}/members`)
    .set(bearer(owner.jwt))
    .send({ user_id: viewer.id, role: 'viewer' });
});

afterAll(async () => {
  await app?.close();
});

const drill = (title: string, query: Record<string, string>, user: UserPrincipal = owner) =>
  app
    .request()
    .get(`/api/dashboards/${dashboardId}/tiles/${tiles[title]}/drill`)
    .query(query)
    .set(bearer(user.jwt));

/** The Content Manager's own list, asked with the drill's path as the admin panel would. */
async function contentManagerNames(adminPath: string) {
  const response = await app
    .request()
    .get(adminPath.replace('/content-manager/collection-types/', '/content-manager/collection-types/'))
    .set(bearer(admin.token));
  expect(response.status).toBe(200);
  return (response.body.results as { name: string }[]).map((entry) => entry.name).sort();
}

it('leads a grouped content-type point to the Content Manager list of exactly its entries', async () => {
  const answer = await drill('Leads by source', { 'point[source]': 'website', 'point[count]': '2' });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({
    kind: 'content-manager',
    uid: LEAD,
    filters: [{ status: { $eq: 'open' } }, { source: { $eq: 'website' } }],
  });
  expect(answer.body.admin_path).toBe(
    '/content-manager/collection-types/api::lead.lead?page=1&pageSize=10&sort=id%3AASC' +
      '&filters[$and][0][status][$eq]=open&filters[$and][1][source][$eq]=website'
  );
  expect(await contentManagerNames(answer.body.admin_path)).toEqual(['Ann', 'Ben', 'Dee']);

  // the dashboard filter's value chosen is the one the list shows
  const lost = await drill('Leads by source', { 'point[source]': 'website', 'params[status]': 'lost' });
  expect(await contentManagerNames(lost.body.admin_path)).toEqual(['Eve']);
});

it('leads a date bucket to the entries of that month', async () => {
  const answer = await drill('Leads by month', { 'point[createdAt]': '2026-03-01', 'point[count]': '3' });
  expect(answer.status).toBe(200);
  expect(answer.body.filters).toEqual([
    { createdAt: { $gte: '2026-03-01T00:00:00.000Z', $lt: '2026-04-01T00:00:00.000Z' } },
  ]);
  expect(await contentManagerNames(answer.body.admin_path)).toEqual(['Ben', 'Cid', 'Dee']);
});

it('answers a SQL point with the tile’s rows of that value, for a viewer of the dashboard too', async () => {
  const answer = await drill('Lead list', { 'point[source]': 'referral' }, viewer);
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({
    kind: 'rows',
    columns: ['name', 'source'],
    rows: [
      { name: 'Cid', source: 'referral' },
      { name: 'Fay', source: 'referral' },
    ],
    truncated: false,
  });
  // the point's value is bound, never spliced into the SQL
  const hostile = await drill('Lead list', { 'point[source]': "x' OR '1'='1" });
  expect(hostile.status).toBe(200);
  expect(hostile.body.rows).toEqual([]);
});

it('refuses what it cannot answer with a 4xx naming the field, and hides the dashboard from others', async () => {
  const noPoint = await drill('Leads by source', {});
  expect(noPoint.status).toBe(400);
  expect(noPoint.body.error.details.errors[0].path).toEqual(['point']);

  const analytics = await drill('Revenue', { 'point[x]': '1' });
  expect(analytics.status).toBe(400);
  expect(analytics.body.error.details.errors[0].path).toEqual(['tileId']);

  const badBucket = await drill('Leads by month', { 'point[createdAt]': 'March' });
  expect(badBucket.status).toBe(400);
  expect(badBucket.body.error.details.errors[0].path).toEqual(['point', 'createdAt']);

  const badColumn = await drill('Lead list', { 'point[nope]': 'x' });
  expect(badColumn.status).toBe(400);

  expect((await drill('Leads by source', { 'point[source]': 'website' }, stranger)).status).toBe(404);
  // a viewer of the dashboard who may not read leads: a 403 naming the content type, never its entries
  const notReadable = await drill('Leads by source', { 'point[source]': 'website' }, viewer);
  expect([notReadable.status, notReadable.body.error?.message]).toEqual([
    403,
    'You may not read api::lead.lead',
  ]);
  expect(notReadable.body.error.details.path).toEqual(['tileId', 'source', 'uid']);
  const unknownTile = await app
    .request()
    .get(`/api/dashboards/${dashboardId}/tiles/nosuchtile000000000000000/drill`)
    .query({ 'point[a]': 'b' })
    .set(bearer(owner.jwt));
  expect(unknownTile.status).toBe(404);
});
