import { bootTestApp, type TestApp } from '../helpers/strapi';

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

/** Transactions of this database waiting on a lock now. */
async function waitingOnLocks(): Promise<number> {
  const { rows } = await db().connection.raw(
    "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
  );
  return Number(rows[0].n);
}

/**
 * Two transactions at once: the first writes and holds its transaction open; the second writes and
 * must wait on a lock; then the first commits, and both end.
 */
async function twoWritersAtOnce(firstWrite: () => Promise<unknown>, secondWrite: () => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let firstWrote!: () => void;
  const wrote = new Promise<void>((resolve) => (firstWrote = resolve));
  const first = db().transaction(async () => {
    await firstWrite();
    firstWrote();
    await gate;
  });
  await wrote;
  const second = db().transaction(async () => {
    await secondWrite();
  });
  for (let tries = 0; (await waitingOnLocks()) === 0; tries += 1) {
    if (tries > 2000) throw new Error('the second writer never waited on a lock');
    await new Promise((resolve) => setImmediate(resolve));
  }
  release();
  await Promise.all([first, second]);
}

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
