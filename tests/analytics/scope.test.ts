import { ANALYTICS_ENDPOINTS } from '../../contracts/dashboards';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { analyticsGetter, buildCrm, type CrmFixture, type Person } from './fixture';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

/**
 * No figure may include a record outside the caller's scope: every endpoint answers alice (own),
 * bob (team) and dave (department) the same before and after erin — in none of their scopes —
 * gets a lead, deals, a stage history, activities, tasks and a target; the director's answers change.
 */
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const QUERIES: Record<string, Record<string, string>> = {
  'target-progress': { quarter: 'Q1', year: '2026' },
  'top-performers': { ...JANUARY, metricKey: 'deals_won' },
};
const CALLERS: [Person, string][] = [
  ['alice', 'own'],
  ['bob', 'team'],
  ['dave', 'department'],
  ['dora', 'all'],
];

let app: TestApp;
let crm: CrmFixture;
const before = new Map<string, unknown>();

const get = (name: string, who: Person, scope: string) =>
  analyticsGetter(app, () => crm)(name, { ...(QUERIES[name] ?? JANUARY), scope }, who);

async function addErinsRecords() {
  const db = app.strapi.db;
  const create = async (uid: string, data: Record<string, unknown>) =>
    (await db.query(uid as any).create({ data })) as { id: number };
  const erin = crm.people.erin.id;
  const sales = await db.query('api::pipeline.pipeline').findOne({ where: { name: 'Sales' } });
  const { stages } = crm;
  const lead = await create('api::lead.lead', {
    name: 'Erin lead',
    owner: erin,
    source: 'cold_call',
    status: 'converted',
    qualified_at: '2026-01-16T09:00:00Z',
    converted_at: '2026-01-16T10:00:00Z',
    sla_due_at: '2026-01-17T09:00:00Z',
    first_response_at: '2026-01-18T09:00:00Z',
    stage: stages.Qualified,
    createdAt: '2026-01-16T09:00:00Z',
  });
  await create('api::lead.lead', { name: 'Erin new lead', owner: erin, stage: stages.New, status: 'open' });
  const won = await create('api::opportunity.opportunity', {
    name: 'Erin won',
    owner: erin,
    pipeline: sales!.id,
    stage: stages.Won,
    amount: 999,
    lead: lead.id,
    closed_at: '2026-01-26T00:00:00Z',
    win_reason: 'Support',
    createdAt: '2026-01-16T00:00:00Z',
  });
  const open = await create('api::opportunity.opportunity', {
    name: 'Erin open',
    owner: erin,
    pipeline: sales!.id,
    stage: stages.Proposal,
    amount: 5000,
    probability: 50,
    expected_close_date: '2026-01-30',
    createdAt: '2026-01-18T00:00:00Z',
  });
  const history: [number, string, string, string | null][] = [
    [won.id, 'Discovery', '2026-01-16T00:00:00Z', '2026-01-20T00:00:00Z'],
    [won.id, 'Proposal', '2026-01-20T00:00:00Z', '2026-01-26T00:00:00Z'],
    [won.id, 'Won', '2026-01-26T00:00:00Z', null],
    [open.id, 'Discovery', '2026-01-18T00:00:00Z', '2026-01-19T00:00:00Z'],
    [open.id, 'Proposal', '2026-01-19T00:00:00Z', null],
  ];
  for (const [opportunity, stage, entered_at, exited_at] of history) {
    await create('api::stage-history.stage-history', {
      opportunity,
      stage: stages[stage],
      entered_at,
      exited_at,
    });
  }
  for (const [type, createdAt] of [
    ['call', '2026-01-16T12:00:00Z'],
    ['demo', new Date().toISOString()],
  ]) {
    await create('api::activity.activity', {
      type,
      title: `Erin ${type}`,
      entity_type: 'leads',
      entity_id: String(lead.id),
      entity_name: 'Erin lead',
      performed_by: erin,
      createdAt,
    });
  }
  const day = 24 * 3_600_000;
  for (const [title, dueAt, completedAt] of [
    ['Erin overdue', Date.now() - day, null],
    ['Erin soon', Date.now() + 2 * day, null],
    ['Erin January', Date.parse('2026-01-20T00:00:00Z'), Date.parse('2026-01-19T00:00:00Z')],
  ] as const) {
    await create('api::task.task', {
      title,
      owner: erin,
      due_at: new Date(dueAt),
      completed_at: completedAt === null ? null : new Date(completedAt),
      entity_type: 'leads',
      entity_id: String(lead.id),
    });
  }
  await create('api::target.target', {
    name: 'Erin revenue',
    metric: 'revenue',
    target_value: 2000,
    unit: 'currency',
    period_start: '2026-01-01',
    period_end: '2026-03-31',
    owner: erin,
  });
}

beforeAll(async () => {
  app = await bootTestApp();
  crm = await buildCrm(
    app,
    ANALYTICS_ENDPOINTS.map((name) => ANALYTICS_ROUTES[name].contentApiAction)
  );
  // an unowned target is measured over each caller's scope
  await app.strapi.db.query('api::target.target').create({
    data: {
      name: 'Q1 revenue',
      metric: 'revenue',
      target_value: 5000,
      unit: 'currency',
      period_start: '2026-01-01',
      period_end: '2026-03-31',
    },
  });
  for (const name of ANALYTICS_ENDPOINTS) {
    for (const [who, scope] of CALLERS) before.set(`${name} ${who}`, await get(name, who, scope));
  }
  await addErinsRecords();
});

afterAll(async () => {
  await app?.close();
});

it.each(ANALYTICS_ENDPOINTS)(
  '%s: records outside the scope change nothing, and do change scope all',
  async (name) => {
    for (const [who, scope] of CALLERS) {
      const now = await get(name, who, scope);
      if (who === 'dora') expect(now).not.toEqual(before.get(`${name} ${who}`));
      else expect({ who, now }).toEqual({ who, now: before.get(`${name} ${who}`) });
    }
  }
);
