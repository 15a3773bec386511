import { logEntitlementSetup } from '../../server/permissions/entitlements';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { bearer, createApiToken, createUser } from '../helpers/principals';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

/**
 * An app without the CRM (every CRM content type mapped to one the app does not have) and without
 * a plan field on its users, then the same app with `crm: false`: Strapi runs, the analytics answer
 * 501 saying how to map them, the admin offers no analytics action, and every user may create.
 */
const NO_CRM = Object.fromEntries(
  ['lead', 'opportunity', 'pipeline', 'stage', 'stageHistory', 'activity', 'task', 'target'].map(
    (concept) => [concept, { uid: `api::missing-${concept}.missing-${concept}` }]
  )
);

const analyticsActions = (app: TestApp) =>
  app.strapi
    .service('admin::permission')
    .actionProvider.values()
    .map((action: { actionId: string }) => action.actionId)
    .filter((id: string) => id.startsWith('plugin::dashboards.'))
    .sort();

const DASHBOARD_ACTIONS = [
  'plugin::dashboards.alert',
  'plugin::dashboards.create',
  'plugin::dashboards.delete',
  'plugin::dashboards.read',
  'plugin::dashboards.schedule',
  'plugin::dashboards.share',
  'plugin::dashboards.sql.execute',
  'plugin::dashboards.subscribe',
  'plugin::dashboards.update',
];

function loggedLines(app: TestApp, level: 'info' | 'warn', run: () => void) {
  const spy = jest.spyOn(app.strapi.log, level).mockImplementation(() => app.strapi.log);
  try {
    run();
    return spy.mock.calls.map(([line]) => String(line));
  } finally {
    spy.mockRestore();
  }
}

describe('an app whose content types hold no CRM', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp({ configure: () => ({ crm: NO_CRM, entitlements: { userField: 'tier' } }) });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers the analytics with 501 saying how to map them', async () => {
    const token = await createApiToken(app, [ANALYTICS_ROUTES.stats.contentApiAction]);
    const response = await app.request().get('/api/dashboard/stats').set(bearer(token));
    expect(response.status).toBe(501);
    expect(response.body.error.name).toBe('NotImplementedError');
    expect(response.body.error.message).toBe(
      "CRM analytics are off: this app has none of the CRM content types they read; map them to your content types with `crm` in the plugin's config (docs/crm.md)"
    );
    expect(response.body.error.details.problems).toContain(
      'no content type "api::missing-lead.missing-lead"'
    );
  });

  it('registers the dashboard actions and none of the analytics ones', () => {
    expect(analyticsActions(app)).toEqual(DASHBOARD_ACTIONS);
  });

  it('says once at startup what is off and how to turn it on', () => {
    const lines = loggedLines(app, 'info', () =>
      app.strapi.plugin('dashboards').service('analytics').checkMapping()
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[dashboards\] CRM analytics are off: this app has none of the content types/);
    expect(lines[0]).toContain('api::lead.lead');
    expect(lines[0]).toContain("with `crm` in the plugin's config (docs/crm.md), or set `crm: false`");
  });

  it('lets a users-permissions user create a dashboard when users have no plan field, and says so', async () => {
    const user = await createUser(app, { actions: ALL_CONTENT_ACTIONS });
    const response = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(user.jwt))
      .send({ name: 'No plan needed' });
    expect(response.status).toBe(201);
    expect(loggedLines(app, 'info', () => logEntitlementSetup(app.strapi))).toEqual([
      '[dashboards] Entitlements: users-permissions users have no "tier" field, so every user may create ' +
        'dashboards. To sell it as a plan, add that field (values "pro" give pro), name another with ' +
        'entitlements.userField, or decide with entitlements.resolve.',
    ]);
  });
});

describe('an app with `crm: false`', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp({ configure: () => ({ crm: false }) });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers the analytics with 501 saying they are switched off, and offers no analytics action', async () => {
    const token = await createApiToken(app, [ANALYTICS_ROUTES['lead-pipeline'].contentApiAction]);
    const response = await app.request().get('/api/dashboard/lead-pipeline').set(bearer(token));
    expect(response.status).toBe(501);
    expect(response.body.error.message).toBe(
      "CRM analytics are switched off in this app (`crm: false` in the plugin's config)"
    );
    expect(analyticsActions(app)).toEqual(DASHBOARD_ACTIONS);
  });

  it('still lets a user with a free plan be refused creation (the plan field exists here)', async () => {
    const user = await createUser(app, { actions: ALL_CONTENT_ACTIONS });
    const response = await app.request().post('/api/dashboards').set(bearer(user.jwt)).send({ name: 'Free' });
    expect(response.status).toBe(403);
  });
});
