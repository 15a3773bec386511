import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createApiToken, createUser } from '../helpers/principals';
import { buildCrm, type CrmFixture } from './fixture';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';
import { DASHBOARD_ROUTES } from '../../server/dashboards/routes';

let app: TestApp;
let crm: CrmFixture;

const STATS = ANALYTICS_ROUTES.stats.contentApiAction;
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };

beforeAll(async () => {
  app = await bootTestApp();
  crm = await buildCrm(app, [STATS]);
});

afterAll(async () => {
  await app?.close();
});

const stats = (token: string, query: Record<string, string> = {}, path = '/api/dashboard/stats') =>
  app.request().get(path).query(query).set(bearer(token));

describe('GET /api/dashboard/stats', () => {
  it('computes every figure over all records (director)', async () => {
    const response = await stats(crm.people.dora.jwt, { ...JANUARY, scope: 'all' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      totalLeads: 7, // created on or before Jan 31 (the Feb 1 lead is out)
      newLeadsThisPeriod: 6, // including 23:30 on Jan 31: `to` is inclusive
      totalOpportunities: 10,
      // Proposal 3000 + Discovery 400.25 and 250 (a reopened deal), whatever the period; the
      // reopened deal's earlier win no longer counts
      openOpportunityValue: 3650.25,
      wonDeals: 2,
      wonDealValue: 3000.5,
      lostDeals: 3,
      conversionRate: 33.3, // 2 of 6
      averageDealSize: 1500.25,
      averageSalesCycle: 25, // (40 + 10) / 2 days
    });
  });

  it('narrows to each scope, counting a person in two of the caller’s teams once', async () => {
    const own = await stats(crm.people.alice.jwt, JANUARY);
    expect(own.body).toEqual({
      totalLeads: 3,
      newLeadsThisPeriod: 2,
      totalOpportunities: 3,
      openOpportunityValue: 0,
      wonDeals: 1,
      wonDealValue: 1000.5,
      lostDeals: 1,
      conversionRate: 50,
      averageDealSize: 1000.5,
      averageSalesCycle: 40,
    });
    const team = await stats(crm.people.bob.jwt, { ...JANUARY, scope: 'team' });
    expect(team.body).toMatchObject({
      totalLeads: 4,
      newLeadsThisPeriod: 3,
      totalOpportunities: 8,
      openOpportunityValue: 3250,
      wonDeals: 2,
      conversionRate: 66.7,
    });
    const department = await stats(crm.people.dave.jwt, { ...JANUARY, scope: 'department' });
    expect(department.body).toMatchObject({ totalLeads: 5, newLeadsThisPeriod: 4, conversionRate: 50 });
  });

  it('takes the period’s days in the request’s time zone', async () => {
    // Tokyo is UTC+9: January there is [Dec 31 15:00Z, Jan 31 15:00Z)
    const response = await stats(crm.people.dora.jwt, { ...JANUARY, scope: 'all', tz: 'Asia/Tokyo' });
    expect(response.body).toMatchObject({ totalLeads: 6, newLeadsThisPeriod: 5 });
  });

  it('refuses a wider scope than the role allows, and callers without the permission', async () => {
    const wider = await stats(crm.people.alice.jwt, { scope: 'team' });
    expect(wider.status).toBe(403);
    expect(wider.body.error).toMatchObject({
      name: 'PolicyError',
      message: 'Your widest analytics scope is "own"',
      details: { path: ['scope'], allowed_scope: 'own' },
    });
    const outsider = await createUser(app, { actions: [DASHBOARD_ROUTES.find.contentApiAction] });
    expect((await stats(outsider.jwt)).status).toBe(403);
    expect((await app.request().get('/api/dashboard/stats')).status).toBe(401);
  });

  it('answers a 400 naming each bad parameter, and 404 for an unknown pipeline', async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ from: 'yesterday' }, ['from']],
      [{ to: '2026-02-30' }, ['to']],
      [{ from: '2026-02-01', to: '2026-01-01' }, ['from']],
      [{ scope: 'everyone' }, ['scope']],
      [{ tz: 'Mars/Olympus' }, ['tz']],
      [{ colour: 'red' }, ['colour']],
    ];
    for (const [query, path] of cases) {
      const response = await stats(crm.people.dora.jwt, query);
      expect({
        query,
        status: response.status,
        path: response.body.error?.details?.errors?.[0]?.path,
      }).toEqual({
        query,
        status: 400,
        path,
      });
    }
    const unknown = await stats(crm.people.dora.jwt, { pipelineId: 'nope' });
    expect(unknown.status).toBe(404);
    const sales = await stats(crm.people.dora.jwt, {
      ...JANUARY,
      scope: 'all',
      pipelineId: crm.pipelines.sales,
    });
    expect(sales.body).toMatchObject({ totalOpportunities: 10, totalLeads: 7 });
  });

  it('serves admins by their RBAC actions, matched to their CRM user by email', async () => {
    const leadsView = 'plugin::dashboards.analytics.leads.view';
    const asBob = await createAdmin(app, {
      actions: [leadsView, 'plugin::dashboards.analytics.scope.team'],
      email: crm.people.bob.email,
    });
    const path = '/dashboards/dashboards/analytics/stats';
    const team = await stats(asBob.token, { ...JANUARY, scope: 'team' }, path);
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({ totalLeads: 4, totalOpportunities: 8 });
    expect((await stats(asBob.token, { scope: 'all' }, path)).status).toBe(403);
    const noView = await createAdmin(app, { actions: ['plugin::dashboards.analytics.scope.all'] });
    expect((await stats(noView.token, {}, path)).status).toBe(403);
    // an admin with no CRM user has no own records
    const stranger = await createAdmin(app, { actions: [leadsView] });
    expect((await stats(stranger.token, JANUARY, path)).body).toMatchObject({ totalLeads: 0, wonDeals: 0 });
  });

  it('gives API tokens every record', async () => {
    const token = await createApiToken(app, [STATS]);
    expect((await stats(token, JANUARY)).body).toMatchObject({ totalLeads: 7, wonDeals: 2 });
  });
});
