import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import { getConfig } from '../config';
import { conflict } from '../http/errors';

/**
 * The refresh lock of a dashboard: a lease in its row (`refresh_lock_id`, `refresh_lock_until`),
 * taken with a conditional UPDATE so two instances cannot both hold it, renewed while its run
 * works, and given back at the end. Dashboard writes answer 409 while a lease runs.
 */
export function refreshLock(strapi: Core.Strapi) {
  const dashboards = () => strapi.db.connection(strapi.db.metadata.get(UID.dashboard).tableName);
  const leaseEnd = () => new Date(Date.now() + getConfig(strapi).scheduling.leaseSeconds * 1000);

  /** The running refresh that holds a dashboard, or null. */
  async function holder(dashboardId: number) {
    const dashboard = await dashboards()
      .where('id', dashboardId)
      .where('refresh_lock_until', '>', new Date())
      .first('refresh_lock_id');
    return (dashboard?.refresh_lock_id as string | undefined) ?? null;
  }

  /** 409 naming the running refresh while one holds the dashboard. */
  async function assertIdle(dashboardId: number) {
    const running = await holder(dashboardId);
    if (running) {
      throw conflict('Cannot update dashboard while refresh is in progress', { refresh_id: running });
    }
  }

  /** Takes the dashboard for a new run: true when this call got it. */
  async function claim(dashboardId: number, runId: string) {
    const now = new Date();
    const taken = await dashboards()
      .where('id', dashboardId)
      .where((where) => where.whereNull('refresh_lock_until').orWhere('refresh_lock_until', '<=', now))
      .update({ refresh_lock_id: runId, refresh_lock_until: leaseEnd() });
    return taken === 1;
  }

  async function release(dashboardId: number, runId: string, refreshed: boolean) {
    await dashboards()
      .where({ id: dashboardId, refresh_lock_id: runId })
      .update({
        refresh_lock_id: null,
        refresh_lock_until: null,
        ...(refreshed ? { last_refreshed_at: new Date() } : {}),
      });
  }

  /** Moves a held lease on; answers its new end. */
  async function renew(dashboardId: number, runId: string) {
    const until = leaseEnd();
    await dashboards()
      .where({ id: dashboardId, refresh_lock_id: runId })
      .update({ refresh_lock_until: until });
    return until;
  }

  return { leaseEnd, holder, assertIdle, claim, release, renew };
}

/**
 * Claims one fire of a cron rule kept in a row (a schedule, a subscription): a conditional UPDATE
 * of its `last_fire_at` that only a later fire time passes, so across all instances exactly one
 * caller gets each fire.
 */
export async function claimFire(strapi: Core.Strapi, uid: string, id: number, fireTime: Date) {
  const claimed = await strapi.db
    .connection(strapi.db.metadata.get(uid).tableName)
    .where('id', id)
    .where((where) => where.whereNull('last_fire_at').orWhere('last_fire_at', '<', fireTime))
    .update({ last_fire_at: fireTime });
  return claimed === 1;
}
