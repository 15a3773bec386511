import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer } from '../helpers/principals';
import { analyticsGetter, buildCrm, type CrmFixture } from './fixture';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

/** The endpoints built on stages and their history (trend, velocity, the two funnels), and targets. */
const ENDPOINTS = ['revenue-trend', 'deal-velocity', 'funnel-chart', 'conversion-funnel', 'target-progress'];
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };

let app: TestApp;
let crm: CrmFixture;

beforeAll(async () => {
  app = await bootTestApp();
  crm = await buildCrm(
    app,
    ENDPOINTS.map((name) => ANALYTICS_ROUTES[name].contentApiAction)
  );
});

afterAll(async () => {
  await app?.close();
});

const get = (name: string, query: Record<string, string> = {}, who: keyof CrmFixture['people'] = 'dora') =>
  analyticsGetter(app, () => crm)(name, query, who);

const trend = (period: string, wonAmount: number, lostAmount: number, pipelineAmount: number) => ({
  period,
  wonAmount,
  lostAmount,
  pipelineAmount,
});

describe('revenue-trend', () => {
  it('buckets won and lost amounts by close date and open amounts by expected close date, empty buckets as 0', async () => {
    expect(await get('revenue-trend', { from: '2025-12-01', to: '2026-02-28' })).toEqual([
      trend('2025-12', 700, 0, 0),
      trend('2026-01', 3000.5, 650, 400.25),
      trend('2026-02', 300, 0, 3000),
    ]);
    expect(await get('revenue-trend', { from: '2025-12-01', to: '2026-02-28' }, 'alice')).toEqual([
      trend('2025-12', 700, 0, 0),
      trend('2026-01', 1000.5, 500, 0),
      trend('2026-02', 0, 0, 0),
    ]);
  });

  it('labels ISO weeks, quarters and days', async () => {
    expect(await get('revenue-trend', { period: 'weekly', from: '2026-01-05', to: '2026-01-18' })).toEqual([
      trend('2026-W02', 3000.5, 0, 0),
      trend('2026-W03', 0, 0, 0),
    ]);
    expect(await get('revenue-trend', { period: 'quarterly', from: '2025-10-01', to: '2026-03-31' })).toEqual(
      [trend('2025-Q4', 700, 0, 0), trend('2026-Q1', 3310.5, 650, 3400.25)]
    );
  });

  it('cuts days in the request’s time zone across a daylight-saving change and a year boundary', async () => {
    const days = { period: 'daily', from: '2026-03-29', to: '2026-03-30' };
    expect(await get('revenue-trend', { ...days, tz: 'Europe/Paris' })).toEqual([
      trend('2026-03-29', 0, 0, 0),
      trend('2026-03-30', 10, 0, 0),
    ]);
    expect(await get('revenue-trend', { ...days, tz: 'UTC' })).toEqual([
      trend('2026-03-29', 10, 0, 0),
      trend('2026-03-30', 0, 0, 0),
    ]);
    // Tokyo's January ends at 15:00 UTC on Jan 31: the deal closed at 00:00 UTC on Feb 1 is out
    expect(
      await get('revenue-trend', {
        period: 'monthly',
        from: '2025-12-01',
        to: '2026-01-31',
        tz: 'Asia/Tokyo',
      })
    ).toEqual([trend('2025-12', 700, 0, 0), trend('2026-01', 3000.5, 650, 400.25)]);
  });

  it('refuses an unknown period', async () => {
    const response = await app
      .request()
      .get('/api/dashboard/revenue-trend')
      .query({ period: 'hourly' })
      .set(bearer(crm.people.dora.jwt));
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0].path).toEqual(['period']);
  });
});

it('deal-velocity: mean days per stage over the stints that ended in the period, every stage listed', async () => {
  expect(await get('deal-velocity', JANUARY)).toEqual([
    { stageName: 'Discovery', avgDays: 9.5 }, // (3 + 10 + 5 + 18 + 18 + 3) / 6
    { stageName: 'Proposal', avgDays: 22.5 }, // (30 + 15) / 2
    { stageName: 'Won', avgDays: 3 }, // the reopened deal's stint
    { stageName: 'Lost', avgDays: 0 },
  ]);
  expect(await get('deal-velocity', { ...JANUARY, pipelineId: crm.pipelines.sales }, 'alice')).toEqual([
    { stageName: 'Discovery', avgDays: 3 },
    { stageName: 'Proposal', avgDays: 22.5 },
    { stageName: 'Won', avgDays: 0 },
    { stageName: 'Lost', avgDays: 0 },
  ]);
});

it('funnel-chart: the period’s deals by the furthest stage reached; lost deals up to their last open stage', async () => {
  const step = (stageName: string, count: number, percentage: number) => ({
    stageId: expect.any(String),
    stageName,
    count,
    percentage,
  });
  expect(await get('funnel-chart', JANUARY)).toEqual([
    step('Discovery', 8, 100),
    // deals 2 (then lost), 3 (won), 4 (there now), 7 (won) and 10 (won once, then reopened)
    step('Proposal', 5, 62.5),
    step('Won', 3, 37.5),
  ]);
  expect(await get('funnel-chart', JANUARY, 'alice')).toEqual([
    step('Discovery', 1, 100),
    step('Proposal', 1, 100),
    step('Won', 0, 0),
  ]);
});

it('conversion-funnel: each of the period’s leads once, down to the won deal', async () => {
  expect(await get('conversion-funnel', JANUARY)).toEqual([
    { stage: 'Leads Created', count: 6, percentage: 100 },
    { stage: 'Qualified', count: 3, percentage: 50 }, // leads 2, 3 (qualified) and 4 (converted)
    { stage: 'Opportunity Created', count: 2, percentage: 33.3 },
    { stage: 'Proposal Sent', count: 2, percentage: 33.3 }, // lead 2's deal reached Proposal; lead 4's was won
    { stage: 'Closed Won', count: 1, percentage: 16.7 },
  ]);
  expect(await get('conversion-funnel', { from: '2030-01-01', to: '2030-01-31' })).toEqual(
    ['Leads Created', 'Qualified', 'Opportunity Created', 'Proposal Sent', 'Closed Won'].map((stage) => ({
      stage,
      count: 0,
      percentage: 0,
    }))
  );
});

it('target-progress: the quarter’s targets, each measured over its own period for its owner or the scope', async () => {
  const target = async (
    name: string,
    metric: string,
    value: number,
    unit: string,
    start: string,
    end: string,
    owner?: number
  ) =>
    app.strapi.db.query('api::target.target').create({
      data: {
        name,
        metric,
        target_value: value,
        unit,
        period_start: start,
        period_end: end,
        owner: owner ?? null,
      },
    });
  const { alice, carol, erin } = crm.people;
  await target('Q1 Revenue', 'revenue', 5000, 'currency', '2026-01-01', '2026-03-31');
  await target('Alice deals', 'deals_won', 4, 'count', '2026-01-01', '2026-01-31', alice.id);
  await target('Carol leads', 'leads_created', 2, 'count', '2026-01-01', '2026-03-31', carol.id);
  await target('Erin activities', 'activities', 4, 'count', '2026-01-01', '2026-01-31', erin.id);
  await target('Q2 Revenue', 'revenue', 100, 'currency', '2026-04-01', '2026-06-30');
  // the same metric and period as alice's target: measured in the same query
  await target('Carol deals', 'deals_won', 2, 'count', '2026-01-01', '2026-01-31', carol.id);
  await target('January deals', 'deals_won', 4, 'count', '2026-01-01', '2026-01-31');
  const progress = (
    name: string,
    targetValue: number,
    currentValue: number,
    value: number,
    unit: string
  ) => ({
    targetId: expect.any(String),
    name,
    targetValue,
    currentValue,
    progress: value,
    unit,
  });
  expect(await get('target-progress', { quarter: 'Q1', year: '2026' })).toEqual([
    progress('Alice deals', 4, 1, 25, 'count'),
    progress('Carol deals', 2, 1, 50, 'count'),
    progress('Carol leads', 2, 1, 50, 'count'),
    progress('Erin activities', 4, 1, 25, 'count'),
    progress('January deals', 4, 2, 50, 'count'), // deals 1 and 3; deal 7 closed on Feb 1
    progress('Q1 Revenue', 5000, 3310.5, 66.2, 'currency'), // deals 1, 3, 7 and 11
  ]);
  // alice sees her own target and the unowned ones, measured over her own deals
  expect(await get('target-progress', { quarter: 'Q1', year: '2026' }, 'alice')).toEqual([
    progress('Alice deals', 4, 1, 25, 'count'),
    progress('January deals', 4, 1, 25, 'count'),
    progress('Q1 Revenue', 5000, 1000.5, 20, 'currency'),
  ]);
  // bob's teams and dave's department hold alice, bob and carol (and dave): not erin or dora
  const sales = [
    progress('Alice deals', 4, 1, 25, 'count'),
    progress('Carol deals', 2, 1, 50, 'count'),
    progress('Carol leads', 2, 1, 50, 'count'),
    progress('January deals', 4, 2, 50, 'count'),
    progress('Q1 Revenue', 5000, 3300.5, 66, 'currency'), // deals 1, 3 and 7
  ];
  expect(await get('target-progress', { quarter: 'Q1', year: '2026', scope: 'team' }, 'bob')).toEqual(sales);
  expect(await get('target-progress', { quarter: 'Q1', year: '2026', scope: 'department' }, 'dave')).toEqual(
    sales
  );
  const bad = await app
    .request()
    .get('/api/dashboard/target-progress')
    .query({ quarter: 'Q5' })
    .set(bearer(crm.people.dora.jwt));
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors[0].path).toEqual(['quarter']);
});

it('deal-velocity and funnel-chart: a second opportunity pipeline by pipelineId, the default one without', async () => {
  const db = app.strapi.db;
  const create = async (uid: string, data: Record<string, unknown>) =>
    (await db.query(uid as any).create({ data })) as { id: number; documentId: string };
  const enterprise = await create('api::pipeline.pipeline', { name: 'Enterprise', type: 'opportunity' });
  const stage: Record<string, number> = {};
  for (const [position, [name, kind]] of [
    ['Qualify', 'open'],
    ['Negotiate', 'open'],
    ['Signed', 'won'],
    ['Dropped', 'lost'],
  ].entries()) {
    stage[name] = (
      await create('api::stage.stage', { name, kind, position: position + 1, pipeline: enterprise.id })
    ).id;
  }
  const deal = async (
    owner: number,
    current: string,
    createdAt: string,
    stints: [string, string, string | null][]
  ) => {
    const { id } = await create('api::opportunity.opportunity', {
      name: `Enterprise ${current}`,
      owner,
      pipeline: enterprise.id,
      stage: stage[current],
      amount: 10_000,
      createdAt,
    });
    for (const [name, entered_at, exited_at] of stints) {
      await create('api::stage-history.stage-history', {
        opportunity: id,
        stage: stage[name],
        entered_at,
        exited_at,
      });
    }
  };
  await deal(crm.people.alice.id, 'Negotiate', '2026-01-10T00:00:00Z', [
    ['Qualify', '2026-01-10T00:00:00Z', '2026-01-14T00:00:00Z'],
    ['Negotiate', '2026-01-14T00:00:00Z', null],
  ]);
  await deal(crm.people.carol.id, 'Dropped', '2026-01-12T00:00:00Z', [
    ['Qualify', '2026-01-12T00:00:00Z', '2026-01-20T00:00:00Z'],
    ['Dropped', '2026-01-20T00:00:00Z', null],
  ]);
  const inEnterprise = { ...JANUARY, pipelineId: enterprise.documentId };
  expect(await get('deal-velocity', inEnterprise)).toEqual([
    { stageName: 'Qualify', avgDays: 6 }, // (4 + 8) / 2
    { stageName: 'Negotiate', avgDays: 0 },
    { stageName: 'Signed', avgDays: 0 },
    { stageName: 'Dropped', avgDays: 0 },
  ]);
  expect(await get('funnel-chart', inEnterprise)).toEqual([
    { stageId: expect.any(String), stageName: 'Qualify', count: 2, percentage: 100 },
    { stageId: expect.any(String), stageName: 'Negotiate', count: 1, percentage: 50 },
    { stageId: expect.any(String), stageName: 'Signed', count: 0, percentage: 0 },
  ]);
  // without pipelineId: the default (Sales) pipeline, as before
  expect((await get('funnel-chart', JANUARY)).map((step: { count: number }) => step.count)).toEqual([
    8, 5, 3,
  ]);
  expect((await get('deal-velocity', JANUARY))[0]).toEqual({ stageName: 'Discovery', avgDays: 9.5 });
});
