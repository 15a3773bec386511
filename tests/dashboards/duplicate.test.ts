import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, type UserPrincipal } from '../helpers/principals';
import { createPlanUsers, pluginTablesChecksum, tileShape } from '../helpers/dashboards';
import { SEED_004_BODY } from '../fixtures/seed-004';

/** POST /dashboards/:id/duplicate: a copy with its tiles, layout, settings and filters, owned by the caller. */
let app: TestApp;
let pro: UserPrincipal;
let free: UserPrincipal;
let other: UserPrincipal;

beforeAll(async () => {
  app = await bootTestApp();
  ({ pro, free, other } = await createPlanUsers(app));
});

afterAll(async () => {
  await app?.close();
});

const api = () => app.request();
const as = (user: UserPrincipal) => bearer(user.jwt);

const FILTERS = [
  { id: 'period', type: 'date_range', label: 'Period', default: 'last30' },
  { id: 'region', type: 'values', label: 'Region', options: ['EU', { value: 'US', label: 'United States' }] },
];

it('copies a dashboard with its tiles, layout, settings and filters as “<name> (copy)”', async () => {
  const created = await api()
    .post('/api/dashboards')
    .set(as(pro))
    .send({ ...SEED_004_BODY, filters: FILTERS });
  expect(created.status).toBe(201);

  const copy = await api().post(`/api/dashboards/${created.body.id}/duplicate`).set(as(pro));
  expect(copy.status).toBe(201);
  expect(copy.body.id).not.toBe(created.body.id);
  expect(copy.body).toMatchObject({
    name: 'Q4 Executive Dashboard (copy)',
    description: created.body.description,
    layout: created.body.layout,
    settings: created.body.settings,
    filters: FILTERS,
    is_public: false,
    owner_name: pro.username,
  });
  expect(tileShape(copy.body)).toEqual(tileShape(created.body));
  expect(copy.body.tiles.map((tile: any) => tile.id)).not.toContain(created.body.tiles[0].id);

  // the copy stands on its own: the original is unchanged and both are listed
  const original = await api().get(`/api/dashboards/${created.body.id}`).set(as(pro));
  expect(original.body.name).toBe('Q4 Executive Dashboard');
  const list = await api().get('/api/dashboards?search=Q4%20Executive').set(as(pro));
  expect(list.body.data.map((item: any) => item.name).sort()).toEqual([
    'Q4 Executive Dashboard',
    'Q4 Executive Dashboard (copy)',
  ]);
});

it('keeps the copy’s name within 255 characters', async () => {
  const long = 'N'.repeat(255);
  const created = await api().post('/api/dashboards').set(as(pro)).send({ name: long });
  const copy = await api().post(`/api/dashboards/${created.body.id}/duplicate`).set(as(pro));
  expect(copy.status).toBe(201);
  expect(copy.body.name).toBe(`${'N'.repeat(248)} (copy)`);
});

it('refuses a free user (403, pro entitlement), a dashboard the caller cannot see and an unknown id (404), writing nothing', async () => {
  const created = await api().post('/api/dashboards').set(as(pro)).send({ name: 'Private board' });
  const before = await pluginTablesChecksum(app);

  const asFree = await api().post(`/api/dashboards/${created.body.id}/duplicate`).set(as(free));
  expect(asFree.status).toBe(403);
  expect(asFree.body.error.details).toMatchObject({ required_entitlement: 'pro' });

  const asOther = await api().post(`/api/dashboards/${created.body.id}/duplicate`).set(as(other));
  expect(asOther.status).toBe((await api().get(`/api/dashboards/${created.body.id}`).set(as(other))).status);
  expect(asOther.status).toBe(404);

  const unknown = await api().post('/api/dashboards/nosuchdashboard0000000000/duplicate').set(as(pro));
  expect(unknown.status).toBe(404);
  expect(await pluginTablesChecksum(app)).toBe(before);
});

it('answers the admin panel through its admin route (create action)', async () => {
  const admin = await createAdmin(app, {
    actions: ['plugin::dashboards.create', 'plugin::dashboards.read'],
  });
  const created = await api()
    .post('/dashboards/dashboards')
    .set(bearer(admin.token))
    .send({ name: 'Admin board', filters: FILTERS });
  expect(created.status).toBe(201);
  const copy = await api()
    .post(`/dashboards/dashboards/${created.body.id}/duplicate`)
    .set(bearer(admin.token));
  expect(copy.status).toBe(201);
  expect(copy.body).toMatchObject({
    name: 'Admin board (copy)',
    filters: FILTERS,
    created_by: `admin:${admin.id}`,
  });

  const reader = await createAdmin(app, { actions: ['plugin::dashboards.read'] });
  const refused = await api()
    .post(`/dashboards/dashboards/${created.body.id}/duplicate`)
    .set(bearer(reader.token));
  expect(refused.status).toBe(403);
});
