import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createApiToken, createUser, type UserPrincipal } from '../helpers/principals';
import {
  ALL_ADMIN_ACTIONS,
  ALL_CONTENT_ACTIONS,
  seedDashboard,
  type SeededDashboard,
} from '../helpers/dashboards';
import { DASHBOARD_ROUTES } from '../../server/dashboards/routes';

/**
 * Every dashboard route × every kind of caller → the exact status, and a dashboard the caller may
 * not see never shows up in a body.
 */
type Operation = 'read' | 'update' | 'delete' | 'members';
interface RouteCase {
  name: string;
  method: 'get' | 'put' | 'post' | 'delete';
  path: (dashboard: SeededDashboard, ctx: Context) => string;
  body?: (dashboard: SeededDashboard, ctx: Context) => object;
  operation: Operation;
  adminAction: string;
  ok: number;
}
interface Context {
  viewer: UserPrincipal;
  spare: UserPrincipal;
}

const ROUTES: RouteCase[] = [
  {
    name: 'GET /:id/data',
    method: 'get',
    path: (d) => `/${d.id}/data`,
    operation: 'read',
    adminAction: 'read',
    ok: 200,
  },
  {
    name: 'GET /:id/tiles/:tileId/data',
    method: 'get',
    path: (d) => `/${d.id}/tiles/${d.tileIds[0]}/data`,
    operation: 'read',
    adminAction: 'read',
    ok: 200,
  },
  {
    name: 'GET /:id',
    method: 'get',
    path: (d) => `/${d.id}`,
    operation: 'read',
    adminAction: 'read',
    ok: 200,
  },
  {
    name: 'GET /:id/export',
    method: 'get',
    path: (d) => `/${d.id}/export`,
    operation: 'read',
    adminAction: 'read',
    ok: 200,
  },
  {
    name: 'PUT /:id',
    method: 'put',
    path: (d) => `/${d.id}`,
    body: () => ({ name: 'Renamed' }),
    operation: 'update',
    adminAction: 'update',
    ok: 200,
  },
  {
    name: 'POST /:id/archive',
    method: 'post',
    path: (d) => `/${d.id}/archive`,
    operation: 'update',
    adminAction: 'update',
    ok: 204,
  },
  {
    name: 'POST /:id/tiles',
    method: 'post',
    path: (d) => `/${d.id}/tiles`,
    body: () => ({ title: 'Notes', tile_type: 'text', chart_config: { content: '# Hello' } }),
    operation: 'update',
    adminAction: 'update',
    ok: 201,
  },
  {
    name: 'POST /:id/tiles/from-conversation',
    method: 'post',
    path: (d) => `/${d.id}/tiles/from-conversation`,
    body: () => ({
      title: 'Chart from AI',
      conversation_id: 'conv-1',
      message_id: 'msg-1',
      chart_type: 'bar',
      query: 'SELECT 1 AS one',
      chart_config: { xField: 'one', yField: 'one' },
      grid_w: 4,
      grid_h: 3,
    }),
    operation: 'update',
    adminAction: 'update',
    ok: 201,
  },
  {
    name: 'POST /:id/tiles/preview',
    method: 'post',
    path: (d) => `/${d.id}/tiles/preview`,
    body: () => ({ tile_type: 'kpi', query: 'SELECT 1 AS one', chart_config: { valueField: 'one' } }),
    operation: 'update',
    adminAction: 'update',
    ok: 200,
  },
  {
    name: 'PUT /:id/tiles/layout',
    method: 'put',
    path: (d) => `/${d.id}/tiles/layout`,
    body: (d) => ({ layouts: [{ tile_id: d.tileIds[0], grid_x: 0, grid_y: 10, grid_w: 4, grid_h: 2 }] }),
    operation: 'update',
    adminAction: 'update',
    ok: 204,
  },
  {
    name: 'PUT /:id/tiles/:tileId',
    method: 'put',
    path: (d) => `/${d.id}/tiles/${d.tileIds[0]}`,
    body: () => ({ title: 'Renamed tile' }),
    operation: 'update',
    adminAction: 'update',
    ok: 200,
  },
  {
    name: 'DELETE /:id/tiles/:tileId',
    method: 'delete',
    path: (d) => `/${d.id}/tiles/${d.tileIds[0]}`,
    operation: 'update',
    adminAction: 'update',
    ok: 204,
  },
  {
    name: 'POST /:id/members',
    method: 'post',
    path: (d) => `/${d.id}/members`,
    body: (_, ctx) => ({ user_id: ctx.spare.id, role: 'viewer' }),
    operation: 'members',
    adminAction: 'update',
    ok: 200,
  },
  {
    name: 'DELETE /:id/members/:userId',
    method: 'delete',
    path: (d, ctx) => `/${d.id}/members/${ctx.viewer.id}`,
    operation: 'members',
    adminAction: 'update',
    ok: 204,
  },
  {
    name: 'DELETE /:id',
    method: 'delete',
    path: (d) => `/${d.id}`,
    operation: 'delete',
    adminAction: 'delete',
    ok: 204,
  },
];

const SECRET_NAME = 'Confidential forecast';

let app: TestApp;
let owner: UserPrincipal;
let editor: UserPrincipal;
let viewer: UserPrincipal;
let stranger: UserPrincipal;
let spare: UserPrincipal;
let listOnly: UserPrincipal;
let apiToken: string;
let readOnlyAdmin: string;
let fullAdmin: string;

beforeAll(async () => {
  app = await bootTestApp();
  const everything = { actions: ALL_CONTENT_ACTIONS };
  // one after another: concurrent role inserts deadlock on MariaDB's permission link table
  const pros: UserPrincipal[] = [];
  for (let index = 0; index < 5; index += 1) pros.push(await createUser(app, { ...everything, plan: 'pro' }));
  [owner, editor, viewer, stranger, spare] = pros;
  listOnly = await createUser(app, { actions: [DASHBOARD_ROUTES.find.contentApiAction] });
  apiToken = await createApiToken(app, ALL_CONTENT_ACTIONS);
  readOnlyAdmin = (await createAdmin(app, { actions: ['plugin::dashboards.read'] })).token;
  fullAdmin = (await createAdmin(app, { actions: ALL_ADMIN_ACTIONS })).token;
});

afterAll(async () => {
  await app?.close();
});

const freshDashboard = () =>
  seedDashboard(app, {
    name: SECRET_NAME,
    owner: owner.id,
    members: [
      { user: editor.id, role: 'editor' },
      { user: viewer.id, role: 'viewer' },
    ],
    tiles: 2,
  });

/** The status each caller gets from a route. */
function expectedStatus(caller: string, route: RouteCase): number {
  switch (caller) {
    case 'anonymous':
      return 401;
    case 'user whose role lacks the action':
      return 403;
    case 'stranger':
      return 404;
    case 'viewer':
      return route.operation === 'read' ? route.ok : 403;
    case 'editor':
      return route.operation === 'read' || route.operation === 'update' ? route.ok : 403;
    case 'owner':
    case 'API token':
      return route.ok;
    default:
      throw new Error(caller);
  }
}

const callers: [string, () => Record<string, string>][] = [
  ['anonymous', () => ({})],
  ['user whose role lacks the action', () => bearer(listOnly.jwt)],
  ['stranger', () => bearer(stranger.jwt)],
  ['viewer', () => bearer(viewer.jwt)],
  ['editor', () => bearer(editor.jwt)],
  ['owner', () => bearer(owner.jwt)],
  ['API token', () => bearer(apiToken)],
];

async function call(
  prefix: string,
  route: RouteCase,
  dashboard: SeededDashboard,
  headers: Record<string, string>
) {
  const ctx = { viewer, spare };
  let request = app
    .request()
    [route.method](`${prefix}${route.path(dashboard, ctx)}`)
    .set(headers);
  if (route.body) request = request.send(route.body(dashboard, ctx));
  return request;
}

describe.each(ROUTES)('content API $name', (route) => {
  it.each(callers)('%s', async (caller, headers) => {
    const dashboard = await freshDashboard();
    const response = await call('/api/dashboards', route, dashboard, headers());
    expect({ caller, status: response.status }).toEqual({ caller, status: expectedStatus(caller, route) });
    if (response.status >= 400) {
      expect(response.body.data).toBeNull();
      if (response.status === 403 && caller !== 'user whose role lacks the action') {
        expect(response.body.error.details).toEqual({ role: caller });
      }
      expect(JSON.stringify(response.body)).not.toContain(SECRET_NAME);
    }
  });
});

describe.each(ROUTES)('admin API $name', (route) => {
  it('answers 401 without an admin token', async () => {
    const response = await call('/dashboards/dashboards', route, await freshDashboard(), {});
    expect(response.status).toBe(401);
  });

  it('follows the admin’s RBAC actions', async () => {
    const readOnly = await call(
      '/dashboards/dashboards',
      route,
      await freshDashboard(),
      bearer(readOnlyAdmin)
    );
    expect(readOnly.status).toBe(route.adminAction === 'read' ? route.ok : 403);
    const full = await call('/dashboards/dashboards', route, await freshDashboard(), bearer(fullAdmin));
    expect(full.status).toBe(route.ok);
  });
});

it('answers 404, not 403, for an id that does not exist', async () => {
  const response = await app.request().get('/api/dashboards/nosuchdashboard').set(bearer(owner.jwt));
  expect(response.status).toBe(404);
  expect(response.body.error).toMatchObject({
    status: 404,
    name: 'NotFoundError',
    message: 'Dashboard not found or access denied',
  });
});

it('answers 400 naming the id when it is not an id', async () => {
  const response = await app.request().get('/api/dashboards/NOT-AN-ID!').set(bearer(owner.jwt));
  expect(response.status).toBe(400);
  expect(response.body.error.details.errors[0].path).toEqual(['id']);
});

describe.each([
  ['POST /', '', { name: 'Created in the matrix' }],
  ['POST /import', '/import', { version: 1, dashboard: { name: 'Imported in the matrix' } }],
])('collection route %s', (_name, path, body) => {
  it('answers each caller with its exact status', async () => {
    const free = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'free' });
    const cases: [string, Record<string, string>, number][] = [
      ['anonymous', {}, 401],
      ['user whose role lacks the action', bearer(listOnly.jwt), 403],
      ['free user', bearer(free.jwt), 403],
      ['pro user', bearer(owner.jwt), 201],
      ['API token', bearer(apiToken), 201],
    ];
    for (const [caller, headers, status] of cases) {
      const response = await app.request().post(`/api/dashboards${path}`).set(headers).send(body);
      expect({ caller, status: response.status }).toEqual({ caller, status });
    }
    const adminCases: [string, Record<string, string>, number][] = [
      ['no admin token', {}, 401],
      ['admin without create', bearer(readOnlyAdmin), 403],
      ['admin with create', bearer(fullAdmin), 201],
    ];
    for (const [caller, headers, status] of adminCases) {
      const response = await app.request().post(`/dashboards/dashboards${path}`).set(headers).send(body);
      expect({ caller, status: response.status }).toEqual({ caller, status });
    }
  });
});
