import type { Core } from '@strapi/strapi';
import { Cron } from 'croner';
import { UID } from '../content-types';
import { getConfig } from '../config';
import { ConflictError } from '../http/errors';
import { principalFromRef } from '../permissions/principal';
import { getService } from '../get-service';
import { lastFire, nextFire } from './cron';
import { claimFire } from './lock';
import { notifyFailure } from './notify';
import { INSTANCE_ID, type Trigger } from './runs';
import { backgroundWork } from '../http/background';
import type { DashboardRow, RefreshRunRow, ScheduleRow } from '../db/rows';

/** How late a timer may call a job and still count as that fire (Node timers are never early by more). */
const EARLY_MS = 250;

/**
 * The scheduler: on every instance, one croner job per enabled schedule, rebuilt from the database
 * at start-up and every `syncIntervalSeconds`. A job that fires claims its fire time with a
 * conditional UPDATE of the schedule's `last_fire_at` (only a later fire time succeeds), so across
 * all instances exactly one runs each fire. A fire missed while every instance was down runs once at
 * start-up (the latest one only).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getConfig(strapi).scheduling;
  const schedules = () => strapi.db.query(UID.schedule);
  const jobs = new Map<number, { key: string; job: Cron }>();
  let timer: NodeJS.Timeout | null = null;
  /** Started, and the scheduler enabled on this instance: only then are there jobs. */
  let active = false;
  const background = backgroundWork();

  const keyOf = (row: Pick<ScheduleRow, 'enabled' | 'cron' | 'timezone'>) =>
    `${row.enabled}|${row.cron}|${row.timezone}`;
  const isFireOf = (row: Pick<ScheduleRow, 'cron' | 'timezone'>, at: Date) =>
    lastFire(row.cron, row.timezone, at, config().allowSeconds)?.getTime() === at.getTime();

  /** Claims one fire of a schedule for this instance: true for exactly one caller per fire time. */
  const claim = (scheduleId: number, fireTime: Date) => claimFire(strapi, UID.schedule, scheduleId, fireTime);

  async function runFire(row: ScheduleRow & { dashboard: DashboardRow }, fireTime: Date, trigger: Trigger) {
    const dashboard = row.dashboard;
    const principal = await principalFromRef(strapi, row.run_as ?? null);
    if (!principal) {
      strapi.log.warn(
        `[dashboards] schedule of dashboard ${dashboard.documentId}: its author is gone, not run`
      );
      return;
    }
    let run: RefreshRunRow;
    try {
      const started = await getService(strapi, 'refresh').start(principal, dashboard, { trigger, fireTime });
      run = await started.done;
    } catch (error) {
      if (error instanceof ConflictError) {
        strapi.log.info(
          `[dashboards] fire ${fireTime.toISOString()} of dashboard ${dashboard.documentId} skipped: a refresh is running`
        );
        return;
      }
      throw error;
    }
    const failed = run.status === 'failed';
    const failures = failed ? (row.consecutive_failures ?? 0) + 1 : 0;
    const backoffMinutes = Math.min(2 ** failures, config().maxBackoffMinutes);
    await schedules().update({
      where: { id: row.id },
      data: {
        last_run: run.started_at,
        next_run: nextFire(row.cron, row.timezone, new Date(), config().allowSeconds),
        consecutive_failures: failures,
        status: failed ? 'failing' : 'active',
        backoff_until: failed ? new Date(fireTime.getTime() + backoffMinutes * 60_000) : null,
      },
    });
    const channels = row.notification_channels ?? [];
    if (failed && row.notify_on_failure && channels.length > 0) {
      const deliveries = await notifyFailure(strapi, channels, dashboard, run);
      await strapi.db
        .query(UID.refreshRun)
        .update({ where: { id: run.id }, data: { notifications: deliveries } });
    }
  }

  /** One fire of one schedule, as it stands in the database now; a no-op on every instance but one. */
  async function fire(scheduleId: number, fireTime: Date, trigger: Trigger = 'schedule') {
    const row = await schedules().findOne({
      where: { id: scheduleId },
      populate: {
        dashboard: {
          populate: { tiles: true, owner: { select: ['email'] }, owner_admin: { select: ['email'] } },
        },
      },
    });
    // a job built from an older rule does nothing: the fire must be one of the rule as it is now
    if (!row?.enabled || !row.dashboard || !isFireOf(row, fireTime)) return;
    if (row.backoff_until && new Date(row.backoff_until) > fireTime) return;
    const claimed = await claim(row.id, fireTime);
    strapi.log.debug(
      `[dashboards] fire ${fireTime.toISOString()} of schedule ${row.id}: ${claimed ? 'claimed by' : 'already claimed, skipped by'} ${INSTANCE_ID}`
    );
    if (claimed) await runFire(row, fireTime, trigger);
  }

  const track = (work: Promise<unknown>) =>
    background.track(
      work.catch((error) =>
        strapi.log.error(`[dashboards] scheduled refresh failed: ${(error as Error).message}`)
      )
    );

  let syncing: Promise<void> = Promise.resolve();
  /** Makes this instance's jobs match the schedules in the database; one sync at a time. */
  const sync = () => (syncing = syncing.catch(() => undefined).then(syncNow));

  async function syncNow() {
    if (!active) return;
    const rows = await schedules().findMany({ select: ['id', 'enabled', 'cron', 'timezone'] });
    const seen = new Set<number>();
    for (const row of rows) {
      seen.add(row.id);
      const current = jobs.get(row.id);
      if (current?.key === keyOf(row)) continue;
      current?.job.stop();
      jobs.delete(row.id);
      if (!row.enabled) continue;
      try {
        const job: Cron = new Cron(
          row.cron,
          { timezone: row.timezone, mode: config().allowSeconds ? '5-or-6-parts' : '5-part', unref: true },
          () => {
            const fireTime = lastFire(
              row.cron,
              row.timezone,
              new Date(Date.now() + EARLY_MS),
              config().allowSeconds
            );
            if (fireTime) track(fire(row.id, fireTime));
          }
        );
        jobs.set(row.id, { key: keyOf(row), job });
      } catch (error) {
        strapi.log.warn(`[dashboards] schedule ${row.id} has an unusable rule: ${(error as Error).message}`);
      }
    }
    for (const [id, entry] of jobs) {
      if (seen.has(id)) continue;
      entry.job.stop();
      jobs.delete(id);
      strapi.log.debug(`[dashboards] schedule ${id} is gone: no more fires of it on ${INSTANCE_ID}`);
    }
  }

  /** The latest fire each schedule missed while no instance ran, once. */
  async function catchUp() {
    const now = new Date();
    const rows = await schedules().findMany({
      where: { enabled: true },
      select: ['id', 'cron', 'timezone', 'last_fire_at', 'createdAt'],
    });
    for (const row of rows) {
      const missed = lastFire(row.cron, row.timezone, now, config().allowSeconds);
      const since = new Date(row.last_fire_at ?? row.createdAt);
      if (missed && missed > since) track(fire(row.id, missed, 'catch_up'));
    }
  }

  const tick = async () => {
    await getService(strapi, 'refresh').sweep();
    await sync();
    if (active) track(getService(strapi, 'subscriptions').runDue(new Date()));
  };

  return {
    fire,
    sync,
    /** The schedules this instance has a job for. */
    scheduledIds: () => [...jobs.keys()],
    /** Resolves once every fire this instance started has ended. */
    idle: background.idle,

    async start() {
      await getService(strapi, 'refresh').sweep();
      active = config().enabled;
      if (active) {
        await sync();
        await catchUp();
      }
      timer = setInterval(
        () =>
          tick().catch((error) => strapi.log.warn(`[dashboards] scheduler sync failed: ${error.message}`)),
        config().syncIntervalSeconds * 1000
      );
      timer.unref();
    },

    /** Stops the jobs and waits for the refreshes this instance started. */
    async stop() {
      active = false;
      if (timer) clearInterval(timer);
      timer = null;
      await syncing.catch(() => undefined);
      for (const { job } of jobs.values()) job.stop();
      jobs.clear();
      await background.idle();
    },
  };
};
