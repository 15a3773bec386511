import type { TestApp } from './strapi';

/** Transactions of the test app's PostgreSQL database waiting on a lock now. */
async function waitingOnLocks(app: TestApp): Promise<number> {
  const { rows } = await app.strapi.db.connection.raw(
    "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
  );
  return Number(rows[0].n);
}

/**
 * The first write's transaction stays open until `second` waits on a lock; then the first commits
 * and both end (PostgreSQL only).
 */
export async function whileOpen(
  app: TestApp,
  firstWrite: () => Promise<unknown>,
  second: () => Promise<unknown>
) {
  const db = app.strapi.db;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let firstWrote!: () => void;
  const wrote = new Promise<void>((resolve) => (firstWrote = resolve));
  const first = db.transaction(async () => {
    await firstWrite();
    firstWrote();
    await gate;
  });
  await wrote;
  const other = second();
  for (let tries = 0; (await waitingOnLocks(app)) === 0; tries += 1) {
    if (tries > 2000) throw new Error('the second one never waited on a lock');
    await new Promise((resolve) => setImmediate(resolve));
  }
  release();
  await Promise.all([first, other]);
}
