import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import fc from 'fast-check';
import { bootTestApp, type TestApp } from '../helpers/strapi';

/**
 * The deal-reach rollup (docs/rollups.md) equals the live answer, computed here from the stage
 * history with SQL of its own, after every step of random writes through Strapi: stints created,
 * moved to another stage or deal, deleted one by one or many at once, through the query engine and
 * the document service; deals deleted; stages reordered or turned lost and back.
 */
const HISTORY = 'api::stage-history.stage-history';
const DEAL = 'api::opportunity.opportunity';
const STAGE = 'api::stage.stage';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

let app: TestApp;
const stages: { id: number; documentId: string }[] = [];
const deals: { id: number; documentId: string }[] = [];
const stints: { id: number; documentId: string }[] = [];

const db = () => app.strapi.db;
const create = async (uid: string, data: Record<string, unknown>) =>
  (await db()
    .query(uid as any)
    .create({ data })) as { id: number; documentId: string };

beforeAll(async () => {
  app = await bootTestApp();
  const pipeline = await create('api::pipeline.pipeline', {
    name: 'Sales',
    type: 'opportunity',
    is_default: true,
  });
  const kinds = ['open', 'open', 'open', 'won', 'lost'];
  for (const [index, kind] of kinds.entries()) {
    stages.push(
      await create(STAGE, { name: `Stage ${index + 1}`, kind, position: index + 1, pipeline: pipeline.id })
    );
  }
  for (let index = 0; index < 6; index += 1) {
    deals.push(await create(DEAL, { name: `Deal ${index + 1}`, stage: stages[0].id, pipeline: pipeline.id }));
  }
});

afterAll(async () => {
  await app?.close();
});

/** Per deal: the furthest open or won stage position of its stints, straight from the tables. */
async function liveReach(): Promise<Record<number, number | null>> {
  const knex = db().connection;
  const rows = await knex
    .from({ hd: 'stage_histories_opportunity_lnk' })
    .join({ hs: 'stage_histories_stage_lnk' }, 'hs.stage_history_id', 'hd.stage_history_id')
    .join({ st: 'stages' }, 'st.id', 'hs.stage_id')
    .select({ deal: 'hd.opportunity_id' })
    .max({ furthest: knex.raw("CASE WHEN st.kind IN ('open', 'won') THEN st.position END") })
    .groupBy('hd.opportunity_id');
  return Object.fromEntries(
    rows.map((row: any) => [Number(row.deal), row.furthest === null ? null : Number(row.furthest)])
  );
}

/** What the rollup holds, per deal: a deal without a row (or with null) reached nothing. */
async function rolledUp(): Promise<Record<number, number | null>> {
  const rows = await db().connection('dashboards_deal_reach').select('opportunity', 'furthest');
  return Object.fromEntries(
    rows
      .filter((row: any) => row.furthest !== null)
      .map((row: any) => [Number(row.opportunity), Number(row.furthest)])
  );
}

const reached = (reach: Record<number, number | null>) =>
  Object.fromEntries(Object.entries(reach).filter(([, furthest]) => furthest !== null));

type Step =
  | { op: 'add'; deal: number; stage: number; via: 'query' | 'documents' }
  | { op: 'move'; stint: number; stage: number; via: 'query' | 'documents' }
  | { op: 'relink'; stint: number; deal: number }
  | { op: 'delete'; stint: number; via: 'query' | 'documents' }
  | { op: 'deleteMany'; stints: number[] }
  | { op: 'swapStages'; first: number; second: number }
  | { op: 'toggleLost'; stage: number }
  | { op: 'deleteDeal'; deal: number };

const index = fc.nat({ max: 1000 });
const via = fc.constantFrom<'query' | 'documents'>('query', 'documents');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('add' as const), deal: index, stage: index, via }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('move' as const), stint: index, stage: index, via }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('relink' as const), stint: index, deal: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), stint: index, via }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('deleteMany' as const),
      stints: fc.array(index, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('swapStages' as const), first: index, second: index }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('toggleLost' as const), stage: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteDeal' as const), deal: index }) }
);

const pick = <T>(list: T[], at: number) => list[at % list.length];

async function apply(given: Step): Promise<void> {
  const documents = (uid: string) => app.strapi.documents(uid as any);
  switch (given.op) {
    case 'add': {
      if (deals.length === 0) return;
      const [deal, stage] = [pick(deals, given.deal), pick(stages, given.stage)];
      const data = { entered_at: '2026-01-01T00:00:00.000Z' };
      stints.push(
        given.via === 'query'
          ? await create(HISTORY, { ...data, opportunity: deal.id, stage: stage.id })
          : ((await documents(HISTORY).create({
              data: { ...data, opportunity: deal.documentId, stage: stage.documentId } as any,
            })) as any)
      );
      return;
    }
    case 'move': {
      if (stints.length === 0) return;
      const [stint, stage] = [pick(stints, given.stint), pick(stages, given.stage)];
      if (given.via === 'query')
        await db()
          .query(HISTORY)
          .update({ where: { id: stint.id }, data: { stage: stage.id } });
      else
        await documents(HISTORY).update({
          documentId: stint.documentId,
          data: { stage: stage.documentId } as any,
        });
      return;
    }
    case 'relink': {
      if (stints.length === 0 || deals.length === 0) return;
      const [stint, deal] = [pick(stints, given.stint), pick(deals, given.deal)];
      await db()
        .query(HISTORY)
        .update({ where: { id: stint.id }, data: { opportunity: deal.id } });
      return;
    }
    case 'delete': {
      if (stints.length === 0) return;
      const [stint] = stints.splice(given.stint % stints.length, 1);
      if (given.via === 'query')
        await db()
          .query(HISTORY)
          .delete({ where: { id: stint.id } });
      else await documents(HISTORY).delete({ documentId: stint.documentId });
      return;
    }
    case 'deleteMany': {
      if (stints.length === 0) return;
      const ids = [...new Set(given.stints.map((at) => pick(stints, at).id))];
      await db()
        .query(HISTORY)
        .deleteMany({ where: { id: { $in: ids } } });
      stints.splice(0, stints.length, ...stints.filter((stint) => !ids.includes(stint.id)));
      return;
    }
    case 'swapStages': {
      const [first, second] = [pick(stages, given.first), pick(stages, given.second)];
      const positions = await db()
        .connection('stages')
        .select('id', 'position')
        .whereIn('id', [first.id, second.id]);
      const at = (id: number) => positions.find((row: any) => row.id === id)!.position;
      const [one, two] = [at(first.id), at(second.id)];
      await db()
        .query(STAGE)
        .update({ where: { id: first.id }, data: { position: two } });
      await db()
        .query(STAGE)
        .update({ where: { id: second.id }, data: { position: one } });
      return;
    }
    case 'toggleLost': {
      const stage = pick(stages, given.stage);
      const [row] = await db().connection('stages').select('kind').where('id', stage.id);
      const kind = row.kind === 'lost' ? 'open' : 'lost';
      await documents(STAGE).update({ documentId: stage.documentId, data: { kind } as any });
      return;
    }
    case 'deleteDeal': {
      if (deals.length <= 2) return;
      const [deal] = deals.splice(given.deal % deals.length, 1);
      await db()
        .query(DEAL)
        .delete({ where: { id: deal.id } });
      return;
    }
  }
}

it('equals the live answer after every step of random writes through Strapi', async () => {
  const [steps] = fc.sample(fc.array(step, { minLength: 60, maxLength: 60 }), { seed: 20261205, numRuns: 1 });
  for (const [at, given] of steps.entries()) {
    await apply(given);
    expect({ at, given, reach: await rolledUp() }).toEqual({ at, given, reach: reached(await liveReach()) });
  }
  // the steps reached every kind of write, and left deals with stints behind
  expect(new Set(steps.map((given) => given.op)).size).toBe(8);
  expect(Object.keys(reached(await liveReach())).length).toBeGreaterThan(0);
});

it('a rebuild gives what the lifecycle events kept; the rebuild command mends writes that bypass Strapi', async () => {
  const rollups = app.strapi.plugin('dashboards').service('rollups');
  const kept = await rolledUp();
  await rollups.rebuild();
  expect(await rolledUp()).toEqual(kept);

  // a stint in the furthest stage, written straight into the tables: Strapi sees nothing
  const deal = await create(DEAL, { name: 'Bypassed', stage: stages[0].id });
  const top = await db()
    .connection('stages')
    .whereIn('kind', ['open', 'won'])
    .orderBy('position', 'desc')
    .first();
  const [inserted] = await db()
    .connection('stage_histories')
    .insert({ entered_at: new Date('2026-02-01T00:00:00Z'), document_id: 'bypassbypassbypassbypass1' })
    .returning('id');
  const stintId = Number(typeof inserted === 'object' ? inserted.id : inserted);
  await db()
    .connection('stage_histories_opportunity_lnk')
    .insert({ stage_history_id: stintId, opportunity_id: deal.id });
  await db().connection('stage_histories_stage_lnk').insert({ stage_history_id: stintId, stage_id: top.id });
  expect((await rolledUp())[deal.id]).toBeUndefined();

  // the command an administrator runs after such writes (in the app's folder, on its database)
  const { stdout } = await run(
    process.execPath,
    [path.join(ROOT, 'bin', 'strapi-dashboards.js'), 'rebuild-rollups'],
    {
      cwd: path.join(ROOT, 'playground'),
      env: process.env,
    }
  );
  expect(stdout).toMatch(/^Rollups rebuilt \(\d+ deals\)/);
  expect((await rolledUp())[deal.id]).toBe(top.position);
  expect(await rolledUp()).toEqual(reached(await liveReach()));
});

it('is built again at startup when its table is empty while the stage history is not', async () => {
  const rollups = app.strapi.plugin('dashboards').service('rollups');
  const kept = await rolledUp();
  expect(await rollups.rebuild({ ifStale: true })).toBe(false);
  await db().connection('dashboards_deal_reach').del();
  expect(await rollups.rebuild({ ifStale: true })).toBe(true);
  expect(await rolledUp()).toEqual(kept);
});
