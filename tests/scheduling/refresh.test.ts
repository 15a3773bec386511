import http from 'http';
import type { AddressInfo } from 'net';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS, seedDashboard, type SeededDashboard } from '../helpers/dashboards';
import { until } from '../helpers/wait';

/**
 * Manual and scheduled refresh, on the run's database engine: the async life cycle and its 409s,
 * sync mode, a subset of tiles, lease expiry, schedules (validation, fires, back-off, failure
 * notifications) and the webhooks Strapi's own runner delivers.
 */
let app: TestApp;
let owner: UserPrincipal;
let viewer: UserPrincipal;
let stranger: UserPrincipal;
let board: SeededDashboard;
let broken: SeededDashboard;
const outbox: Record<string, unknown>[] = [];
let receiver: http.Server;
let receiverUrl: string;
const received: { path: string; body: any }[] = [];

const LEADS = 'api::lead.lead';
const TILES = 'plugin::dashboards.tile';
const RUNS = 'plugin::dashboards.refresh-run';
const LEASE_SECONDS = 3;

/** Holds every tile run until `open()`: the refresh stays "running" as long as the test needs. */
function holdTiles() {
  const tileData = app.strapi.plugin('dashboards').service('tileData');
  const original = tileData.runTiles;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  tileData.runTiles = async (...args: unknown[]) => {
    await gate;
    return original(...args);
  };
  return () => {
    open();
    tileData.runTiles = original;
  };
}

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: text ? JSON.parse(text) : null });
      response.statusCode = request.url === '/slack' ? 200 : 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  app = await bootTestApp({
    configure: () => ({
      scheduling: {
        allowSeconds: true,
        minIntervalSeconds: 2,
        leaseSeconds: LEASE_SECONDS,
        syncIntervalSeconds: 1,
        notifications: { slackWebhookUrl: `${receiverUrl}/slack` },
      },
    }),
  });
  // the e-mail transport (sendmail or SMTP in an app): what Strapi's email service hands it is kept here
  app.strapi.plugin('email').provider = {
    send: async (message: Record<string, unknown>) => void outbox.push(message),
  };
  owner = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  viewer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  stranger = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  for (const name of ['Ada', 'Bo', 'Cy']) await app.strapi.db.query(LEADS).create({ data: { name } });
  board = await seedDashboard(app, {
    name: 'Refreshed board',
    owner: owner.id,
    members: [{ user: viewer.id, role: 'viewer' }],
    tiles: 2,
  });
  await app.strapi.db.query(TILES).update({
    where: { documentId: board.tileIds[0] },
    data: { source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT COUNT(*) AS n FROM leads' } },
  });
  broken = await seedDashboard(app, { name: 'Broken board', owner: owner.id });
  await app.strapi.db.query(TILES).update({
    where: { documentId: broken.tileIds[0] },
    data: { source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT no_such_column FROM leads' } },
  });

  // a webhook in Settings → Webhooks, delivered by Strapi's runner
  const superAdmin = await createAdmin(app, { superAdmin: true });
  const webhook = await app
    .request()
    .post('/admin/webhooks')
    .set(bearer(superAdmin.token))
    .send({
      name: 'refreshes',
      url: `${receiverUrl}/hook`,
      headers: {},
      events: ['dashboard.refreshed', 'dashboard.refresh_failed'],
    });
  expect([webhook.status, webhook.status === 201 ? null : webhook.body]).toEqual([201, null]);
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const as = (user: UserPrincipal) => bearer(user.jwt);
const refresh = (id: string, body: object = {}, user = owner) =>
  app.request().post(`/api/dashboards/${id}/refresh`).set(as(user)).send(body);
const status = (id: string, refreshId: string, user = owner) =>
  app.request().get(`/api/dashboards/${id}/refresh/${refreshId}`).set(as(user));
const finished = (id: string, refreshId: string) =>
  until(async () => {
    const response = await status(id, refreshId);
    return response.body.status !== 'running' && response.body;
  });
const hooks = (event: string) =>
  received.filter((item) => item.path === '/hook' && item.body.event === event);

describe('manual refresh', () => {
  let first: string;

  it('answers 202 at once, holds the dashboard while it runs (409 for a refresh or an update), then completes', async () => {
    const release = holdTiles();
    const started = await refresh(board.id, { mode: 'async' });
    expect(started.status).toBe(202);
    first = started.body.refresh_id;
    expect(started.body).toEqual({
      refresh_id: expect.stringMatching(/^[a-z0-9]{24}$/),
      execution_id: first,
      dashboard_uuid: board.id,
      trigger_type: 'manual',
      status: 'running',
      started_at: expect.any(String),
      completed_at: null,
      duration_ms: null,
      duration_seconds: null,
      fire_time: null,
      widgets_refreshing: board.tileIds,
      progress: { done: 0, total: 2 },
      widgets_refreshed: 0,
      errors: [],
      notifications: [],
    });

    const running = await status(board.id, first);
    expect(running.body).toMatchObject({ status: 'running', progress: { done: 0, total: 2 } });

    const again = await refresh(board.id);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      status: 409,
      name: 'ConflictError',
      details: { refresh_id: first },
    });
    const update = await app
      .request()
      .put(`/api/dashboards/${board.id}`)
      .set(as(owner))
      .send({ name: 'Renamed while refreshing' });
    expect(update.status).toBe(409);
    expect(update.body.error).toMatchObject({
      message: 'Cannot update dashboard while refresh is in progress',
      details: { refresh_id: first },
    });

    release();
    const done = await finished(board.id, first);
    expect(done).toMatchObject({
      status: 'completed',
      progress: { done: 2, total: 2 },
      widgets_refreshed: 2,
      errors: [],
    });
    expect(done.duration_ms).toBeGreaterThanOrEqual(0);

    const snapshot = await app.request().get(`/api/dashboards/${board.id}/snapshot/latest`).set(as(owner));
    expect(snapshot.body.trigger_type).toBe('refresh');
    expect(Number(snapshot.body.tile_data[board.tileIds[0]].data.rows[0].n)).toBe(3);
    // unlocked: the update goes through now
    const renamed = await app
      .request()
      .put(`/api/dashboards/${board.id}`)
      .set(as(owner))
      .send({ name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.last_refreshed_at).toEqual(expect.any(String));
  });

  it('waits for the end in sync mode, and refreshes only the widgets asked for', async () => {
    await app.strapi.db.query(LEADS).create({ data: { name: 'Di' } });
    const only = await refresh(board.id, { mode: 'sync', widgets: [board.tileIds[1]] });
    expect(only.status).toBe(200);
    expect(only.body).toMatchObject({
      status: 'completed',
      widgets_refreshing: [board.tileIds[1]],
      progress: { done: 1, total: 1 },
    });
    // the other tile keeps its data from the snapshot before
    const kept = await app.request().get(`/api/dashboards/${board.id}/snapshot/latest`).set(as(owner));
    expect(Number(kept.body.tile_data[board.tileIds[0]].data.rows[0].n)).toBe(3);
    expect(kept.body.tile_data[board.tileIds[1]].data.rows).toEqual([{ one: 1 }]);

    const all = await refresh(board.id, { mode: 'sync' });
    expect(all.body.status).toBe('completed');
    const fresh = await app.request().get(`/api/dashboards/${board.id}/snapshot/latest`).set(as(owner));
    expect(Number(fresh.body.tile_data[board.tileIds[0]].data.rows[0].n)).toBe(4);
  });

  it('records a failed refresh with each tile’s error', async () => {
    const run = await refresh(broken.id, { mode: 'sync' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      status: 'failed',
      widgets_refreshed: 0,
      progress: { done: 1, total: 1 },
    });
    expect(run.body.errors).toEqual([
      { widget_id: broken.tileIds[0], title: 'Tile 1', error: expect.stringMatching(/no_such_column/) },
    ]);
  });

  it('delivers dashboard.refreshed and dashboard.refresh_failed through Strapi’s webhooks', async () => {
    await until(
      async () => hooks('dashboard.refresh_failed').length >= 1 && hooks('dashboard.refreshed').length >= 3
    );
    const ok = hooks('dashboard.refreshed').find((hook) => hook.body.refresh.refresh_id === first)!;
    expect(ok.body).toEqual({
      event: 'dashboard.refreshed',
      createdAt: expect.any(String),
      dashboard: { id: board.id, name: 'Refreshed board' },
      refresh: expect.objectContaining({
        refresh_id: first,
        dashboard_uuid: board.id,
        trigger_type: 'manual',
        status: 'completed',
        widgets_refreshed: 2,
        errors: [],
      }),
    });
    const failed = hooks('dashboard.refresh_failed')[0];
    expect(failed.body).toMatchObject({
      event: 'dashboard.refresh_failed',
      dashboard: { id: broken.id, name: 'Broken board' },
      refresh: { status: 'failed', errors: [{ widget_id: broken.tileIds[0] }] },
    });
    expect(app.strapi.get('webhookStore').allowedEvents.get('DASHBOARD_REFRESH_FAILED')).toBe(
      'dashboard.refresh_failed'
    );
  });

  it('answers bad input 400 naming the field, a viewer 403, a stranger 404, an unknown run 404', async () => {
    const bad = await refresh(board.id, { mode: 'later' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['mode']);
    const unknownTile = await refresh(board.id, { widgets: ['abc123'] });
    expect(unknownTile.status).toBe(400);
    expect(unknownTile.body.error.details.errors[0].path).toEqual(['widgets']);
    expect((await refresh(board.id, {}, viewer)).status).toBe(403);
    expect((await refresh(board.id, {}, stranger)).status).toBe(404);
    expect((await status(board.id, first, stranger)).status).toBe(404);
    expect((await status(board.id, 'nosuchrun')).status).toBe(404);
    // the viewer may read a run
    expect((await status(board.id, first, viewer)).status).toBe(200);
  });

  it('fails a run whose process stopped once its lease has run out, and unlocks the dashboard', async () => {
    const release = holdTiles();
    const started = await refresh(board.id);
    const runId = started.body.refresh_id;
    // the process "dies": its lease is no longer renewed
    const lockTable = app.strapi.db.metadata.get('plugin::dashboards.dashboard').tableName;
    const past = new Date(Date.now() - 1000);
    await app.strapi.db.query(RUNS).update({ where: { documentId: runId }, data: { lease_until: past } });
    await app.strapi.db.connection(lockTable).where('id', board.rowId).update({ refresh_lock_until: past });
    await app.strapi.plugin('dashboards').service('refresh').sweep();
    const failed = await status(board.id, runId);
    expect(failed.body).toMatchObject({
      status: 'failed',
      errors: [{ widget_id: null, error: 'The instance running this refresh stopped before it ended' }],
    });
    release();
    // the late end of the dead run changes nothing, and the next refresh works
    await app.strapi.plugin('dashboards').service('refresh').idle();
    expect((await status(board.id, runId)).body.status).toBe('failed');
    const next = await refresh(board.id, { mode: 'sync' });
    expect(next.body.status).toBe('completed');
  });
});

it('keeps refresh runs for scheduling.historyDays (30 by default), running ones always', async () => {
  const old = new Date(Date.now() - 31 * 86_400_000);
  const recent = new Date(Date.now() - 29 * 86_400_000);
  const made = [];
  for (const [startedAt, status] of [
    [old, 'completed'],
    [recent, 'failed'],
  ] as const) {
    // made now, then dated back in one statement: the scheduler's own sweep may run at any moment,
    // and must not find an old run between the insert of its row and that of its dashboard link
    const run = await app.strapi.db.query(RUNS).create({
      data: { dashboard: broken.rowId, trigger_type: 'manual', status, started_at: new Date() },
    });
    await app.strapi.db.query(RUNS).update({ where: { id: run.id }, data: { started_at: startedAt } });
    made.push(run);
  }
  await app.strapi.plugin('dashboards').service('refresh').sweep();
  const left = await app.strapi.db
    .query(RUNS)
    .findMany({ where: { id: { $in: made.map((run) => run.id) } }, select: ['id'] });
  expect(left.map((run: any) => run.id)).toEqual([made[1].id]);
});

describe('schedules', () => {
  const setSchedule = (id: string, body: object, user = owner) =>
    app.request().post(`/api/dashboards/${id}/schedule`).set(as(user)).send(body);
  const getSchedule = (id: string, query = '') =>
    app.request().get(`/api/dashboards/${id}/schedule${query}`).set(as(owner));

  it('refuses a bad cron, a bad time zone or a rule more frequent than the minimum, naming the field', async () => {
    const cases: [object, string][] = [
      [{ enabled: true, cron: '61 * * * *' }, 'cron'],
      [{ enabled: true, cron: '* * * * * *' }, 'cron'],
      [{ enabled: true, cron: '0 * * * *', timezone: 'Mars/Base' }, 'timezone'],
      [{ cron: '0 * * * *' }, 'enabled'],
      [{ enabled: true, cron: '0 * * * *', notification_channels: ['pager'] }, 'notification_channels'],
      [{ enabled: true, cron: '0 * * * *', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const response = await setSchedule(board.id, body);
      expect([field, response.status]).toEqual([field, 400]);
      expect(response.body.error.details.errors[0].path[0]).toBe(field);
    }
    expect((await setSchedule(board.id, { enabled: true, cron: '0 * * * *' }, viewer)).status).toBe(403);
    expect((await setSchedule(board.id, { enabled: true, cron: '0 * * * *' }, stranger)).status).toBe(404);
  });

  it('keeps seed 004’s schedule with next_run in its time zone, and lists the runs newest first', async () => {
    const set = await setSchedule(board.id, {
      enabled: true,
      cron: '0 */6 * * *',
      timezone: 'America/New_York',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      schedule_id: expect.any(String),
      dashboard_uuid: board.id,
      enabled: true,
      cron: '0 */6 * * *',
      timezone: 'America/New_York',
      notify_on_failure: false,
      notification_channels: [],
      status: 'active',
    });
    expect(set.body.next_run).toMatch(/^\d{4}-\d\d-\d\dT(00|06|12|18):00:00-0[45]:00$/);
    const read = await getSchedule(board.id, '?limit=2');
    expect(read.body.schedule).toEqual(set.body);
    expect(read.body.history).toHaveLength(2);
    expect(read.body.pagination).toMatchObject({ page: 1, limit: 2, has_next: true });
    const runs = await app.strapi.db.query(RUNS).findMany({
      where: { dashboard: { id: board.rowId } },
      orderBy: { id: 'desc' },
    });
    expect(read.body.history.map((run: any) => run.refresh_id)).toEqual(
      runs.slice(0, 2).map((run: any) => run.documentId)
    );
    expect(read.body.history[0].started_at).toMatch(/-0[45]:00$/);
  });

  it('refreshes on every fire of the rule, one run each, and stops when the schedule goes', async () => {
    await setSchedule(board.id, { enabled: true, cron: '*/2 * * * * *' });
    const fires = await until(async () => {
      const rows = await app.strapi.db.query(RUNS).findMany({
        where: { dashboard: { id: board.rowId }, trigger_type: 'schedule' },
        orderBy: { id: 'asc' },
      });
      return rows.filter((run: any) => run.status !== 'running').length >= 3 && rows;
    });
    const times = fires.map((run: any) => new Date(run.fire_time).getTime());
    expect(new Set(times).size).toBe(times.length);
    for (const time of times) expect((time / 1000) % 2).toBe(0);
    expect(fires.slice(0, 3).map((run: any) => run.status)).toEqual(['completed', 'completed', 'completed']);
    const snapshot = await app.request().get(`/api/dashboards/${board.id}/snapshot/latest`).set(as(owner));
    expect(snapshot.body.trigger_type).toBe('schedule');

    const scheduler = app.strapi.plugin('dashboards').service('scheduler');
    const { id: scheduleId } = await app.strapi.db
      .query('plugin::dashboards.schedule')
      .findOne({ where: { dashboard: { id: board.rowId } } });
    expect(scheduler.scheduledIds()).toContain(scheduleId);
    expect((await app.request().delete(`/api/dashboards/${board.id}/schedule`).set(as(owner))).status).toBe(
      204
    );
    // no job left for it once this instance has synced, and the fires it started have ended
    await scheduler.sync();
    expect(scheduler.scheduledIds()).not.toContain(scheduleId);
    await scheduler.idle();
    await app.strapi.plugin('dashboards').service('refresh').idle();
    const schedulesRuns = () =>
      app.strapi.db
        .query(RUNS)
        .count({ where: { dashboard: { id: board.rowId }, trigger_type: 'schedule' } });
    const after = await schedulesRuns();
    // a fire of the deleted rule that was already due runs nothing
    await scheduler.fire(scheduleId, new Date(Math.ceil(Date.now() / 2000) * 2000));
    expect(await schedulesRuns()).toBe(after);
    expect((await getSchedule(board.id)).body.schedule).toBeNull();
    expect((await app.request().delete(`/api/dashboards/${board.id}/schedule`).set(as(owner))).status).toBe(
      404
    );
  });

  it('notifies on failure (Slack, webhook, e-mail through Strapi’s email service) and backs off', async () => {
    const slackBefore = received.filter((item) => item.path === '/slack').length;
    await setSchedule(broken.id, {
      enabled: true,
      cron: '*/2 * * * * *',
      notify_on_failure: true,
      notification_channels: ['slack', 'webhook', 'email'],
    });
    const [run] = await until(async () => {
      const rows = await app.strapi.db.query(RUNS).findMany({
        where: {
          dashboard: { id: broken.rowId },
          trigger_type: 'schedule',
          notifications: { $notNull: true },
        },
      });
      return rows.length >= 1 && rows;
    });
    expect(run.status).toBe('failed');
    expect(run.notifications).toEqual([
      { channel: 'slack', status: 'sent' },
      { channel: 'webhook', status: 'sent', detail: 'dashboard.refresh_failed' },
      { channel: 'email', status: 'sent' },
    ]);
    expect(outbox[0]).toMatchObject({
      to: owner.email,
      subject: 'Dashboard refresh failed: Broken board',
      text: expect.stringMatching(
        /^Scheduled refresh of dashboard "Broken board" failed at .*no_such_column/
      ),
    });
    const slack = received.filter((item) => item.path === '/slack').slice(slackBefore);
    expect(slack[0].body.text).toMatch(
      /^Scheduled refresh of dashboard "Broken board" failed at .*: Tile 1: .*no_such_column/
    );

    // one failure waits 2 minutes: the rule's next fires within them do not run
    const scheduler = app.strapi.plugin('dashboards').service('scheduler');
    const { id: scheduleId } = await app.strapi.db
      .query('plugin::dashboards.schedule')
      .findOne({ where: { dashboard: { id: broken.rowId } } });
    const failedAt = new Date(run.fire_time).getTime();
    for (const later of [2_000, 4_000, 118_000]) await scheduler.fire(scheduleId, new Date(failedAt + later));
    await scheduler.idle();
    expect(
      await app.strapi.db
        .query(RUNS)
        .count({ where: { dashboard: { id: broken.rowId }, trigger_type: 'schedule' } })
    ).toBe(1);
    const schedule = (await getSchedule(broken.id)).body.schedule;
    expect(schedule).toMatchObject({ status: 'failing', consecutive_failures: 1 });
    await app.request().delete(`/api/dashboards/${broken.id}/schedule`).set(as(owner));
  });

  it('runs a fire missed while no instance was up once at start-up', async () => {
    const scheduler = app.strapi.plugin('dashboards').service('scheduler');
    await setSchedule(board.id, { enabled: true, cron: '0 0 * * *', timezone: 'Europe/Berlin' });
    const table = app.strapi.db.metadata.get('plugin::dashboards.schedule').tableName;
    // the schedule has existed for three days, and its last fire ran three days ago
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000);
    await app.strapi.db.connection(table).update({ created_at: threeDaysAgo, last_fire_at: threeDaysAgo });
    await scheduler.stop();
    await scheduler.start();
    const caught = await until(async () => {
      const rows = await app.strapi.db
        .query(RUNS)
        .findMany({ where: { dashboard: { id: board.rowId }, trigger_type: 'catch_up' } });
      return rows.length > 0 && rows;
    });
    expect(caught).toHaveLength(1);
    // the latest missed midnight in Berlin
    const midnight = new Date(caught[0].fire_time);
    expect(midnight.getTime()).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - midnight.getTime()).toBeLessThan(86_400_000);
    // a second start-up finds nothing left to catch up
    await scheduler.stop();
    await scheduler.start();
    await scheduler.idle();
    expect(
      await app.strapi.db
        .query(RUNS)
        .count({ where: { dashboard: { id: board.rowId }, trigger_type: 'catch_up' } })
    ).toBe(1);
  });
});
