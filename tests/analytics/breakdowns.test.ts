import { DateTime } from 'luxon';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { analyticsGetter, buildCrm, type CrmFixture } from './fixture';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

const ENDPOINTS = [
  'lead-pipeline',
  'opportunity-pipeline',
  'lead-sources',
  'activities-summary',
  'recent-activities',
  'tasks-summary',
  'upcoming-tasks',
  'lead-aging',
  'win-loss-analysis',
  'sla-compliance',
  'top-performers',
  'score-card',
];
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };

let app: TestApp;
let crm: CrmFixture;

beforeAll(async () => {
  app = await bootTestApp();
  crm = await buildCrm(app, [
    ...ALL_CONTENT_ACTIONS.filter((action) => !action.includes('.analytics.')),
    ...ENDPOINTS.map((name) => ANALYTICS_ROUTES[name].contentApiAction),
  ]);
});

afterAll(async () => {
  await app?.close();
});

const get = (name: string, query: Record<string, string> = {}, who: keyof CrmFixture['people'] = 'dora') =>
  analyticsGetter(app, () => crm)(name, query, who);

it('lead-pipeline: every stage of the lead pipeline, in order, with its leads', async () => {
  const stage = (stageName: string, count: number, color: string) => ({
    stageId: expect.any(String),
    stageName,
    count,
    color,
  });
  expect(await get('lead-pipeline')).toEqual([stage('New', 6, '#3b82f6'), stage('Qualified', 2, '#10b981')]);
  expect(await get('lead-pipeline', {}, 'alice')).toEqual([
    stage('New', 2, '#3b82f6'),
    stage('Qualified', 1, '#10b981'),
  ]);
});

it('opportunity-pipeline: every open stage, with amounts weighted by the deal’s or the stage’s probability', async () => {
  expect(await get('opportunity-pipeline')).toEqual([
    // 400.25 × 10% (the deal's own probability) + 250 × 20% (the stage's) = 90.025 → 90.03
    {
      stageId: expect.any(String),
      stageName: 'Discovery',
      count: 2,
      totalAmount: 650.25,
      weightedAmount: 90.03,
    },
    // 3000 × 50% (the stage's)
    { stageId: expect.any(String), stageName: 'Proposal', count: 1, totalAmount: 3000, weightedAmount: 1500 },
  ]);
  expect(await get('opportunity-pipeline', { pipelineId: crm.pipelines.sales }, 'alice')).toEqual([
    { stageId: expect.any(String), stageName: 'Discovery', count: 0, totalAmount: 0, weightedAmount: 0 },
    { stageId: expect.any(String), stageName: 'Proposal', count: 0, totalAmount: 0, weightedAmount: 0 },
  ]);
});

it('lead-sources: the period’s leads by source, by count then name', async () => {
  expect(await get('lead-sources', JANUARY)).toEqual([
    { source: 'referral', count: 2, percentage: 33.3 },
    { source: 'website', count: 2, percentage: 33.3 },
    { source: 'event', count: 1, percentage: 16.7 },
    { source: 'linkedin', count: 1, percentage: 16.7 },
  ]);
  expect(await get('lead-sources', JANUARY, 'alice')).toEqual([
    { source: 'referral', count: 1, percentage: 50 },
    { source: 'website', count: 1, percentage: 50 },
  ]);
  expect(await get('lead-sources', { from: '2030-01-01', to: '2030-01-31' })).toEqual([]);
});

it('activities-summary and recent-activities', async () => {
  expect(await get('activities-summary', JANUARY)).toEqual({
    totalActivities: 5,
    byType: [
      { type: 'call', count: 3 },
      { type: 'email', count: 1 },
      { type: 'meeting', count: 1 },
    ],
  });
  const team = await app
    .request()
    .get('/api/dashboard/activities-summary')
    .query({ ...JANUARY, scope: 'team' })
    .set(bearer(crm.people.bob.jwt));
  expect(team.body).toEqual({
    totalActivities: 4,
    byType: [
      { type: 'call', count: 3 },
      { type: 'email', count: 1 },
    ],
  });

  const recent = await get('recent-activities', { limit: '3' });
  expect(recent).toEqual([
    {
      id: expect.any(String),
      activityType: 'call',
      title: 'Activity 6',
      entityType: 'leads',
      entityId: '6',
      entityName: 'Lead 6',
      performedBy: crm.people.bob.username,
      createdAt: '2026-01-31T12:00:00.000Z',
    },
    expect.objectContaining({ title: 'Activity 4', performedBy: crm.people.erin.username }),
    expect.objectContaining({ title: 'Activity 3', performedBy: crm.people.carol.username }),
  ]);
  const bad = await app
    .request()
    .get('/api/dashboard/recent-activities')
    .query({ limit: '101' })
    .set(bearer(crm.people.dora.jwt));
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors[0].path).toEqual(['limit']);
});

it('tasks-summary and upcoming-tasks, relative to now', async () => {
  const today = DateTime.utc().startOf('day');
  const lastTenDays = {
    from: today.minus({ days: 10 }).toISODate()!,
    to: today.minus({ days: 1 }).toISODate()!,
  };
  expect(await get('tasks-summary', lastTenDays)).toEqual({
    overdue: 1,
    dueToday: crm.dueTodayIsSunday ? 2 : 1,
    dueThisWeek: 2,
    completedThisPeriod: 1,
    completionRate: 50, // due in the period: tasks 1 (open) and 5 (done)
  });
  expect(await get('tasks-summary', lastTenDays, 'alice')).toMatchObject({
    overdue: 1,
    completedThisPeriod: 0,
    completionRate: 0,
  });

  const upcoming = await get('upcoming-tasks', { days: '10' }, 'alice');
  expect(upcoming.map((task: { title: string }) => task.title)).toEqual(['Task 2', 'Task 3', 'Task 4']);
  expect(upcoming[0]).toEqual({
    id: expect.any(String),
    title: 'Task 2',
    dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    entityType: 'leads',
    entityId: '2',
    ownerName: crm.people.alice.username,
  });
  expect((await get('upcoming-tasks', {}, 'alice')).map((task: { title: string }) => task.title)).toEqual([
    'Task 2',
    'Task 3',
  ]);
  expect(await get('upcoming-tasks', { limit: '1' }, 'alice')).toHaveLength(1);
});

it('win-loss-analysis: the win rate and the top reasons, empty reasons left out', async () => {
  expect(await get('win-loss-analysis', JANUARY)).toEqual({
    wonCount: 2,
    lostCount: 3,
    winRate: 40,
    topWinReasons: [{ reason: 'Product fit', count: 2 }],
    topLossReasons: [
      { reason: 'Price too high', count: 2 },
      { reason: 'Chose competitor', count: 1 },
    ],
  });
  expect(await get('win-loss-analysis', JANUARY, 'alice')).toEqual({
    wonCount: 1,
    lostCount: 1,
    winRate: 50,
    topWinReasons: [{ reason: 'Product fit', count: 1 }],
    topLossReasons: [{ reason: 'Price too high', count: 1 }],
  });
  expect(await get('win-loss-analysis', { from: '2030-01-01', to: '2030-01-02' })).toEqual({
    wonCount: 0,
    lostCount: 0,
    winRate: 0,
    topWinReasons: [],
    topLossReasons: [],
  });
});

it('serves the endpoints as tile sources, with dashboard filters and the viewer’s scope', async () => {
  const tile = (
    title: string,
    tile_type: string,
    chart_type: string | null,
    endpoint: string,
    params: object,
    chart_config: object
  ) => ({
    title,
    tile_type,
    chart_type,
    chart_config,
    source: { kind: 'analytics', endpoint, params },
  });
  const january = { scope: 'all', from: '2026-01-01', to: '2026-01-31' };
  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(crm.people.dora.jwt))
    .send({
      name: 'CRM overview',
      filters: [{ id: 'period', type: 'date_range', label: 'Period', default: ['2026-01-01', '2026-01-31'] }],
      tiles: [
        tile('Win rate', 'kpi', null, 'win-loss-analysis', january, { valueField: 'winRate', suffix: '%' }),
        tile('By type', 'chart', 'donut', 'activities-summary', january, {
          nameField: 'type',
          valueField: 'count',
        }),
        tile(
          'Sources',
          'table',
          null,
          'lead-sources',
          { scope: 'all', from: '{{period_from}}', to: '{{period_to}}' },
          {}
        ),
        tile(
          'Trend',
          'chart',
          'line',
          'revenue-trend',
          { period: 'hourly' },
          { xField: 'period', yField: 'wonAmount' }
        ),
      ],
    });
  expect(created.status).toBe(201);
  const data = async (who: 'dora' | 'alice', query: Record<string, string> = {}) =>
    (
      await app
        .request()
        .get(`/api/dashboards/${created.body.id}/data`)
        .query(query)
        .set(bearer(crm.people[who].jwt))
    ).body.tiles;
  const [winRate, byType, sources, trend] = await data('dora');
  expect(winRate).toMatchObject({ error: null, data: { value: 40, formatted: '40%' } });
  expect(byType).toMatchObject({
    error: null,
    data: { labels: ['call', 'email', 'meeting'], datasets: [{ data: [3, 1, 1] }] },
  });
  expect(sources.data.rows).toHaveLength(4);
  // a bad parameter is that tile's error
  expect(trend).toMatchObject({ data: null, error: expect.stringMatching(/^period: /) });
  const february = await data('dora', {
    'params[period_from]': '2026-02-01',
    'params[period_to]': '2026-02-28',
  });
  expect(february[2].data.rows).toEqual([{ source: 'other', count: 1, percentage: 100 }]);

  // a viewer whose role reaches only its own records sees the tile's error, not more data
  await app
    .request()
    .post(`/api/dashboards/${created.body.id}/members`)
    .set(bearer(crm.people.dora.jwt))
    .send({ user_id: crm.people.alice.id, role: 'viewer' });
  const [aliceWinRate] = await data('alice');
  expect(aliceWinRate).toMatchObject({ data: null, error: 'Your widest analytics scope is "own"' });
});

it('top-performers: owners ranked by the metric, then amount, then name; only values above 0', async () => {
  const byName = (...people: (keyof CrmFixture['people'])[]) =>
    people.map((person) => crm.people[person].username).sort();
  const performers = async (query: Record<string, string>, who: 'dora' | 'alice' = 'dora') =>
    (await get('top-performers', { ...JANUARY, ...query }, who)).map(
      ({ userName, value, amount }: { userName: string; value: number; amount: number }) => [
        userName,
        value,
        amount,
      ]
    );
  const { alice, carol } = crm.people;
  expect(await performers({ metricKey: 'deals_won' })).toEqual([
    [carol.username, 1, 2000],
    [alice.username, 1, 1000.5],
  ]);
  expect(await performers({ metricKey: 'revenue' })).toEqual([
    [carol.username, 2000, 2000],
    [alice.username, 1000.5, 1000.5],
  ]);
  expect(await performers({ metricKey: 'leads_created' })).toEqual([
    [alice.username, 2, 0],
    ...byName('carol', 'dave', 'erin').map((name) => [name, 1, 0]),
  ]);
  expect(await performers({ metricKey: 'activities', limit: '2' })).toEqual([
    [alice.username, 2, 0],
    [byName('bob', 'carol', 'erin')[0], 1, 0],
  ]);
  expect(await performers({ metricKey: 'deals_won' }, 'alice')).toEqual([[alice.username, 1, 1000.5]]);
  const [top] = await get('top-performers', JANUARY);
  expect(top).toEqual({
    userId: expect.any(String),
    userName: carol.username,
    avatar: null,
    value: 1,
    amount: 2000,
  });
});

it('score-card: each metric against the previous period of as many days', async () => {
  const metrics =
    'leads_created,deals_won,revenue,deals_lost,win_rate,conversion_rate,average_deal_size,activities,tasks_completed';
  const card = await get('score-card', { ...JANUARY, metrics });
  const row = (
    metric: string,
    label: string,
    value: number,
    previousPeriod: number,
    change: number,
    trend: string
  ) => ({
    metric,
    label,
    value,
    previousPeriod,
    change,
    trend,
  });
  expect(card).toEqual([
    row('leads_created', 'Leads Created', 6, 1, 500, 'up'),
    row('deals_won', 'Deals Won', 2, 1, 100, 'up'),
    row('revenue', 'Revenue', 3000.5, 700, 328.6, 'up'),
    row('deals_lost', 'Deals Lost', 3, 0, 100, 'up'),
    row('win_rate', 'Win Rate', 40, 100, -60, 'down'),
    row('conversion_rate', 'Conversion Rate', 33.3, 0, 100, 'up'),
    row('average_deal_size', 'Average Deal Size', 1500.25, 700, 114.3, 'up'),
    row('activities', 'Activities', 5, 1, 400, 'up'),
    row('tasks_completed', 'Tasks Completed', 0, 0, 0, 'flat'),
  ]);
  expect((await get('score-card', JANUARY)).map((entry: { metric: string }) => entry.metric)).toEqual([
    'leads_created',
    'deals_won',
    'revenue',
  ]);
  const bad = await app
    .request()
    .get('/api/dashboard/score-card')
    .query({ metrics: 'leads_created,happiness' })
    .set(bearer(crm.people.dora.jwt));
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors[0].path).toEqual(['metrics']);
});

// Last: it adds leads that the other endpoints would count.
it('lead-aging: open leads by whole days since creation, every range listed', async () => {
  const now = Date.now();
  const hour = 3_600_000;
  const day = 24 * hour;
  const ages = [day, 7 * day + hour, 8 * day + hour, 20 * day, 45 * day, 61 * day + hour];
  for (const [index, age] of ages.entries()) {
    await app.strapi.db.query('api::lead.lead').create({
      data: { name: `Aging ${index}`, status: 'open', createdAt: new Date(now - age) },
    });
  }
  await app.strapi.db.query('api::lead.lead').create({
    data: { name: 'Disqualified', status: 'disqualified', createdAt: new Date(now - day) },
  });
  expect(await get('lead-aging')).toEqual([
    { ageRange: '0-7 days', count: 2 },
    { ageRange: '8-14 days', count: 1 },
    { ageRange: '15-30 days', count: 1 },
    { ageRange: '31-60 days', count: 1 },
    // the fixture's six open leads are all older than 60 days, and one more
    { ageRange: '60+ days', count: 7 },
  ]);
});

it('sla-compliance: within, at risk (≤ 20% of the window left) and breached, relative to now', async () => {
  const now = Date.now();
  const day = 86_400_000;
  const at = (offset: number) => new Date(now + offset * day);
  const slas: [number, number, number | null][] = [
    [-10, -9, -9.5], // answered in time
    [-10, -9, -8], // answered late: breached
    [-10, -1, null], // unanswered, past due: breached
    [-10, 1, null], // 1 day left of 11: at risk
    [-2, 8, null], // 8 days left of 10: within
  ];
  for (const [index, [created, due, answered]] of slas.entries()) {
    await app.strapi.db.query('api::lead.lead').create({
      data: {
        name: `SLA ${index}`,
        status: 'converted',
        createdAt: at(created),
        sla_due_at: at(due),
        first_response_at: answered === null ? null : at(answered),
      },
    });
  }
  const today = DateTime.utc().startOf('day');
  expect(
    await get('sla-compliance', { from: today.minus({ days: 20 }).toISODate()!, to: today.toISODate()! })
  ).toEqual({
    withinSla: 2,
    atRisk: 1,
    breached: 2,
    complianceRate: 40,
  });
});
