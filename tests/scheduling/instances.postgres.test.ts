import http from 'http';
import type { AddressInfo } from 'net';
import { Client } from 'pg';
import { createTestDatabase, holdPostgresTable, type TestDatabase } from '../helpers/database';
import { callInstance, fullAccessAuthorization, startInstance, type Instance } from '../helpers/instances';
import { until } from '../helpers/wait';

/**
 * Two Strapi processes on one PostgreSQL database, both running the scheduler: each fire of a
 * schedule runs once, the refresh lock holds across them, and a process killed in the middle of a
 * refresh leaves a failed run and an unlocked dashboard behind, never "running" forever. Jest runs
 * it only with DB=postgres (jest.config.js: `*.postgres.test.ts`).
 */
const CONFIG = {
  scheduling: { allowSeconds: true, minIntervalSeconds: 1, leaseSeconds: 4, syncIntervalSeconds: 1 },
  subscriptions: { slackUrlPrefixes: ['http://127.0.0.1:'] },
};
const PORT_A = Number(process.env.INSTANCE_TEST_PORT ?? 1531);
const PORT_B = PORT_A + 1;

let database: TestDatabase;
let a: Instance;
let b: Instance;
let auth: Record<string, string>;
let sql: Client;

const call = (instance: Instance, method: string, path: string, body?: object) =>
  callInstance(instance, auth, method, path, body);

async function dashboardWith(query: string, name: string) {
  const created = await call(a, 'POST', '/api/dashboards', {
    name,
    tiles: [{ title: 'Tile', tile_type: 'table', query }],
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const pgConnection = () => ({
  host: database.env.DATABASE_HOST,
  port: Number(database.env.DATABASE_PORT),
  user: database.env.DATABASE_USERNAME,
  password: database.env.DATABASE_PASSWORD || undefined,
});

describe('two Strapi instances on one PostgreSQL', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    // the first instance creates the schema, then the second joins
    a = await startInstance(PORT_A, database.env, CONFIG);
    b = await startInstance(PORT_B, database.env, CONFIG);
    auth = await fullAccessAuthorization(a, 'instances');
    sql = new Client({ ...pgConnection(), database: database.env.DATABASE_NAME });
    await sql.connect();
  }, 180_000);

  afterAll(async () => {
    await sql?.end();
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  it('runs each fire of a schedule exactly once, though both instances fire it', async () => {
    const id = await dashboardWith('SELECT 1 AS one', 'Scheduled on two');
    const set = await call(a, 'POST', `/api/dashboards/${id}/schedule`, {
      enabled: true,
      cron: '*/2 * * * * *',
    });
    expect(set.status).toBe(200);
    const runsOf = async () =>
      (
        await sql.query(
          "SELECT fire_time, instance_id, status FROM dashboards_refresh_runs WHERE trigger_type = 'schedule' ORDER BY fire_time"
        )
      ).rows;
    // instance B learns of the schedule at its next sync, within a second; let 6 fires pass after that
    await until(async () => (await runsOf()).filter((run) => run.status === 'completed').length >= 7, 40_000);
    const {
      rows: [{ id: scheduleId }],
    } = await sql.query('SELECT id FROM dashboards_schedules');
    expect((await call(b, 'DELETE', `/api/dashboards/${id}/schedule`)).status).toBe(204);
    // both instances dropped the job (at their next sync), and the fires they started have ended
    const gone = `schedule ${scheduleId} is gone: no more fires of it`;
    await until(async () => a.output().includes(gone) && b.output().includes(gone), 10_000);
    const runs = await until(async () => {
      const all = await runsOf();
      return all.every((run) => run.status !== 'running') && all;
    }, 10_000);
    const times = runs.map((run) => new Date(run.fire_time).getTime());
    expect(new Set(times).size).toBe(times.length);

    // from the first fire both instances knew of, every fire ran once: no gap, no duplicate
    const logOf = (instance: Instance, time: number) =>
      instance
        .output()
        .match(
          new RegExp(
            `fire ${new Date(time).toISOString()} of schedule \\d+: (claimed by|already claimed, skipped by)`
          )
        )?.[1];
    const both = times.filter((time) => logOf(a, time) && logOf(b, time));
    expect(both.length).toBeGreaterThanOrEqual(5);
    for (const time of both) {
      expect([logOf(a, time), logOf(b, time)].sort()).toEqual(['already claimed, skipped by', 'claimed by']);
    }
    const from = times.indexOf(both[0]);
    for (let index = from + 1; index < times.length; index += 1) {
      expect(times[index] - times[index - 1]).toBe(2000);
    }
    expect(runs.every((run) => run.status === 'completed')).toBe(true);
  });

  it('delivers each fire of a subscription exactly once, though both instances look for it', async () => {
    const posts: string[] = [];
    const receiver = http.createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        posts.push(JSON.parse(text).text);
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const id = await dashboardWith('SELECT 7 AS seven', 'Subscribed on two');
    const created = await call(a, 'POST', `/api/dashboards/${id}/subscriptions`, {
      cron: '*/2 * * * * *',
      slack_webhook_url: hook,
    });
    expect(created.status).toBe(201);
    const deliveriesOf = async () =>
      (
        await sql.query(
          'SELECT fire_time, instance_id, status FROM dashboards_subscription_deliveries ORDER BY fire_time'
        )
      ).rows;
    // every instance's scheduler tick (each second) looks for the fires due
    await until(async () => (await deliveriesOf()).length >= 6, 40_000);
    const paused = await call(b, 'PUT', `/api/dashboards/${id}/subscriptions/${created.body.id}`, {
      enabled: false,
    });
    expect(paused.status).toBe(200);
    // a fire claimed before the pause is still delivered: wait until every delivery kept was posted
    const deliveries = await until(async () => {
      const rows = await deliveriesOf();
      return posts.length === rows.length && rows;
    }, 10_000);
    receiver.close();
    const times = deliveries.map((row) => new Date(row.fire_time).getTime());
    expect(new Set(times).size).toBe(times.length);
    expect(deliveries.every((row) => row.status === 'sent')).toBe(true);
    expect(posts.every((text) => text.includes('• Tile: 1 row'))).toBe(true);
    expect((await call(a, 'DELETE', `/api/dashboards/${id}/subscriptions/${created.body.id}`)).status).toBe(
      204
    );
  });

  it('holds the refresh lock across instances: 409 on the other one for a refresh and an update', async () => {
    const id = await dashboardWith('SELECT COUNT(*) AS n FROM leads', 'Locked across');
    const release = await holdPostgresTable(database.env, 'leads');
    const started = await call(a, 'POST', `/api/dashboards/${id}/refresh`, { mode: 'async' });
    expect(started.status).toBe(202);
    const other = await call(b, 'POST', `/api/dashboards/${id}/refresh`, {});
    expect(other.status).toBe(409);
    expect(other.body.error.details).toEqual({ refresh_id: started.body.refresh_id });
    const update = await call(b, 'PUT', `/api/dashboards/${id}`, { name: 'Renamed' });
    expect(update.status).toBe(409);
    expect(update.body.error.details).toEqual({ refresh_id: started.body.refresh_id });
    await release();
    const done = await until(async () => {
      const status = await call(b, 'GET', `/api/dashboards/${id}/refresh/${started.body.refresh_id}`);
      return status.body.status !== 'running' && status.body;
    });
    expect(done).toMatchObject({ status: 'completed', progress: { done: 1, total: 1 } });
    expect((await call(b, 'PUT', `/api/dashboards/${id}`, { name: 'Renamed' })).status).toBe(200);
  });

  it('fails a refresh whose process was killed, unlocks the dashboard, and the next refresh works', async () => {
    const id = await dashboardWith('SELECT COUNT(*) AS n FROM leads', 'Crashed');
    const release = await holdPostgresTable(database.env, 'leads');
    const started = await call(a, 'POST', `/api/dashboards/${id}/refresh`, { mode: 'async' });
    expect(started.status).toBe(202);
    await a.kill();
    // the restarted instance's start-up fails it (its process is gone), or any instance's sweep once the lease ran out
    a = await startInstance(PORT_A, database.env, CONFIG);
    const failed = await until(async () => {
      const status = await call(b, 'GET', `/api/dashboards/${id}/refresh/${started.body.refresh_id}`);
      return status.body.status === 'failed' && status.body;
    });
    expect(failed.errors).toEqual([
      { widget_id: null, title: null, error: 'The instance running this refresh stopped before it ended' },
    ]);
    await release();
    expect((await call(b, 'PUT', `/api/dashboards/${id}`, { name: 'After the crash' })).status).toBe(200);
    const next = await call(a, 'POST', `/api/dashboards/${id}/refresh`, { mode: 'sync' });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ status: 'completed', widgets_refreshed: 1 });
  });
});
