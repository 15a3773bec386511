import type { TestApp } from '../helpers/strapi';
import { bearer, createUser, ensureUserRole, type UserPrincipal } from '../helpers/principals';

/**
 * A small CRM whose analytics are computed by hand in the tests. People and their reach:
 *
 * | user  | role          | teams | department |
 * | alice | sales-rep     | A, B  | Sales      |  (in two of bob's teams: must count once)
 * | bob   | team-lead     | A, B  | Sales      |
 * | carol | sales-rep     | B     | Sales      |
 * | dave  | sales-manager | —     | Sales      |
 * | erin  | sales-rep     | C     | Marketing  |
 * | dora  | director      | —     | —          |
 */
export const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'dora'] as const;
export type Person = (typeof PEOPLE)[number];

const ROLES: Record<Person, string> = {
  alice: 'sales-rep',
  bob: 'team-lead',
  carol: 'sales-rep',
  dave: 'sales-manager',
  erin: 'sales-rep',
  dora: 'director',
};

export interface CrmFixture {
  people: Record<Person, UserPrincipal>;
  pipelines: { leads: string; sales: string };
  stages: Record<string, number>;
  /** Whether today is Sunday (UTC): the task due at the end of this week is then due today too. */
  dueTodayIsSunday: boolean;
}

const LEADS: {
  owner: Person | null;
  createdAt: string;
  converted?: boolean;
  qualified?: boolean;
  stage?: string;
  source?: string;
}[] = [
  { owner: 'alice', createdAt: '2025-12-15T09:00:00Z', stage: 'New', source: 'website' },
  {
    owner: 'alice',
    createdAt: '2026-01-05T09:00:00Z',
    converted: true,
    stage: 'Qualified',
    source: 'website',
  },
  { owner: 'alice', createdAt: '2026-01-31T23:30:00Z', qualified: true, stage: 'New', source: 'referral' },
  { owner: 'carol', createdAt: '2026-01-10T09:00:00Z', converted: true, stage: 'Qualified', source: 'event' },
  { owner: 'erin', createdAt: '2026-01-12T09:00:00Z', stage: 'New', source: 'website' },
  { owner: 'dora', createdAt: '2026-02-01T00:00:00Z', stage: 'New', source: 'other' },
  { owner: null, createdAt: '2026-01-20T09:00:00Z', stage: 'New', source: 'referral' },
  { owner: 'dave', createdAt: '2026-01-15T09:00:00Z', stage: 'New', source: 'linkedin' },
];

const OPPORTUNITIES: {
  owner: Person;
  stage: string;
  amount: number;
  createdAt: string;
  closedAt?: string;
  probability?: number;
  winReason?: string;
  lossReason?: string;
  /** the lead it came from (1-based) */
  lead?: number;
  expectedCloseDate?: string;
}[] = [
  // prettier-ignore
  ...[
    { owner: 'alice', stage: 'Won', amount: 1000.5, createdAt: '2025-12-01T00:00:00Z', closedAt: '2026-01-10T00:00:00Z', winReason: 'Product fit' },
    { owner: 'alice', stage: 'Lost', amount: 500, createdAt: '2026-01-02T00:00:00Z', closedAt: '2026-01-20T00:00:00Z', lossReason: 'Price too high', lead: 2 },
    { owner: 'carol', stage: 'Won', amount: 2000, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-01-11T00:00:00Z', winReason: 'Product fit', lead: 4 },
    { owner: 'carol', stage: 'Proposal', amount: 3000, createdAt: '2026-01-15T00:00:00Z', expectedCloseDate: '2026-02-15' },
    { owner: 'erin', stage: 'Discovery', amount: 400.25, createdAt: '2026-01-03T00:00:00Z', probability: 10, expectedCloseDate: '2026-01-31' },
    { owner: 'alice', stage: 'Won', amount: 700, createdAt: '2025-11-01T00:00:00Z', closedAt: '2025-12-20T00:00:00Z', winReason: 'Pricing' },
    { owner: 'bob', stage: 'Won', amount: 300, createdAt: '2026-01-25T12:00:00Z', closedAt: '2026-02-01T00:00:00Z', winReason: 'Pricing' },
    { owner: 'carol', stage: 'Lost', amount: 100, createdAt: '2026-01-04T00:00:00Z', closedAt: '2026-01-22T00:00:00Z', lossReason: 'Chose competitor' },
    { owner: 'erin', stage: 'Lost', amount: 50, createdAt: '2026-01-05T00:00:00Z', closedAt: '2026-01-23T00:00:00Z', lossReason: 'Price too high' },
    // won on Jan 9, reopened on Jan 12: closed_at cleared, back in an open stage
    { owner: 'carol', stage: 'Discovery', amount: 250, createdAt: '2026-01-06T00:00:00Z', winReason: 'Product fit' },
    // closed at 00:30 on March 30 in Paris, the night summer time began: March 29 in UTC
    { owner: 'dora', stage: 'Won', amount: 10, createdAt: '2026-03-01T00:00:00Z', closedAt: '2026-03-29T22:30:00Z' },
  ] as const,
];

/** Stage histories: [deal (1-based), stage, entered, exited]. */
// prettier-ignore
const HISTORY: [number, string, string, string | null][] = [
  [1, 'Discovery', '2025-12-01T00:00:00Z', '2025-12-11T00:00:00Z'],
  [1, 'Proposal', '2025-12-11T00:00:00Z', '2026-01-10T00:00:00Z'],
  [1, 'Won', '2026-01-10T00:00:00Z', null],
  [2, 'Discovery', '2026-01-02T00:00:00Z', '2026-01-05T00:00:00Z'],
  [2, 'Proposal', '2026-01-05T00:00:00Z', '2026-01-20T00:00:00Z'],
  [2, 'Lost', '2026-01-20T00:00:00Z', null],
  [3, 'Discovery', '2026-01-01T00:00:00Z', '2026-01-11T00:00:00Z'],
  [3, 'Won', '2026-01-11T00:00:00Z', null],
  [4, 'Discovery', '2026-01-15T00:00:00Z', '2026-01-20T00:00:00Z'],
  [4, 'Proposal', '2026-01-20T00:00:00Z', null],
  [5, 'Discovery', '2026-01-03T00:00:00Z', null],
  [6, 'Discovery', '2025-11-01T00:00:00Z', '2025-12-20T00:00:00Z'],
  [6, 'Won', '2025-12-20T00:00:00Z', null],
  [7, 'Discovery', '2026-01-25T12:00:00Z', '2026-02-01T00:00:00Z'],
  [7, 'Won', '2026-02-01T00:00:00Z', null],
  [8, 'Discovery', '2026-01-04T00:00:00Z', '2026-01-22T00:00:00Z'],
  [8, 'Lost', '2026-01-22T00:00:00Z', null],
  [9, 'Discovery', '2026-01-05T00:00:00Z', '2026-01-23T00:00:00Z'],
  [9, 'Lost', '2026-01-23T00:00:00Z', null],
  [10, 'Discovery', '2026-01-06T00:00:00Z', '2026-01-09T00:00:00Z'],
  [10, 'Won', '2026-01-09T00:00:00Z', '2026-01-12T00:00:00Z'],
  [10, 'Discovery', '2026-01-12T00:00:00Z', null],
];

/** Activities: [performer, type, createdAt]. */
const ACTIVITIES: [Person, string, string][] = [
  ['alice', 'call', '2026-01-05T10:00:00Z'],
  ['alice', 'email', '2026-01-06T10:00:00Z'],
  ['carol', 'call', '2026-01-07T10:00:00Z'],
  ['erin', 'meeting', '2026-01-08T10:00:00Z'],
  ['alice', 'note', '2025-12-31T23:00:00Z'],
  ['bob', 'call', '2026-01-31T12:00:00Z'],
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Builds the CRM; `actions` are the content-API actions every sales role gets. */
export async function buildCrm(app: TestApp, actions: string[]): Promise<CrmFixture> {
  const db = app.strapi.db;
  const create = async (uid: string, data: Record<string, unknown>) =>
    (await db.query(uid as any).create({ data })) as { id: number; documentId: string };

  const sales = await create('api::department.department', { name: 'Sales' });
  const marketing = await create('api::department.department', { name: 'Marketing' });
  const teams = {
    A: await create('api::team.team', { name: 'A', department: sales.id }),
    B: await create('api::team.team', { name: 'B', department: sales.id }),
    C: await create('api::team.team', { name: 'C', department: marketing.id }),
  };
  const membership: Record<Person, { teams: number[]; department: number | null }> = {
    alice: { teams: [teams.A.id, teams.B.id], department: sales.id },
    bob: { teams: [teams.A.id, teams.B.id], department: sales.id },
    carol: { teams: [teams.B.id], department: sales.id },
    dave: { teams: [], department: sales.id },
    erin: { teams: [teams.C.id], department: marketing.id },
    dora: { teams: [], department: null },
  };
  for (const role of new Set(Object.values(ROLES))) await ensureUserRole(app.strapi, role, actions);
  const people = {} as Record<Person, UserPrincipal>;
  for (const person of PEOPLE) {
    people[person] = await createUser(app, { role: ROLES[person], plan: 'pro', extra: membership[person] });
  }

  const leadPipeline = await create('api::pipeline.pipeline', {
    name: 'Leads',
    type: 'lead',
    is_default: true,
  });
  const salesPipeline = await create('api::pipeline.pipeline', {
    name: 'Sales',
    type: 'opportunity',
    is_default: true,
  });
  const stages: Record<string, number> = {};
  // [name, pipeline, position, kind, probability, color]
  const stageSpecs: [string, number, number, string, number, string][] = [
    ['New', leadPipeline.id, 1, 'open', 0, '#3b82f6'],
    ['Qualified', leadPipeline.id, 2, 'open', 0, '#10b981'],
    ['Discovery', salesPipeline.id, 1, 'open', 20, '#f59e0b'],
    ['Proposal', salesPipeline.id, 2, 'open', 50, '#8b5cf6'],
    ['Won', salesPipeline.id, 3, 'won', 100, '#22c55e'],
    ['Lost', salesPipeline.id, 4, 'lost', 0, '#ef4444'],
  ];
  for (const [name, pipeline, position, kind, probability, color] of stageSpecs) {
    stages[name] = (
      await create('api::stage.stage', { name, pipeline, position, kind, probability, color })
    ).id;
  }

  const leadIds: number[] = [];
  for (const [index, lead] of LEADS.entries()) {
    const { id } = await create('api::lead.lead', {
      name: `Lead ${index + 1}`,
      owner: lead.owner ? people[lead.owner].id : null,
      pipeline: leadPipeline.id,
      stage: lead.stage ? stages[lead.stage] : null,
      source: lead.source,
      status: lead.converted ? 'converted' : 'open',
      converted_at: lead.converted ? lead.createdAt : null,
      qualified_at: lead.qualified ? lead.createdAt : null,
      createdAt: lead.createdAt,
    });
    leadIds.push(id);
  }
  const dealIds: number[] = [];
  for (const [index, deal] of OPPORTUNITIES.entries()) {
    const { id } = await create('api::opportunity.opportunity', {
      name: `Deal ${index + 1}`,
      owner: people[deal.owner].id,
      pipeline: salesPipeline.id,
      stage: stages[deal.stage],
      amount: deal.amount,
      probability: deal.probability ?? null,
      closed_at: deal.closedAt ?? null,
      win_reason: deal.winReason ?? null,
      loss_reason: deal.lossReason ?? null,
      lead: deal.lead ? leadIds[deal.lead - 1] : null,
      expected_close_date: deal.expectedCloseDate ?? null,
      createdAt: deal.createdAt,
    });
    dealIds.push(id);
  }
  for (const [deal, stage, enteredAt, exitedAt] of HISTORY) {
    await create('api::stage-history.stage-history', {
      opportunity: dealIds[deal - 1],
      stage: stages[stage],
      entered_at: enteredAt,
      exited_at: exitedAt,
    });
  }
  for (const [index, [performer, type, createdAt]] of ACTIVITIES.entries()) {
    await create('api::activity.activity', {
      type,
      title: `Activity ${index + 1}`,
      entity_type: 'leads',
      entity_id: String(index + 1),
      entity_name: `Lead ${index + 1}`,
      performed_by: people[performer].id,
      createdAt,
    });
  }
  // Tasks are due relative to now (UTC days: the people have no time zone).
  const now = Date.now();
  const endOfToday = Math.ceil((now + 1) / DAY) * DAY;
  const monday = 4 * DAY; // 1970-01-05 was a Monday
  const endOfWeek = Math.ceil((now + 1 - monday) / (7 * DAY)) * 7 * DAY + monday;
  const tasks: [Person, number, number | null][] = [
    ['alice', now - 2 * DAY, null], // overdue
    ['alice', now + (endOfToday - now) / 2, null], // due today
    ['alice', endOfWeek - 60_000, null], // due this week (today too when today is Sunday)
    ['alice', now + 8 * DAY, null],
    ['carol', now - 3 * DAY, now - DAY], // done
  ];
  for (const [index, [owner, dueAt, completedAt]] of tasks.entries()) {
    await create('api::task.task', {
      title: `Task ${index + 1}`,
      owner: people[owner].id,
      due_at: new Date(dueAt),
      completed_at: completedAt === null ? null : new Date(completedAt),
      entity_type: 'leads',
      entity_id: String(index + 1),
    });
  }
  return {
    people,
    pipelines: { leads: leadPipeline.documentId, sales: salesPipeline.documentId },
    stages,
    dueTodayIsSunday: endOfWeek - 60_000 < endOfToday,
  };
}

/** GET /api/dashboard/<name> as one of the people (the director with scope all, others own), expecting 200. */
export const analyticsGetter =
  (app: TestApp, crm: () => CrmFixture) =>
  async (name: string, query: Record<string, string> = {}, who: Person = 'dora') => {
    const response = await app
      .request()
      .get(`/api/dashboard/${name}`)
      .query({ scope: who === 'dora' ? 'all' : 'own', ...query })
      .set(bearer(crm().people[who].jwt));
    expect({ status: response.status, error: response.body?.error }).toEqual({
      status: 200,
      error: undefined,
    });
    return response.body;
  };
