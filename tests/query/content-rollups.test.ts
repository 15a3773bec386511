import fc from 'fast-check';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { liveCells, type RollupDefinition } from '../../server/query/content-rollup-sql';

/**
 * Content rollups (docs/rollups.md): content-type tiles that count, sum or average by UTC day and
 * a text field read the rollup once it is built, and answer what the table answers, after every
 * step of random writes through Strapi (entries created, moved to another day, source, name or
 * amount, deleted one by one or many at once; through the query engine and the document service),
 * for random periods.
 */
const LEAD = 'api::lead.lead';
const DEAL = 'api::opportunity.opportunity';
const SOURCES = ['website', 'referral', 'event', null] as const;
const NAMES = ['Alpha', 'Beta', 'Gamma'];
const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 20);
const instant = (day: number, hour: number) =>
  new Date(BASE + (day % 50) * DAY + (hour % 24) * 3_600_000 + 7 * 60_000).toISOString();
const dayText = (day: number) => new Date(BASE + (day % 50) * DAY).toISOString().slice(0, 10);

const PERIOD = { $gte: '{{period_from}}', $lte: '{{period_to}}' };
/** The tiles, in the dashboard's order: six rollups between them (the sum and the count of amounts share one). */
const TILES = [
  { uid: LEAD, measure: { fn: 'count' }, group_by: 'source', filters: { createdAt: PERIOD } },
  { uid: LEAD, measure: { fn: 'count' } },
  { uid: LEAD, measure: { fn: 'count' }, group_by: 'source', sort: 'desc', limit: 2 },
  {
    uid: DEAL,
    measure: { fn: 'sum', field: 'amount' },
    date_bucket: { field: 'closed_at', unit: 'month' },
    filters: { closed_at: PERIOD },
  },
  {
    uid: DEAL,
    measure: { fn: 'count', field: 'amount' },
    date_bucket: { field: 'closed_at', unit: 'day' },
    filters: { closed_at: PERIOD },
    sort: 'desc',
    limit: 5,
  },
  {
    uid: DEAL,
    measure: { fn: 'avg', field: 'amount' },
    group_by: 'name',
    date_bucket: { field: 'closed_at', unit: 'week' },
  },
  // a count of a date field: only whether it is set counts
  { uid: DEAL, measure: { fn: 'count', field: 'closed_at' }, group_by: 'name' },
];

let app: TestApp;
let reader: UserPrincipal;
let dashboardId: number;
const records: Record<'lead' | 'deal', { id: number; documentId: string }[]> = { lead: [], deal: [] };
const service = () => app.strapi.plugin('dashboards').service('contentRollups');
const specsTable = () => app.strapi.db.metadata.get('plugin::dashboards.content-rollup-spec').tableName;
const cellsTable = () => app.strapi.db.metadata.get('plugin::dashboards.content-rollup').tableName;

function setRollups(on: boolean) {
  const config = app.strapi.config.get('plugin::dashboards') as Record<string, any>;
  app.strapi.config.set('plugin::dashboards', { ...config, query: { ...config.query, contentRollups: on } });
}

const definitionOf = (spec: { definition: unknown }) =>
  (typeof spec.definition === 'string' ? JSON.parse(spec.definition) : spec.definition) as RollupDefinition;

/** Numbers to 6 decimals: the rollup's sums are added up as doubles, the table's as decimals. */
const rounded = (value: unknown): unknown =>
  typeof value === 'number'
    ? Math.round(value * 1e6) / 1e6
    : Array.isArray(value)
      ? value.map(rounded)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rounded(item)]))
        : value;

/** Every tile's rows for a period (none: every day), read afresh (the result cache emptied). */
async function view(period?: [number, number]) {
  app.strapi.plugin('dashboards').service('cache').clear();
  const query = period
    ? { 'params[period_from]': dayText(period[0]), 'params[period_to]': dayText(period[1]) }
    : {};
  const response = await app
    .request()
    .get(`/api/dashboards/${dashboardId}/data`)
    .query(query)
    .set(bearer(reader.jwt));
  expect(response.status).toBe(200);
  return (response.body.tiles as { data: { rows: unknown[] } | null; error: string | null }[]).map((tile) => {
    expect(tile.error).toBeNull();
    return rounded(tile.data!.rows);
  });
}

/** What the tiles answer from the rollups, and from the tables. */
async function bothWays(period?: [number, number]) {
  setRollups(true);
  const rolledUp = await view(period);
  setRollups(false);
  const live = await view(period);
  setRollups(true);
  return { rolledUp, live };
}

const create = async (kind: 'lead' | 'deal', seed: number, documents: boolean) => {
  const data =
    kind === 'lead'
      ? {
          name: `Lead ${seed}`,
          source: SOURCES[seed % 4],
          status: 'open',
          createdAt: instant(seed, seed >> 3),
        }
      : {
          name: NAMES[seed % 3],
          amount: seed % 7 === 0 ? null : (seed * 37) / 100,
          closed_at: seed % 5 === 0 ? null : instant(seed >> 1, seed),
        };
  const uid = kind === 'lead' ? LEAD : DEAL;
  const created = documents
    ? await app.strapi.documents(uid as any).create({ data: data as any })
    : await app.strapi.db.query(uid as any).create({ data });
  records[kind].push({ id: created.id as number, documentId: created.documentId as string });
};

beforeAll(async () => {
  app = await bootTestApp();
  reader = await createUser(app, {
    actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`, `${DEAL}.find`],
    plan: 'pro',
  });
  for (let seed = 1; seed <= 40; seed += 1) await create(seed % 2 ? 'lead' : 'deal', seed, seed % 3 === 0);
  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(reader.jwt))
    .send({
      name: 'Rolled up',
      filters: [{ id: 'period', type: 'date_range', label: 'Period' }],
      tiles: TILES.map((source, index) => ({
        title: `Tile ${index}`,
        tile_type: 'table',
        chart_config: {},
        source: { kind: 'content-type', ...source },
      })),
    });
  expect(created.status).toBe(201);
  dashboardId = created.body.id;
});

afterAll(async () => {
  await app?.close();
});

it('registers a rollup per definition on the first view, builds it, then answers from it as the table does', async () => {
  const first = await view();
  await service().built();
  const specs = await app.strapi.db.connection(specsTable()).select('spec', 'ready', 'definition');
  expect(specs.map((spec) => spec.ready === true || spec.ready === 1)).toEqual(Array(6).fill(true));
  // the rollup's cells are what they compute from the table
  for (const spec of specs) {
    const definition = definitionOf(spec);
    const key = (row: Record<string, unknown>) =>
      JSON.stringify([row.day, row.dim, Number(row.n), Number(row.nv)]);
    const stored = await app.strapi.db
      .connection(cellsTable())
      .select('day', 'dim', 'n', 'nv')
      .where('spec', spec.spec);
    const live = await liveCells(app.strapi.db.connection, app.strapi.db.dialect.client as any, definition);
    expect(stored.map(key).sort()).toEqual(live.map(key).sort());
  }
  const { rolledUp, live } = await bothWays();
  expect(rolledUp).toEqual(live);
  expect(rolledUp).toEqual(first);
  // the tiles do read the rollup: a cell changed behind its back shows, until it is rebuilt
  const allLeads = specs.find((spec) => {
    const definition = definitionOf(spec);
    return definition.uid === LEAD && definition.day === null && definition.group === null;
  })!;
  await app.strapi.db.connection(cellsTable()).where('spec', allLeads.spec).increment('n', 100);
  expect((await view())[1]).toEqual([{ count: 120 }]);
  await service().rebuild(LEAD);
  expect((await view())[1]).toEqual([{ count: 20 }]);
  // exact values: 20 leads (seeds 1, 3, …, 39), by source
  expect(live[1]).toEqual([{ count: 20 }]);
  // (seed % 4: 1 referral, 3 none)
  expect(live[2]).toEqual([
    { source: 'referral', count: 10 },
    { source: null, count: 10 },
  ]);
});

it('answers a period of whole days from the rollup, and a time of day from the table', async () => {
  const { rolledUp, live } = await bothWays([3, 17]);
  expect(rolledUp).toEqual(live);
  const byTime = await app
    .request()
    .get(`/api/dashboards/${dashboardId}/data`)
    .query({ 'params[period_from]': `${dayText(3)}T06:00:00Z`, 'params[period_to]': dayText(17) })
    .set(bearer(reader.jwt));
  expect(byTime.status).toBe(200);
  const leads = (await app.strapi.db.query(LEAD).findMany({ select: ['createdAt'] })) as {
    createdAt: string;
  }[];
  const from = Date.parse(`${dayText(3)}T06:00:00Z`);
  const to = Date.parse(dayText(18));
  const inPeriod = leads.filter(
    ({ createdAt }) => Date.parse(createdAt) >= from && Date.parse(createdAt) < to
  );
  const counted = (byTime.body.tiles[0].data.rows as { count: number }[]).reduce(
    (sum, row) => sum + row.count,
    0
  );
  expect(counted).toBe(inPeriod.length);
});

type Step =
  | { op: 'create'; kind: 'lead' | 'deal'; seed: number; documents: boolean }
  | { op: 'update'; kind: 'lead' | 'deal'; pick: number; seed: number; documents: boolean }
  | { op: 'delete'; kind: 'lead' | 'deal'; pick: number; documents: boolean }
  | { op: 'updateMany' | 'deleteMany'; kind: 'lead' | 'deal'; seed: number };

const kind = fc.constantFrom<'lead' | 'deal'>('lead', 'deal');
const n = fc.nat({ max: 1000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('create' as const), kind, seed: n, documents: fc.boolean() }),
  fc.record({ op: fc.constant('update' as const), kind, pick: n, seed: n, documents: fc.boolean() }),
  fc.record({ op: fc.constant('delete' as const), kind, pick: n, documents: fc.boolean() }),
  fc.record({ op: fc.constantFrom('updateMany' as const, 'deleteMany' as const), kind, seed: n })
);

async function run(step: Step) {
  const uid = step.kind === 'lead' ? LEAD : DEAL;
  const list = records[step.kind];
  if (step.op === 'create') return create(step.kind, step.seed, step.documents);
  if (step.op === 'updateMany' || step.op === 'deleteMany') {
    // the entries of one source (leads) or one name (deals)
    const where = step.kind === 'lead' ? { source: SOURCES[step.seed % 3] } : { name: NAMES[step.seed % 3] };
    const matched = (await app.strapi.db.query(uid as any).findMany({ where, select: ['id'] })) as {
      id: number;
    }[];
    if (step.op === 'deleteMany') {
      await app.strapi.db.query(uid as any).deleteMany({ where });
      records[step.kind] = list.filter((record) => !matched.some(({ id }) => id === record.id));
    } else {
      const data =
        step.kind === 'lead' ? { source: SOURCES[(step.seed + 1) % 4] } : { amount: (step.seed * 13) / 100 };
      await app.strapi.db.query(uid as any).updateMany({ where, data });
    }
    return;
  }
  if (list.length === 0) return;
  const one = step as Extract<Step, { pick: number }>;
  const record = list[one.pick % list.length];
  if (one.op === 'delete') {
    if (one.documents) await app.strapi.documents(uid as any).delete({ documentId: record.documentId });
    else await app.strapi.db.query(uid as any).delete({ where: { id: record.id } });
    list.splice(list.indexOf(record), 1);
    return;
  }
  const { seed } = one as Extract<Step, { op: 'update' }>;
  const data =
    step.kind === 'lead'
      ? { source: SOURCES[seed % 4], createdAt: instant(seed, seed >> 2) }
      : {
          name: NAMES[seed % 3],
          amount: seed % 6 === 0 ? null : (seed * 41) / 100,
          closed_at: seed % 4 === 0 ? null : instant(seed, seed >> 3),
        };
  if (one.documents) {
    const updated = await app.strapi
      .documents(uid as any)
      .update({ documentId: record.documentId, data: data as any });
    record.id = updated!.id as number;
  } else {
    await app.strapi.db.query(uid as any).update({ where: { id: record.id }, data });
  }
}

it('stays equal to the table through random writes', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(step, { minLength: 1, maxLength: 4 }),
      fc.tuple(fc.nat({ max: 49 }), fc.nat({ max: 49 })),
      async (steps, [a, b]) => {
        for (const each of steps) await run(each);
        const { rolledUp, live } = await bothWays([Math.min(a, b), Math.max(a, b)]);
        expect(rolledUp).toEqual(live);
        const whole = await bothWays();
        expect(whole.rolledUp).toEqual(whole.live);
      }
    ),
    { numRuns: 15 }
  );
});

it('rebuilds a content type’s rollups after writes that bypass Strapi', async () => {
  const table = app.strapi.db.metadata.get(LEAD).tableName;
  await app.strapi.db.connection(table).update({ source: 'event' });
  await app.strapi.plugin('dashboards').service('cache').bumpContentType(LEAD);
  const { rolledUp, live } = await bothWays();
  expect(rolledUp).toEqual(live);
  const leads = await app.strapi.db.query(LEAD).count();
  expect(live[2]).toEqual([{ source: 'event', count: leads }]);
});
