import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createApiToken, createUser, type UserPrincipal } from '../helpers/principals';
import { DASHBOARD_ROUTES } from '../../server/dashboards/routes';

const FIND = DASHBOARD_ROUTES.find.contentApiAction;
const ADMIN_READ = 'plugin::dashboards.read';

let app: TestApp;
let alice: UserPrincipal;
let bob: UserPrincipal;

async function createDashboard(data: Record<string, unknown>, tiles = 0) {
  const dashboard = await app.strapi.db.query('plugin::dashboards.dashboard').create({ data });
  for (let index = 0; index < tiles; index += 1) {
    await app.strapi.db.query('plugin::dashboards.tile').create({
      data: {
        dashboard: dashboard.id,
        title: `Tile ${index}`,
        tile_type: 'text',
        grid_x: 0,
        grid_y: index * 2,
        grid_w: 4,
        grid_h: 2,
      },
    });
  }
  return dashboard;
}

beforeAll(async () => {
  app = await bootTestApp();
  alice = await createUser(app, {
    actions: [FIND, DASHBOARD_ROUTES.update.contentApiAction, DASHBOARD_ROUTES.delete.contentApiAction],
  });
  bob = await createUser(app, { actions: [FIND] });
  await createDashboard({ name: 'Alice pipeline', owner: alice.id }, 2);
  await createDashboard({ name: 'Alice revenue', owner: alice.id, is_archived: true });
  await createDashboard({ name: 'Bob forecast', owner: bob.id });
});

afterAll(async () => {
  await app?.close();
});

const expectStrapiError = (body: any, status: number, name: string) => {
  expect(body.data).toBeNull();
  expect(body.error).toMatchObject({ status, name });
};

describe('GET /api/dashboards (content API)', () => {
  it('answers 401 without credentials', async () => {
    const response = await app.request().get('/api/dashboards');
    expect(response.status).toBe(401);
    expectStrapiError(response.body, 401, 'UnauthorizedError');
  });

  it('answers 401 for a bearer token that is not valid', async () => {
    const response = await app.request().get('/api/dashboards').set(bearer('not-a-real-token'));
    expect(response.status).toBe(401);
  });

  it('answers 403 to a users-permissions user whose role lacks the action', async () => {
    const carol = await createUser(app, { actions: ['plugin::users-permissions.user.me'] });
    const response = await app.request().get('/api/dashboards').set(bearer(carol.jwt));
    expect(response.status).toBe(403);
    expectStrapiError(response.body, 403, 'ForbiddenError');
  });

  it('lists only the caller’s own dashboards to a users-permissions user', async () => {
    const response = await app.request().get('/api/dashboards').set(bearer(alice.jwt));
    expect(response.status).toBe(200);
    expect(response.body.data.map((item: any) => item.name)).toEqual(['Alice pipeline']);
    expect(response.body.data[0]).toMatchObject({
      tile_count: 2,
      widget_count: 2,
      is_public: false,
      is_archived: false,
      owner_name: alice.username,
      permissions: { can_edit: true, can_delete: true, can_share: false, role: 'owner' },
    });
    expect(response.body.data[0].id).toBe(response.body.data[0].uuid);
    expect(response.body.pagination).toEqual({
      page: 1,
      limit: 20,
      offset: 0,
      total: 1,
      total_pages: 1,
      has_next: false,
      has_prev: false,
    });

    const archived = await app
      .request()
      .get('/api/dashboards?include_archived=true&sort=name&order=asc')
      .set(bearer(alice.jwt));
    expect(archived.body.data.map((item: any) => item.name)).toEqual(['Alice pipeline', 'Alice revenue']);

    const bobs = await app.request().get('/api/dashboards').set(bearer(bob.jwt));
    expect(bobs.body.data.map((item: any) => item.name)).toEqual(['Bob forecast']);
    // Bob's role may only list: his own dashboard's permissions say so.
    expect(bobs.body.data[0].permissions).toEqual({
      can_edit: false,
      can_delete: false,
      can_share: false,
      role: 'owner',
    });
  });

  it('answers 403 to an API token without the action and 200 with it', async () => {
    const without = await createApiToken(app, ['plugin::users-permissions.user.me']);
    expect((await app.request().get('/api/dashboards').set(bearer(without))).status).toBe(403);

    const withFind = await createApiToken(app, [FIND]);
    const response = await app
      .request()
      .get('/api/dashboards?include_archived=true&sort=name&order=asc')
      .set(bearer(withFind));
    expect(response.status).toBe(200);
    expect(response.body.data.map((item: any) => item.name)).toEqual([
      'Alice pipeline',
      'Alice revenue',
      'Bob forecast',
    ]);
  });

  it('answers 400 naming the parameter for a bad query', async () => {
    const tooMany = await app.request().get('/api/dashboards?limit=101').set(bearer(alice.jwt));
    expect(tooMany.status).toBe(400);
    expectStrapiError(tooMany.body, 400, 'ValidationError');
    expect(tooMany.body.error.details.errors[0].path).toEqual(['limit']);

    const unknown = await app.request().get('/api/dashboards?colour=blue').set(bearer(alice.jwt));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('colour');
  });
});

describe('GET /dashboards/dashboards (admin API)', () => {
  it('answers 401 without an admin token, and to a users-permissions JWT', async () => {
    expect((await app.request().get('/dashboards/dashboards')).status).toBe(401);
    expect((await app.request().get('/dashboards/dashboards').set(bearer(alice.jwt))).status).toBe(401);
  });

  it('answers 403 to an admin without the read action', async () => {
    const admin = await createAdmin(app, { actions: ['plugin::dashboards.create'] });
    const response = await app.request().get('/dashboards/dashboards').set(bearer(admin.token));
    expect(response.status).toBe(403);
    expectStrapiError(response.body, 403, 'PolicyError');
  });

  it('lists every dashboard to an admin with the read action, with its RBAC permissions', async () => {
    const admin = await createAdmin(app, { actions: [ADMIN_READ, 'plugin::dashboards.update'] });
    const response = await app
      .request()
      .get('/dashboards/dashboards?sort=name&order=asc')
      .set(bearer(admin.token));
    expect(response.status).toBe(200);
    expect(response.body.data.map((item: any) => item.name)).toEqual(['Alice pipeline', 'Bob forecast']);
    expect(response.body.data[0].permissions).toEqual({
      can_edit: true,
      can_delete: false,
      can_share: false,
      role: 'admin',
    });
  });
});
