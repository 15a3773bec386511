import fc from 'fast-check';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { FACT_NAMES, liveRows } from '../../server/analytics/rollups/daily';

/**
 * The daily rollup (docs/rollups.md) holds what its facts compute from the CRM's tables, after
 * every step of random writes through Strapi (leads, deals and activities created, moved to
 * another day, owner, source, type, stage or amount, closed, deleted one by one or many at once;
 * stages turned lost and back), and the endpoints that read it answer as they do without it, for
 * random periods in time zones whose days are not UTC days.
 */
const LEAD = 'api::lead.lead';
const DEAL = 'api::opportunity.opportunity';
const ACTIVITY = 'api::activity.activity';
const STAGE = 'api::stage.stage';
const USER = 'plugin::users-permissions.user';
const STINT = 'api::stage-history.stage-history';
const TASK = 'api::task.task';
const RECORDS = { lead: LEAD, deal: DEAL, activity: ACTIVITY, stint: STINT, task: TASK } as const;
type Kind = keyof typeof RECORDS;

let app: TestApp;
const users: number[] = [];
const stages: { id: number; documentId: string }[] = [];
/** The sales pipeline, another one without stages, and none. */
const pipelines: (number | null)[] = [];
const records: Record<Kind, { id: number; documentId: string }[]> = {
  lead: [],
  deal: [],
  activity: [],
  stint: [],
  task: [],
};

const db = () => app.strapi.db;
const create = async (uid: string, data: Record<string, unknown>) =>
  (await db()
    .query(uid as any)
    .create({ data })) as { id: number; documentId: string };

const DAY = 86_400_000;
/** The first of the 60 days the records fall on: they end 20 days from now (lead aging is relative to now). */
const BASE = Math.floor(Date.now() / DAY) * DAY - 40 * DAY;
/** An instant on one of those days at a random hour (days are the rollup's cells). */
const instant = (day: number, hour: number) =>
  new Date(BASE + (day % 60) * DAY + (hour % 24) * 3_600_000 + 17 * 60_000).toISOString();
const date = (day: number) => new Date(BASE + day * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  app = await bootTestApp();
  for (const name of ['ann', 'ben', 'cid']) {
    users.push((await create(USER, { username: name, email: `${name}@daily.test`, provider: 'local' })).id);
  }
  const pipeline = await create('api::pipeline.pipeline', {
    name: 'Sales',
    type: 'opportunity',
    is_default: true,
  });
  const other = await create('api::pipeline.pipeline', { name: 'Partners', type: 'opportunity' });
  pipelines.push(pipeline.id, pipeline.id, other.id, null);
  // the second stage is the proposal stage of the conversion funnel
  for (const [index, kind] of ['open', 'open', 'won', 'lost'].entries()) {
    const name = index === 1 ? 'Proposal' : `S${index}`;
    stages.push(await create(STAGE, { name, kind, position: index + 1, pipeline: pipeline.id }));
  }
  for (const [metric, owner] of [
    ['revenue', users[0]],
    ['deals_won', null],
    ['leads_created', users[1]],
    ['activities', null],
  ] as const) {
    await create('api::target.target', {
      name: metric,
      metric,
      target_value: 10,
      unit: metric === 'revenue' ? 'currency' : 'count',
      period_start: date(0),
      period_end: date(59),
      owner,
    });
  }
});

afterAll(async () => {
  await app?.close();
});

/** Rows keyed by fact, day, owner and dimension, with their count and sums (rounded: float sums). */
const keyed = (rows: Record<string, unknown>[]) =>
  Object.fromEntries(
    rows
      .filter((row) => Number(row.n) > 0)
      .map((row) => [
        `${row.fact} ${row.day} ${row.owner ?? '-'} ${row.dim ?? ''}`,
        [Number(row.n), Math.round(Number(row.sum_a ?? 0) * 100), Math.round(Number(row.sum_b ?? 0) * 1000)],
      ])
  );

/** The rollup's rows of each owner; its rows of everyone (owner -1) are checked to sum them. */
async function stored() {
  const rows: Record<string, unknown>[] = await db().connection('dashboards_daily').select('*');
  const isEveryone = (row: Record<string, unknown>) => row.owner !== null && Number(row.owner) === -1;
  const summed = new Map<string, Record<string, unknown>>();
  for (const row of rows.filter((each) => !isEveryone(each))) {
    const key = `${row.fact} ${row.day} ${row.dim}`;
    const sum = summed.get(key) ?? {
      fact: row.fact,
      day: row.day,
      owner: -1,
      dim: row.dim,
      n: 0,
      sum_a: 0,
      sum_b: 0,
    };
    for (const column of ['n', 'sum_a', 'sum_b'])
      sum[column] = Number(sum[column]) + Number(row[column] ?? 0);
    summed.set(key, sum);
  }
  expect(keyed(rows.filter(isEveryone))).toEqual(keyed([...summed.values()]));
  return keyed(rows.filter((each) => !isEveryone(each)));
}

async function live() {
  const crm = app.strapi.plugin('dashboards').service('analytics').model();
  const dealReach = app.strapi.plugin('dashboards').service('rollups').table();
  const dialect = db().dialect.client as any;
  const rows: Record<string, unknown>[] = [];
  await db().connection.transaction(async (trx) => {
    // as the rollup computes them: without PostgreSQL's JIT (a second per statement on unanalyzed tables)
    if (dialect === 'postgres') await trx.raw('SET LOCAL jit = off');
    for (const fact of FACT_NAMES) {
      const found = await liveRows({ knex: trx, dialect, crm, dealReach }, fact);
      rows.push(...found.map((row: Record<string, unknown>) => ({ ...row, fact })));
    }
  });
  return keyed(rows);
}

type Step =
  | { op: 'create'; kind: Kind; day: number; hour: number; owner: number; pick: number }
  | { op: 'update'; kind: Kind; at: number; day: number; hour: number; owner: number; pick: number }
  | { op: 'delete'; kind: Kind; at: number; via: 'query' | 'documents' }
  | { op: 'updateMany'; kind: Kind; ats: number[]; owner: number }
  | { op: 'deleteMany'; kind: Kind; ats: number[] }
  | { op: 'toggleLost'; stage: number };

const n = fc.nat({ max: 1000 });
const kind = fc.constantFrom<Kind>('lead', 'deal', 'activity', 'stint', 'task');
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant('create' as const), kind, day: n, hour: n, owner: n, pick: n }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('update' as const),
      kind,
      at: n,
      day: n,
      hour: n,
      owner: n,
      pick: n,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      kind,
      at: n,
      via: fc.constantFrom<'query' | 'documents'>('query', 'documents'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('updateMany' as const),
      kind,
      ats: fc.array(n, { minLength: 1, maxLength: 3 }),
      owner: n,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deleteMany' as const),
      kind,
      ats: fc.array(n, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('toggleLost' as const), stage: n }) }
);

const pick = <T>(list: T[], at: number) => list[at % list.length];

/** A record's fields for a step: its day, owner (or none), and what it is grouped or summed by. */
function fields(of: Kind, given: { day: number; hour: number; owner: number; pick: number }) {
  const owner = given.owner % 4 === 3 ? null : pick(users, given.owner);
  const createdAt = instant(given.day, given.hour);
  switch (of) {
    case 'lead':
      return {
        name: 'L',
        owner,
        createdAt,
        source: pick(['website', 'referral', null], given.pick),
        status: pick(['open', 'converted', null, 'disqualified', 'qualified'], given.hour),
        converted_at: given.pick % 2 === 0 ? instant(given.day + 1, given.hour) : null,
        qualified_at: given.hour % 3 === 0 ? instant(given.day, given.hour + 1) : null,
        // an SLA due a day or two after creation (or none), answered in time, late, or not yet
        sla_due_at: given.owner % 5 === 4 ? null : instant(given.day + 1 + (given.pick % 2), given.hour),
        first_response_at: pick(
          [null, instant(given.day, given.hour + 2), instant(given.day + 3, 1)],
          given.pick
        ),
      };
    case 'deal':
      return {
        name: 'D',
        owner,
        createdAt,
        stage: pick(stages, given.pick).id,
        amount: (given.pick % 7) * 125.25,
        closed_at: given.pick % 3 === 0 ? null : instant(given.day + (given.pick % 5), given.hour + 7),
        expected_close_date: given.hour % 4 === 0 ? null : date((given.day + given.hour) % 60),
        win_reason: pick(['Price', 'Fit', null, ''], given.hour),
        loss_reason: pick(['Price', 'Timing', 'Budget', null], given.day),
        pipeline: pick(pipelines, given.day + given.pick),
        // the lead it came from (the conversion funnel follows it), or none
        lead: given.hour % 5 === 4 || records.lead.length === 0 ? null : pick(records.lead, given.hour).id,
      };
    case 'activity':
      return { title: 'A', type: pick(['call', 'email', null], given.pick), performed_by: owner, createdAt };
    case 'task':
      // due on a day (or never), completed on one (or not yet)
      return {
        title: 'T',
        owner,
        due_at: given.hour % 6 === 5 ? null : createdAt,
        completed_at: given.pick % 3 === 0 ? null : instant(given.day + (given.pick % 4), given.hour + 2),
      };
    case 'stint':
      // a stint of a deal (whose owner it counts for) in a stage, entered and maybe exited
      return {
        opportunity: records.deal.length === 0 ? null : pick(records.deal, given.owner).id,
        stage: pick(stages, given.pick).id,
        entered_at: createdAt,
        exited_at: given.pick % 3 === 0 ? null : instant(given.day + (given.pick % 4), given.hour + 5),
      };
  }
}

async function apply(given: Step): Promise<void> {
  if (given.op === 'toggleLost') {
    const stage = pick(stages, given.stage);
    const [row] = await db().connection('stages').select('kind').where('id', stage.id);
    await app.strapi
      .documents(STAGE as any)
      .update({ documentId: stage.documentId, data: { kind: row.kind === 'lost' ? 'open' : 'lost' } as any });
    return;
  }
  const uid = RECORDS[given.kind];
  const list = records[given.kind];
  switch (given.op) {
    case 'create':
      list.push(await create(uid, fields(given.kind, given)));
      return;
    case 'update': {
      if (list.length === 0) return;
      const record = pick(list, given.at);
      await db()
        .query(uid as any)
        .update({ where: { id: record.id }, data: fields(given.kind, given) });
      return;
    }
    case 'delete': {
      if (list.length === 0) return;
      const [record] = list.splice(given.at % list.length, 1);
      if (given.via === 'query')
        await db()
          .query(uid as any)
          .delete({ where: { id: record.id } });
      else await app.strapi.documents(uid as any).delete({ documentId: record.documentId });
      return;
    }
    case 'updateMany': {
      if (list.length === 0) return;
      const ids = [...new Set(given.ats.map((at) => pick(list, at).id))];
      // a column of the records themselves (Strapi's updateMany writes no relations)
      const data =
        given.kind === 'lead'
          ? { source: 'event' }
          : given.kind === 'deal'
            ? { amount: 1 }
            : given.kind === 'stint'
              ? { entered_at: instant(0, 1) }
              : given.kind === 'task'
                ? { completed_at: null }
                : { type: 'note' };
      await db()
        .query(uid as any)
        .updateMany({ where: { id: { $in: ids } }, data });
      return;
    }
    case 'deleteMany': {
      if (list.length === 0) return;
      const ids = [...new Set(given.ats.map((at) => pick(list, at).id))];
      await db()
        .query(uid as any)
        .deleteMany({ where: { id: { $in: ids } } });
      list.splice(0, list.length, ...list.filter((record) => !ids.includes(record.id)));
      return;
    }
  }
}

it('holds what its facts compute from the tables after every step of random writes through Strapi', async () => {
  const [steps] = fc.sample(fc.array(step, { minLength: 100, maxLength: 100 }), {
    seed: 20261210,
    numRuns: 1,
  });
  for (const [at, given] of steps.entries()) {
    await apply(given);
    expect({ at, given, rows: await stored() }).toEqual({ at, given, rows: await live() });
  }
  expect(new Set(steps.map((given) => given.op)).size).toBe(6);
  expect(records.stint.length).toBeGreaterThan(2);
  expect(Object.keys(await stored()).length).toBeGreaterThan(10);
});

const quarter = (day: number) => {
  const at = new Date(BASE + day * DAY);
  return { quarter: `Q${Math.floor(at.getUTCMonth() / 3) + 1}`, year: String(at.getUTCFullYear()) };
};
const ENDPOINTS: [string, Record<string, string>][] = [
  ['stats', {}],
  ['activities-summary', {}],
  ['lead-sources', {}],
  ['lead-aging', {}],
  ['revenue-trend', { period: 'daily' }],
  ['target-progress', quarter(30)],
  ['revenue-trend', { period: 'weekly' }],
  ['deal-velocity', {}],
  ['win-loss-analysis', {}],
  ['funnel-chart', {}],
  ['conversion-funnel', {}],
  ['tasks-summary', {}],
  ['sla-compliance', {}],
  ['lead-pipeline', {}],
  ['opportunity-pipeline', {}],
  ['top-performers', { metricKey: 'revenue' }],
  ['top-performers', { metricKey: 'deals_won' }],
  ['top-performers', { metricKey: 'leads_created' }],
  ['top-performers', { metricKey: 'activities' }],
  [
    'score-card',
    {
      metrics:
        'leads_created,deals_won,deals_lost,revenue,win_rate,conversion_rate,average_deal_size,activities,tasks_completed',
    },
  ],
];

it('the endpoints that read it answer as they do without it, for periods whose edges are not UTC days', async () => {
  const rollups = app.strapi.plugin('dashboards').service('rollups');
  const analytics = app.strapi.plugin('dashboards').service('analytics');
  const principal = { kind: 'api-token', id: 0, name: 'test', can: () => true } as any;
  const dailyTable = rollups.dailyTable;
  // the rollup serves (built at start-up, in the background)
  expect(rollups.dailyTable()).toBe('dashboards_daily');
  // the stages as they began (the random steps turned some lost), and a lead's deal in each stage
  // with a stint in the proposal stage
  for (const [index, kind] of ['open', 'open', 'won', 'lost'].entries()) {
    await app.strapi
      .documents(STAGE as any)
      .update({ documentId: stages[index].documentId, data: { kind } as any });
  }
  for (const [index, stage] of stages.entries()) {
    const given = { day: 20 + index * 7, hour: 3 * index, owner: index, pick: index };
    const lead = await create(LEAD, { ...fields('lead', given), converted_at: instant(given.day, 23) });
    const deal = await create(DEAL, {
      ...fields('deal', given),
      lead: lead.id,
      pipeline: pipelines[0],
      stage: stage.id,
    });
    await create(STINT, { ...fields('stint', given), opportunity: deal.id, stage: stages[1].id });
    records.lead.push(lead);
    records.deal.push(deal);
  }
  // unanswered leads whose SLA is due soon (at risk), later (within) and past (breached)
  const now = Date.now();
  for (const [created, due] of [
    [now - 2 * DAY, now + DAY / 10],
    [now - DAY, now + 5 * DAY],
    [now - 3 * DAY, now - DAY],
  ]) {
    const given = { day: 38, hour: 1, owner: 0, pick: 0 };
    const lead = {
      ...fields('lead', given),
      createdAt: new Date(created).toISOString(),
      sla_due_at: new Date(due).toISOString(),
      first_response_at: null,
    };
    records.lead.push(await create(LEAD, lead));
  }
  // tasks overdue, done, and due from now on (day 40 is today)
  const dueAndDone: [number, number | null][] = [
    [10, null],
    [12, null],
    [15, 16],
    [39, null],
    [41, null],
    [44, 43],
  ];
  for (const [day, doneDay] of dueAndDone) {
    const given = { day, hour: 5, owner: day, pick: 1 };
    const done = doneDay === null ? null : instant(doneDay, 9);
    records.task.push(
      await create(TASK, { ...fields('task', given), due_at: instant(day, 5), completed_at: done })
    );
  }
  const answers = async (query: Record<string, string>) =>
    Promise.all(ENDPOINTS.map(([name, extra]) => analytics.run(principal, name, { ...query, ...extra })));
  const periods = fc.sample(
    fc.record({
      from: fc.integer({ min: 0, max: 50 }),
      days: fc.integer({ min: 0, max: 40 }),
      tz: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'),
    }),
    { seed: 20261207, numRuns: 12 }
  );
  for (const { from, days, tz } of periods) {
    const query = { from: date(from), to: date(from + days), tz, scope: 'all' };
    const withRollup = await answers(query);
    rollups.dailyTable = () => null;
    try {
      expect({ query, answers: withRollup }).toEqual({ query, answers: await answers(query) });
    } finally {
      rollups.dailyTable = dailyTable;
    }
  }
  // the answers are not all zeros: the periods cover the random records
  const everything = { from: date(0), to: date(59), tz: 'UTC', scope: 'all' };
  const all = (await answers(everything)) as any[];
  const [stats, , , aging, , targets] = all;
  const funnel = all[ENDPOINTS.findIndex(([name]) => name === 'funnel-chart')];
  const conversion = all[ENDPOINTS.findIndex(([name]) => name === 'conversion-funnel')];
  // every stage of the funnel reached by some deal, and every step of the conversion funnel taken
  expect(funnel.map((stage: { count: number }) => stage.count > 0)).toEqual([true, true, true]);
  expect(conversion.map((step: { count: number }) => step.count > 0)).toEqual([true, true, true, true, true]);
  const tasks = all[ENDPOINTS.findIndex(([name]) => name === 'tasks-summary')];
  expect([tasks.overdue > 0, tasks.completedThisPeriod > 0, tasks.completionRate > 0]).toEqual([
    true,
    true,
    true,
  ]);
  const sla = all[ENDPOINTS.findIndex(([name]) => name === 'sla-compliance')];
  expect([sla.withinSla > 0, sla.atRisk > 0, sla.breached > 0]).toEqual([true, true, true]);
  expect(stats.totalLeads).toBe(records.lead.length);
  expect(aging.map((range: { count: number }) => range.count).filter(Boolean).length).toBeGreaterThan(1);
  expect(targets).toHaveLength(4);
  expect(
    targets.filter((target: { currentValue: number }) => target.currentValue > 0).length
  ).toBeGreaterThan(1);
});
