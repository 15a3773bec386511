import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin } from '../helpers/principals';

let app: TestApp;
let superAdminToken: string;

beforeAll(async () => {
  app = await bootTestApp();
  superAdminToken = (await createAdmin(app, { superAdmin: true })).token;
});

afterAll(async () => {
  await app?.close();
});

it('registers every admin RBAC action, as Settings → Roles lists them', async () => {
  const response = await app.request().get('/admin/permissions').set(bearer(superAdminToken));
  expect(response.status).toBe(200);
  const pluginActions = response.body.data.sections.plugins
    .filter((action: any) => action.plugin === 'dashboards')
    .map((action: any) => action.action)
    .sort();
  expect(pluginActions).toEqual(
    [
      'read',
      'create',
      'update',
      'delete',
      'share',
      'schedule',
      'subscribe',
      'alert',
      'sql.execute',
      'analytics.leads.view',
      'analytics.opportunities.view',
      'analytics.activities.view',
      'analytics.tasks.view',
      'analytics.targets.view',
      'analytics.scope.team',
      'analytics.scope.department',
      'analytics.scope.all',
    ]
      .map((uid) => `plugin::dashboards.${uid}`)
      .sort()
  );
});

it('shows the content-API routes as actions in Settings → Users & Permissions', async () => {
  const response = await app.request().get('/users-permissions/permissions').set(bearer(superAdminToken));
  expect(response.status).toBe(200);
  const controllers = response.body.permissions['plugin::dashboards'].controllers;
  expect(Object.keys(controllers.dashboard)).toContain('find');
});

it('creates the four sales roles of the playground', async () => {
  const roles = await app.strapi.db
    .query('plugin::users-permissions.role')
    .findMany({ orderBy: { id: 'asc' } });
  expect(roles.map((role: any) => role.name)).toEqual(
    expect.arrayContaining(['Sales rep', 'Team lead', 'Sales manager', 'Director'])
  );
});
