import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CreatedShareLink } from '../../contracts/sharing';
import type { TileResult } from '../../contracts/snapshots';
import type { Subscription, SubscriptionDelivery, SubscriptionKind } from '../../contracts/subscriptions';
import { UID } from '../content-types';
import { getConfig } from '../config';
import type { DashboardRow, SubscriptionDeliveryRow, SubscriptionRow } from '../db/rows';
import { loadDashboard, permissionsFor } from '../dashboards/access';
import { iso } from '../dashboards/serialize';
import { getService } from '../get-service';
import { invalidField } from '../http/errors';
import { principalFromRef, principalRef, type Principal } from '../permissions/principal';
import { lastFire, nextFire } from './cron';
import { claimFire } from './lock';
import { emailService, postToSlack } from './notify';
import { INSTANCE_ID } from './runs';
import type { SubscriptionInput } from './subscription-validation';

const SHOWN_DELIVERIES = 10;
const DAY = 86_400_000;
/** Share links revoked per statement when a subscription goes (databases cap a statement's parameters). */
const REVOKE_BATCH = 500;

type ChannelResult = SubscriptionDelivery['channels'][number];

const decimal = (value: number | string | null | undefined) =>
  value === null || value === undefined ? null : Number(value);

/** A time as the messages write it: `2026-05-07 14:00 UTC`. */
const minuteOf = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A tile's figure in a message: a KPI's formatted value, a chart's first categories, a table's row count. */
export function figureOf(result: TileResult): string {
  if (result.error) return `not available (${result.error})`;
  const data = result.data as Record<string, any> | null;
  if (!data) return '—';
  if (typeof data.formatted === 'string') return data.formatted;
  const labels: unknown[] | undefined = data.labels;
  const series: (number | null)[] | undefined = data.datasets?.[0]?.data;
  if (Array.isArray(labels) && labels.length > 0 && Array.isArray(series)) {
    const shown = labels.slice(0, 5).map((label, index) => `${String(label)}: ${series[index] ?? '—'}`);
    return `${shown.join(', ')}${labels.length > 5 ? ', …' : ''}`;
  }
  if (Array.isArray(data.rows)) return `${data.rows.length} ${data.rows.length === 1 ? 'row' : 'rows'}`;
  return '—';
}

/** The value an alert watches: a KPI's value, else `field` (or the first numeric column) of the first row. */
export function alertValue(result: TileResult, field: string | null): number | null {
  const data = result.data as Record<string, any> | null;
  if (result.error || !data) return null;
  if (!field && typeof data.value === 'number') return data.value;
  const row = Array.isArray(data.rows) ? (data.rows[0] as Record<string, unknown> | undefined) : undefined;
  if (!row) return null;
  const column =
    field ?? (data.columns as string[] | undefined)?.find((name) => Number.isFinite(Number(row[name])));
  const value = column === undefined ? NaN : Number(row[column]);
  return Number.isFinite(value) ? value : null;
}

/** Whether a value is past an alert's threshold. */
export const isBreached = (value: number, operator: 'above' | 'below', threshold: number) =>
  operator === 'above' ? value > threshold : value < threshold;

/**
 * Subscriptions and alerts of a dashboard's readers. Each runs on its cron rule: every instance's
 * scheduler tick looks for fires due, and the fire claim (a conditional UPDATE of `last_fire_at`)
 * lets exactly one instance deliver each. Figures are computed with the subscriber's rights as they
 * are at that moment; a digest also carries a fresh share link made as the subscriber, when it may
 * share the dashboard. Every delivery is kept (newest shown with the subscription); deleting a
 * subscription revokes the share links its digests carried.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(UID.subscription);
  const deliveries = () => strapi.db.query(UID.subscriptionDelivery);
  const allowSeconds = () => getConfig(strapi).scheduling.allowSeconds;

  const adminUrl = () => {
    const configured = getConfig(strapi).subscriptions.adminUrl;
    if (configured) return configured.replace(/\/$/, '');
    const server = String(strapi.config.get('server.url', '') ?? '').replace(/\/$/, '');
    return `${server}/admin`;
  };

  async function toSubscription(row: SubscriptionRow, dashboardId: string): Promise<Subscription> {
    const latest: SubscriptionDeliveryRow[] = await deliveries().findMany({
      where: { subscription: { id: row.id } },
      orderBy: [{ fire_time: 'desc' }, { id: 'desc' }],
      limit: SHOWN_DELIVERIES,
    });
    const next = row.enabled ? nextFire(row.cron, row.timezone, new Date(), allowSeconds()) : null;
    return {
      id: row.documentId,
      dashboard_id: dashboardId,
      kind: row.kind,
      name: row.name ?? null,
      enabled: Boolean(row.enabled),
      cron: row.cron,
      timezone: row.timezone,
      email_to: row.email_to ?? [],
      slack: Boolean(row.slack_webhook_url),
      next_run: next ? next.toISOString() : null,
      last_run: iso(row.last_run),
      ...(row.kind === 'alert'
        ? {
            tile_id: row.tile_key,
            field: row.field ?? null,
            operator: row.operator,
            threshold: decimal(row.threshold),
            breached: Boolean(row.breached),
            last_value: decimal(row.last_value),
          }
        : {}),
      deliveries: latest.map((delivery) => ({
        fire_time: iso(delivery.fire_time)!,
        event: delivery.event,
        status: delivery.status,
        value: decimal(delivery.value),
        summary: delivery.summary ?? '',
        channels: (delivery.channels as ChannelResult[] | null) ?? [],
        share_link_id: delivery.share_link_id ?? null,
      })),
    };
  }

  /** One of the caller's own subscriptions of a kind on a dashboard it may read (else a 404). */
  async function own(
    principal: Principal,
    documentId: string,
    subscriptionId: string,
    kind: SubscriptionKind
  ) {
    const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
    const row: SubscriptionRow | null = await rows().findOne({
      where: {
        documentId: subscriptionId,
        kind,
        author: principalRef(principal),
        dashboard: { id: dashboard.id },
      },
    });
    if (!row) throw new errors.NotFoundError(kind === 'alert' ? 'Alert not found' : 'Subscription not found');
    return { dashboard, row };
  }

  /** The fields a body writes; an alert's tile must be one of the dashboard's. */
  function fieldsOf(input: SubscriptionInput, dashboard: DashboardRow, kind: SubscriptionKind) {
    const data: Record<string, unknown> = {};
    for (const key of ['name', 'enabled', 'cron', 'timezone', 'email_to', 'slack_webhook_url'] as const) {
      if (input[key] !== undefined) data[key] = input[key];
    }
    if (kind === 'alert') {
      if (input.tile_id !== undefined) {
        if (!(dashboard.tiles ?? []).some((tile) => tile.documentId === input.tile_id))
          throw invalidField(['tile_id'], 'is not a tile of this dashboard');
        data.tile_key = input.tile_id;
      }
      if (input.field !== undefined) data.field = input.field;
      if (input.operator !== undefined) data.operator = input.operator;
      if (input.threshold !== undefined) data.threshold = input.threshold;
      // a changed rule is checked afresh: the next value past the threshold notifies
      if (input.operator !== undefined || input.threshold !== undefined || input.tile_id !== undefined)
        data.breached = false;
    }
    return data;
  }

  const assertRecipients = (row: Partial<Pick<SubscriptionRow, 'email_to' | 'slack_webhook_url'>>) => {
    if ((row.email_to ?? []).length === 0 && !row.slack_webhook_url)
      throw invalidField(['email_to'], 'give at least one recipient: email_to or slack_webhook_url');
  };

  /** Sends one message to the subscription's recipients: each channel's outcome, never a throw. */
  async function send(row: SubscriptionRow, subject: string, text: string): Promise<ChannelResult[]> {
    const results: ChannelResult[] = [];
    const to = row.email_to ?? [];
    if (to.length > 0) {
      const email = emailService(strapi);
      if (!email)
        results.push({ channel: 'email', status: 'skipped', detail: 'the email plugin is not installed' });
      else {
        try {
          await email.send({ to: to.join(','), subject, text });
          results.push({ channel: 'email', status: 'sent' });
        } catch (error) {
          results.push({ channel: 'email', status: 'failed', detail: (error as Error).message });
        }
      }
    }
    if (row.slack_webhook_url) {
      try {
        await postToSlack(row.slack_webhook_url, `*${subject}*\n${text}`);
        results.push({ channel: 'slack', status: 'sent' });
      } catch (error) {
        // the URL is a secret: only the failure is kept
        results.push({ channel: 'slack', status: 'failed', detail: (error as Error).message });
      }
    }
    for (const failed of results.filter((result) => result.status === 'failed'))
      strapi.log.warn(
        `[dashboards] subscription ${row.documentId}: ${failed.channel} failed: ${failed.detail}`
      );
    return results;
  }

  const statusOf = (channels: ChannelResult[]): SubscriptionDelivery['status'] => {
    const sent = channels.filter((channel) => channel.status === 'sent').length;
    return sent === channels.length && sent > 0 ? 'sent' : sent > 0 ? 'partial' : 'failed';
  };

  async function record(
    row: SubscriptionRow,
    fireTime: Date,
    event: SubscriptionDelivery['event'],
    summary: string,
    channels: ChannelResult[],
    value: number | null = null,
    shareLinkId: string | null = null
  ) {
    await deliveries().create({
      data: {
        subscription: row.id,
        fire_time: fireTime,
        event,
        status: statusOf(channels),
        value,
        summary,
        channels,
        instance_id: INSTANCE_ID,
        share_link_id: shareLinkId,
      },
    });
  }

  /**
   * A fresh share link for a digest, made as the subscriber: its public view shows snapshots taken
   * with the subscriber's rights. None when `subscriptions.shareLinkDays` is 0 or the subscriber may
   * not share the dashboard (its role there and its own grant, as a share route would check). It
   * lives `shareLinkDays` from the fire (from now when a late delivery would send it expired).
   */
  async function shareLinkFor(
    row: SubscriptionRow,
    dashboard: DashboardRow,
    principal: Principal,
    fireTime: Date
  ): Promise<CreatedShareLink | null> {
    const days = getConfig(strapi).subscriptions.shareLinkDays;
    if (days === 0) return null;
    try {
      const access = await loadDashboard(strapi, principal, dashboard.documentId, 'share');
      if (!permissionsFor(principal, access).can_share) return null;
      const fromFire = fireTime.getTime() + days * DAY;
      const expiresAt = new Date(fromFire > Date.now() ? fromFire : Date.now() + days * DAY);
      const answer = await getService(strapi, 'sharing').share(principal, dashboard.documentId, {
        expires_at: expiresAt,
      });
      return 'share_link' in answer ? answer : null;
    } catch (error) {
      if (error instanceof errors.NotFoundError || error instanceof errors.ForbiddenError) return null;
      // the figures still go out, without a link; the log says why (it never holds a token)
      strapi.log.warn(
        `[dashboards] subscription ${row.documentId}: no share link: ${(error as Error).message}`
      );
      return null;
    }
  }

  /** The figures of the whole dashboard, computed as the subscriber may see them now. */
  async function digest(row: SubscriptionRow, dashboard: DashboardRow, principal: Principal, fireTime: Date) {
    const data = await getService(strapi, 'dashboard').data(principal, dashboard.documentId, undefined, {
      cache: true,
    });
    const lines = data.tiles
      .filter((tile) => tile.tile_type !== 'text')
      .map((tile) => `• ${tile.title}: ${figureOf(tile)}`);
    const link = await shareLinkFor(row, dashboard, principal, fireTime);
    const message = (shared: string | null) =>
      [
        ...lines,
        '',
        ...(link ? [`Share link (until ${minuteOf(new Date(link.expires_at!))}): ${shared}`] : []),
        `${adminUrl()}/plugins/dashboards/${dashboard.documentId}`,
      ].join('\n');
    const text = message(link?.share_link ?? null);
    const subject = `${row.name || dashboard.name}: ${minuteOf(fireTime)}`;
    const channels = await send(row, subject, text);
    // the token opens the dashboard: it goes in the message only, the kept summary names the link
    const summary = message(link ? `[share link ${link.id}]` : null);
    await record(row, fireTime, 'digest', summary, channels, null, link?.id ?? null);
  }

  /** An alert's check: it notifies when the value crosses the threshold, and when it comes back. */
  async function check(row: SubscriptionRow, dashboard: DashboardRow, principal: Principal, fireTime: Date) {
    const result = await getService(strapi, 'dashboard').tileData(
      principal,
      dashboard.documentId,
      row.tile_key ?? '',
      undefined
    );
    const value = alertValue(result, row.field);
    const threshold = decimal(row.threshold) ?? 0;
    const operator = row.operator ?? 'above';
    if (value === null) {
      const summary = `${result.title}: no value to compare (${result.error ?? 'no number in the result'})`;
      await record(row, fireTime, 'error', summary, [], null);
      return;
    }
    const breached = isBreached(value, operator, threshold);
    await rows().update({ where: { id: row.id }, data: { breached, last_value: value } });
    if (breached === Boolean(row.breached)) return;
    const event = breached ? 'crossed' : 'recovered';
    const words = `${result.title} is ${value} (${operator} ${threshold})`;
    const summary = breached
      ? `${words}: the alert${row.name ? ` “${row.name}”` : ''} fired`
      : `${result.title} is back to ${value} (no longer ${operator} ${threshold})`;
    const text = `${summary}\n${adminUrl()}/plugins/dashboards/${dashboard.documentId}`;
    const subject = `${breached ? 'Alert' : 'Resolved'}: ${row.name || result.title} on ${dashboard.name}`;
    await record(row, fireTime, event, summary, await send(row, subject, text), value);
  }

  /** One claimed fire: the subscriber's rights as they are now, or a failed delivery saying why not. */
  async function deliver(row: SubscriptionRow, fireTime: Date) {
    const dashboard = row.dashboard!;
    await rows().update({ where: { id: row.id }, data: { last_run: new Date() } });
    const principal = await principalFromRef(strapi, row.author);
    try {
      if (!principal) throw new Error('its author is gone');
      if (row.kind === 'alert') await check(row, dashboard, principal, fireTime);
      else await digest(row, dashboard, principal, fireTime);
    } catch (error) {
      const reason =
        error instanceof errors.NotFoundError || error instanceof errors.ForbiddenError
          ? 'its author may no longer read this dashboard'
          : (error as Error).message;
      await record(row, fireTime, 'error', `Not delivered: ${reason}`, []);
    }
  }

  return {
    async list(principal: Principal, documentId: string, kind: SubscriptionKind) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read');
      const found: SubscriptionRow[] = await rows().findMany({
        where: { kind, author: principalRef(principal), dashboard: { id: dashboard.id } },
        orderBy: { id: 'asc' },
      });
      return { data: await Promise.all(found.map((row) => toSubscription(row, documentId))) };
    },

    async create(principal: Principal, documentId: string, kind: SubscriptionKind, input: SubscriptionInput) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
      const data = { timezone: 'UTC', enabled: true, ...fieldsOf(input, dashboard, kind) };
      assertRecipients(data as Partial<SubscriptionRow>);
      const row = await rows().create({
        data: { ...data, kind, dashboard: dashboard.id, author: principalRef(principal) },
      });
      return toSubscription(row, documentId);
    },

    async update(
      principal: Principal,
      documentId: string,
      subscriptionId: string,
      kind: SubscriptionKind,
      input: SubscriptionInput
    ) {
      const { dashboard, row } = await own(principal, documentId, subscriptionId, kind);
      const data = fieldsOf(input, dashboard, kind);
      assertRecipients({ ...row, ...data });
      const updated = await rows().update({ where: { id: row.id }, data });
      return toSubscription(updated, documentId);
    },

    async remove(principal: Principal, documentId: string, subscriptionId: string, kind: SubscriptionKind) {
      const { row } = await own(principal, documentId, subscriptionId, kind);
      await strapi.db.transaction(async () => {
        // the share links its digests carried open nothing any more
        const made: Pick<SubscriptionDeliveryRow, 'share_link_id'>[] = await deliveries().findMany({
          where: { subscription: { id: row.id }, share_link_id: { $notNull: true } },
          select: ['share_link_id'],
        });
        const linkIds = [...new Set(made.map((delivery) => delivery.share_link_id!))];
        for (let start = 0; start < linkIds.length; start += REVOKE_BATCH) {
          await strapi.db.query(UID.shareLink).updateMany({
            where: { documentId: { $in: linkIds.slice(start, start + REVOKE_BATCH) }, revoked: false },
            data: { revoked: true, revoked_at: new Date() },
          });
        }
        await deliveries().deleteMany({ where: { subscription: { id: row.id } } });
        await rows().delete({ where: { id: row.id } });
      });
    },

    /**
     * Delivers every fire due at `now` that no instance has claimed yet (the latest one only, after
     * a pause); the scheduler calls it on each tick, tests with the time they choose.
     */
    async runDue(now: Date) {
      const enabled: SubscriptionRow[] = await rows().findMany({
        where: { enabled: true },
        populate: { dashboard: { select: ['id', 'documentId', 'name'] } },
      });
      for (const row of enabled) {
        if (!row.dashboard) continue;
        const fire = lastFire(row.cron, row.timezone, now, allowSeconds());
        const since = new Date(row.last_fire_at ?? row.createdAt);
        if (!fire || fire <= since) continue;
        if (await claimFire(strapi, UID.subscription, row.id, fire)) await deliver(row, fire);
      }
    },
  };
};
