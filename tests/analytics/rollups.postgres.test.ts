import { bootTestApp, type TestApp } from '../helpers/strapi';
import { whileOpen } from '../helpers/locks';

/**
 * Two transactions write stints of one deal at the same time: the one that commits last must not
 * put back a deal-reach row computed without the other's stint. The second writer's refresh waits
 * for the first one's lock on the deal's row, then reads what it committed. SQLite has one writer at
 * a time; on MariaDB the same code reads with a shared lock, but MariaDB does not reliably say that a
 * transaction waits on a lock, which this test needs to know: jest runs it with DB=postgres only.
 */
const HISTORY = 'api::stage-history.stage-history';

let app: TestApp;
const db = () => app.strapi.db;
const create = async (uid: string, data: Record<string, unknown>) =>
  (await db()
    .query(uid as any)
    .create({ data })) as { id: number };

beforeAll(async () => {
  app = await bootTestApp();
});

afterAll(async () => {
  await app?.close();
});

/** Two transactions at once: the second waits on the first one's lock until it commits. */
const twoWritersAtOnce = (firstWrite: () => Promise<unknown>, secondWrite: () => Promise<unknown>) =>
  whileOpen(app, firstWrite, () =>
    db().transaction(async () => {
      await secondWrite();
    })
  );

it('keeps both stints of a deal written by two transactions at once', async () => {
  const pipeline = await create('api::pipeline.pipeline', { name: 'Sales', type: 'opportunity' });
  const near = await create('api::stage.stage', {
    name: 'Near',
    kind: 'open',
    position: 1,
    pipeline: pipeline.id,
  });
  const far = await create('api::stage.stage', {
    name: 'Far',
    kind: 'open',
    position: 3,
    pipeline: pipeline.id,
  });
  const deal = await create('api::opportunity.opportunity', { name: 'Contested', stage: near.id });
  const stint = (stage: number) => ({ entered_at: '2026-01-01T00:00:00.000Z', opportunity: deal.id, stage });

  // the first writer's stint reaches further; the second waits on its locks, then it commits
  await twoWritersAtOnce(
    () =>
      db()
        .query(HISTORY)
        .create({ data: stint(far.id) }),
    () =>
      db()
        .query(HISTORY)
        .create({ data: stint(near.id) })
  );

  const [row] = await db().connection('dashboards_deal_reach').where('opportunity', deal.id);
  expect(Number(row.furthest)).toBe(3);
});

it('counts both leads of one day written by two transactions at once in the daily rollup', async () => {
  const owner = await create('plugin::users-permissions.user', {
    username: 'racer',
    email: 'racer@daily.test',
    provider: 'local',
  });
  const lead = (name: string) => ({ name, owner: owner.id, createdAt: '2026-03-03T10:00:00.000Z' });
  const day = Date.UTC(2026, 2, 3) / 86_400_000;

  // the second writer waits for the first one's turn on the daily rollup, then it commits
  await twoWritersAtOnce(
    () =>
      db()
        .query('api::lead.lead')
        .create({ data: lead('First') }),
    () =>
      db()
        .query('api::lead.lead')
        .create({ data: lead('Second') })
  );

  const rows = await db()
    .connection('dashboards_daily')
    .where({ fact: 'lead', day })
    .select('owner', 'n')
    .orderBy('owner');
  expect(rows.map((row: any) => [Number(row.owner), Number(row.n)])).toEqual([
    [-1, 2],
    [owner.id, 2],
  ]);
});
