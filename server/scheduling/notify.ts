import type { Core } from '@strapi/strapi';
import { getConfig } from '../config';
import type { NotificationChannel } from './validation';

import type { DashboardRow, RefreshRunRow } from '../db/rows';

export interface Delivery {
  channel: NotificationChannel;
  status: 'sent' | 'failed' | 'skipped';
  detail?: string;
}

const SLACK_TIMEOUT_MS = 10_000;

/** Posts `text` to a Slack incoming webhook; throws when Slack refuses it or does not answer in time. */
export async function postToSlack(url: string, text: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
    signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`Slack answered ${response.status}`);
}

/** Strapi's email service, or null when the email plugin is not installed. */
export const emailService = (strapi: Core.Strapi) => strapi.plugin('email')?.service('email') ?? null;

/**
 * Tells the schedule's channels that a scheduled refresh failed. Each channel's outcome is
 * returned (and kept on the run); a delivery that fails is logged, never thrown.
 */
export async function notifyFailure(
  strapi: Core.Strapi,
  channels: NotificationChannel[],
  dashboard: Partial<Pick<DashboardRow, 'name' | 'documentId' | 'owner' | 'owner_admin'>>,
  run: Partial<Pick<RefreshRunRow, 'completed_at' | 'errors'>>
): Promise<Delivery[]> {
  const settings = getConfig(strapi).scheduling.notifications;
  const summary =
    `Scheduled refresh of dashboard "${dashboard.name}" failed at ${new Date(run.completed_at ?? Date.now()).toISOString()}: ` +
    (run.errors ?? [])
      .map((error) => (error.title ? `${error.title}: ${error.error}` : error.error))
      .join('; ');

  const deliver = async (channel: NotificationChannel): Promise<Delivery> => {
    switch (channel) {
      case 'webhook':
        // dashboard.refresh_failed went out through Strapi's webhooks (Settings → Webhooks)
        return { channel, status: 'sent', detail: 'dashboard.refresh_failed' };
      case 'slack': {
        if (!settings.slackWebhookUrl) {
          return {
            channel,
            status: 'skipped',
            detail: 'scheduling.notifications.slackWebhookUrl is not set',
          };
        }
        await postToSlack(settings.slackWebhookUrl, summary);
        return { channel, status: 'sent' };
      }
      case 'email': {
        const email = emailService(strapi);
        const to =
          settings.emailTo ?? [dashboard.owner?.email ?? dashboard.owner_admin?.email].filter(Boolean);
        if (!email) return { channel, status: 'skipped', detail: 'the email plugin is not installed' };
        if (to.length === 0) return { channel, status: 'skipped', detail: 'no recipient' };
        await email.send({
          to: to.join(','),
          subject: `Dashboard refresh failed: ${dashboard.name}`,
          text: summary,
        });
        return { channel, status: 'sent' };
      }
    }
  };

  const deliveries: Delivery[] = [];
  for (const channel of channels) {
    try {
      deliveries.push(await deliver(channel));
    } catch (error) {
      const detail = (error as Error).message;
      strapi.log.warn(
        `[dashboards] ${channel} notification for dashboard ${dashboard.documentId} failed: ${detail}`
      );
      deliveries.push({ channel, status: 'failed', detail });
    }
  }
  return deliveries;
}
