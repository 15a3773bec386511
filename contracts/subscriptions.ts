/** Subscriptions (a dashboard's figures sent on a cron rule) and alerts (a threshold on a tile's value). */
export type SubscriptionKind = 'digest' | 'alert';

/** The body of POST /dashboards/:id/subscriptions and /alerts (PUT takes any part of it). */
export interface SubscriptionBody {
  name?: string | null;
  enabled?: boolean;
  cron: string;
  timezone?: string;
  /** E-mail recipients (through Strapi's email plugin). */
  email_to?: string[];
  /** A Slack incoming-webhook URL; never shown again once saved. */
  slack_webhook_url?: string | null;
}

/** An alert's rule: the value of one tile above or below a threshold. */
export interface AlertBody extends SubscriptionBody {
  tile_id: string;
  /** The column whose first row is the value (a KPI's value when left out). */
  field?: string | null;
  operator: 'above' | 'below';
  threshold: number;
}

export interface SubscriptionDelivery {
  fire_time: string;
  /** `error`: nothing could be computed or sent (the summary says why). */
  event: 'digest' | 'crossed' | 'recovered' | 'error';
  status: 'sent' | 'partial' | 'failed';
  value: number | null;
  summary: string;
  channels: { channel: 'email' | 'slack'; status: 'sent' | 'failed' | 'skipped'; detail?: string }[];
  /**
   * The share link a digest carried (made with the subscriber's rights; its token is only in the
   * message), null when none: an alert, a subscriber who may not share, or links turned off.
   */
  share_link_id: string | null;
}

export interface Subscription {
  id: string;
  dashboard_id: string;
  kind: SubscriptionKind;
  name: string | null;
  enabled: boolean;
  cron: string;
  timezone: string;
  email_to: string[];
  /** Whether a Slack webhook is set (the URL itself is a secret). */
  slack: boolean;
  next_run: string | null;
  last_run: string | null;
  tile_id?: string | null;
  field?: string | null;
  operator?: 'above' | 'below' | null;
  threshold?: number | null;
  /** An alert's state at its last check: the value is past the threshold. */
  breached?: boolean;
  last_value?: number | null;
  /** The latest deliveries, newest first. */
  deliveries: SubscriptionDelivery[];
}
