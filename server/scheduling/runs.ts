import type { Core } from '@strapi/strapi';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { getConfig } from '../config';
import { conflict } from '../http/errors';
import { refreshLock } from './lock';
import { backgroundWork } from '../http/background';
import { principalRef, type Principal } from '../permissions/principal';
import { loadDashboard } from '../dashboards/access';
import { getService } from '../get-service';
import type { TileResult } from '../dashboards/tile-data';
import type { RefreshBody } from './validation';
import { iso } from '../dashboards/serialize';
import type { RefreshRun } from '../../contracts/schedules';
import type { DashboardRow, RefreshRunRow, RunError } from '../db/rows';

export type Trigger = 'manual' | 'schedule' | 'catch_up';

export const REFRESHED_EVENT = 'dashboard.refreshed';
export const REFRESH_FAILED_EVENT = 'dashboard.refresh_failed';

/** This process among the instances: host, pid (to tell a dead local process at start-up) and a random part. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** A documentId as Strapi makes them: 24 lowercase letters and digits. */
const newDocumentId = () =>
  Array.from(randomBytes(24), (byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join('');

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface StartOptions {
  trigger: Trigger;
  widgets?: string[];
  fireTime?: Date;
}

/**
 * Refresh runs: a run holds its dashboard through a lease in the database (a conditional UPDATE of
 * the dashboard row, so two instances cannot both take it), renews it while it runs, and lets go
 * at the end. A run whose process died keeps "running" only until its lease runs out; then any
 * instance's sweep marks it failed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const background = backgroundWork();
  const config = () => getConfig(strapi).scheduling;
  const runs = () => strapi.db.query(UID.refreshRun);
  const table = (uid: string) => strapi.db.connection(strapi.db.metadata.get(uid).tableName);
  const lock = refreshLock(strapi);
  const { leaseEnd } = lock;

  const toRun = (row: RefreshRunRow, dashboardId: string): RefreshRun => ({
    refresh_id: row.documentId,
    execution_id: row.documentId,
    dashboard_uuid: dashboardId,
    trigger_type: row.trigger_type,
    status: row.status,
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
    duration_ms: row.duration_ms ?? null,
    duration_seconds: row.duration_ms == null ? null : Math.round(row.duration_ms / 1000),
    fire_time: iso(row.fire_time),
    widgets_refreshing: row.widgets ?? [],
    progress: {
      done: row.status === 'running' ? (row.widgets_refreshed ?? 0) : (row.widgets_total ?? 0),
      total: row.widgets_total ?? 0,
    },
    widgets_refreshed: row.widgets_refreshed ?? 0,
    errors: row.errors ?? [],
    notifications: row.notifications ?? [],
  });

  /** Keeps the lease of a run alive while it works. */
  function keepAlive(dashboardId: number, run: RefreshRunRow) {
    const renew = async () => {
      const until = await lock.renew(dashboardId, run.documentId);
      await table(UID.refreshRun).where({ id: run.id, status: 'running' }).update({ lease_until: until });
    };
    const timer = setInterval(
      () => renew().catch((error) => strapi.log.warn(`[dashboards] lease renewal failed: ${error.message}`)),
      Math.max(500, (config().leaseSeconds * 1000) / 3)
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  const emit = (event: string, dashboard: DashboardRow, run: RefreshRunRow) =>
    strapi.eventHub.emit(event, {
      dashboard: { id: dashboard.documentId, name: dashboard.name },
      refresh: toRun(run, dashboard.documentId),
    });

  /** Runs the tiles into a new snapshot and records the outcome; never throws. */
  async function execute(
    principal: Principal,
    dashboard: DashboardRow,
    run: RefreshRunRow,
    widgets: string[] | undefined
  ) {
    const stop = keepAlive(dashboard.id, run);
    const started = Date.now();
    let done = 0;
    const tileErrors: RunError[] = [];
    let outcome: Pick<RefreshRunRow, 'status' | 'widgets_refreshed' | 'errors'>;
    try {
      const trigger = run.trigger_type === 'manual' ? 'refresh' : 'schedule';
      const { results } = await getService(strapi, 'sharing').takeSnapshot(principal, dashboard, trigger, {
        tileIds: widgets,
        onResult: async (result: TileResult) => {
          done += 1;
          if (result.error)
            tileErrors.push({ widget_id: result.id, title: result.title, error: result.error });
          await table(UID.refreshRun)
            .where({ id: run.id, status: 'running' })
            .update({ widgets_refreshed: done });
        },
      });
      const failed = results.length > 0 && tileErrors.length === results.length;
      outcome = {
        status: failed ? 'failed' : tileErrors.length > 0 ? 'partial' : 'completed',
        widgets_refreshed: results.length - tileErrors.length,
        errors: tileErrors,
      };
    } catch (error) {
      outcome = {
        status: 'failed',
        widgets_refreshed: done - tileErrors.length,
        errors: [...tileErrors, { widget_id: null, title: null, error: (error as Error).message }],
      };
    } finally {
      stop();
    }
    const completedAt = new Date();
    // a run the sweep already failed (its lease ran out) keeps that outcome, announced once
    const recorded = await table(UID.refreshRun)
      .where({ id: run.id, status: 'running' })
      .update({
        status: outcome.status,
        widgets_refreshed: outcome.widgets_refreshed,
        errors: JSON.stringify(outcome.errors),
        completed_at: completedAt,
        duration_ms: completedAt.getTime() - started,
      });
    await lock.release(dashboard.id, run.documentId, outcome.status !== 'failed');
    const finished = await runs().findOne({ where: { id: run.id } });
    if (recorded === 1) {
      emit(finished.status === 'failed' ? REFRESH_FAILED_EVENT : REFRESHED_EVENT, dashboard, finished);
    }
    return finished;
  }

  /**
   * Starts a run of `dashboard` (a row with its tiles) as `principal`: 409 if one holds it. Resolves
   * with the new run at once; `done` resolves with the finished run.
   */
  async function start(principal: Principal, dashboard: DashboardRow, options: StartOptions) {
    const tileIds = (dashboard.tiles ?? []).map((tile) => tile.documentId);
    const unknown = (options.widgets ?? []).filter((id) => !tileIds.includes(id));
    if (unknown.length > 0) {
      throw new errors.ValidationError(`widgets: ${unknown[0]} is not a tile of this dashboard`, {
        errors: [{ path: ['widgets'], message: `not tiles of this dashboard: ${unknown.join(', ')}` }],
      });
    }
    const widgets = options.widgets ? [...new Set(options.widgets)] : undefined;
    const runId = newDocumentId();
    if (!(await lock.claim(dashboard.id, runId))) {
      throw conflict('A refresh of this dashboard is already running', {
        refresh_id: await lock.holder(dashboard.id),
      });
    }
    const run = await runs().create({
      data: {
        documentId: runId,
        dashboard: dashboard.id,
        trigger_type: options.trigger,
        status: 'running',
        started_at: new Date(),
        widgets: widgets ?? tileIds,
        widgets_total: (widgets ?? tileIds).length,
        widgets_refreshed: 0,
        errors: [],
        fire_time: options.fireTime ?? null,
        lease_until: leaseEnd(),
        instance_id: INSTANCE_ID,
        executed_by: principalRef(principal),
      },
    });
    const done = background.track(execute(principal, dashboard, run, widgets));
    return { run: toRun(run, dashboard.documentId), done };
  }

  /** Fails runs whose lease ran out (their process is gone); each is failed by one instance only. */
  async function sweep() {
    const now = new Date();
    const expired = await runs().findMany({
      where: { status: 'running', lease_until: { $lt: now } },
      populate: { dashboard: { select: ['id', 'documentId', 'name'] } },
    });
    const local = await runs().findMany({
      where: { status: 'running', instance_id: { $startsWith: `${hostname()}:` } },
      populate: { dashboard: { select: ['id', 'documentId', 'name'] } },
    });
    const dead = local.filter((run: RefreshRunRow) => {
      const pid = Number(String(run.instance_id).split(':')[1]);
      return run.instance_id !== INSTANCE_ID && Number.isInteger(pid) && !processAlive(pid);
    });
    for (const run of [
      ...expired,
      ...dead.filter((run: RefreshRunRow) => !expired.some((other: RefreshRunRow) => other.id === run.id)),
    ]) {
      const failed = await table(UID.refreshRun)
        .where({ id: run.id, status: 'running' })
        .update({
          status: 'failed',
          completed_at: now,
          duration_ms: run.started_at ? now.getTime() - new Date(run.started_at).getTime() : null,
          errors: JSON.stringify([
            ...(run.errors ?? []),
            {
              widget_id: null,
              title: null,
              error: 'The instance running this refresh stopped before it ended',
            },
          ]),
        });
      if (failed !== 1 || !run.dashboard) continue;
      await lock.release(run.dashboard.id, run.documentId, false);
      emit(REFRESH_FAILED_EVENT, run.dashboard, await runs().findOne({ where: { id: run.id } }));
    }
    await runs().deleteMany({
      where: {
        status: { $ne: 'running' },
        started_at: { $lt: new Date(Date.now() - config().historyDays * 86_400_000) },
      },
    });
  }

  async function history(dashboardId: number, documentId: string, page = 1, limit = 10) {
    const where = { dashboard: { id: dashboardId } };
    const [rows, total] = await Promise.all([
      runs().findMany({
        where,
        orderBy: [{ started_at: 'desc' }, { id: 'desc' }],
        offset: (page - 1) * limit,
        limit,
      }),
      runs().count({ where }),
    ]);
    const totalPages = Math.ceil(total / limit);
    return {
      history: rows.map((row: RefreshRunRow) => toRun(row, documentId)),
      pagination: {
        page,
        limit,
        total,
        total_pages: totalPages,
        has_next: page < totalPages,
        has_prev: page > 1,
      },
    };
  }

  return {
    start,
    sweep,
    /** Resolves once every run this instance started has ended (its tests wait on this, never on a clock). */
    idle: background.idle,
    history,
    toRun,

    /** POST /:id/refresh: async answers the started run (202); sync waits for its end. */
    async refresh(principal: Principal, documentId: string, body: RefreshBody) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'update', { tiles: true });
      const { run, done } = await start(principal, dashboard, { trigger: 'manual', widgets: body.widgets });
      if (body.mode === 'async') {
        done.catch(() => undefined);
        return { status: 202, body: run };
      }
      return { status: 200, body: toRun(await done, documentId) };
    },

    async status(principal: Principal, documentId: string, refreshId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read');
      const run = await runs().findOne({ where: { documentId: refreshId, dashboard: { id: dashboard.id } } });
      if (!run) throw new errors.NotFoundError('Refresh not found');
      return toRun(run, documentId);
    },
  };
};
