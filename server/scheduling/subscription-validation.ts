import { z } from 'zod';
import { documentIdSchema } from '../dashboards/request-params';
import { ruleProblem, type RuleLimits } from './cron';

/** What a subscription and an alert share: the rule, its time zone and the recipients. */
const deliveryFields = {
  name: z.string().trim().max(255).nullable(),
  enabled: z.boolean(),
  cron: z.string().trim().min(1).max(120),
  timezone: z.string().min(1).max(64),
  email_to: z.array(z.string().email().max(254)).max(20),
  slack_webhook_url: z.string().url().max(500).nullable(),
};

const alertFields = {
  ...deliveryFields,
  tile_id: documentIdSchema,
  field: z.string().min(1).max(255).nullable(),
  operator: z.enum(['above', 'below']),
  threshold: z.number().finite(),
};

export interface DeliveryLimits extends RuleLimits {
  /** The Slack webhook URLs accepted start with one of these (no request to any other host). */
  slackUrlPrefixes: string[];
}

type Body = { cron?: string; timezone?: string; slack_webhook_url?: string | null };

function refineDelivery(limits: DeliveryLimits) {
  return (body: Body, ctx: z.RefinementCtx) => {
    if (body.cron !== undefined) {
      const problem = ruleProblem(body.cron, body.timezone ?? 'UTC', limits);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
    const url = body.slack_webhook_url;
    if (url && !limits.slackUrlPrefixes.some((prefix) => url.startsWith(prefix))) {
      ctx.addIssue({
        code: 'custom',
        path: ['slack_webhook_url'],
        message: `must start with ${limits.slackUrlPrefixes.join(' or ')}`,
      });
    }
  };
}

/** POST /:id/subscriptions (a whole body) and PUT …/:subscriptionId (any part of it). */
export const subscriptionSchemaOf = (limits: DeliveryLimits, partial = false) =>
  (partial ? z.object(deliveryFields).partial() : z.object(deliveryFields).partial().required({ cron: true }))
    .strict()
    .superRefine(refineDelivery(limits));

/** POST /:id/alerts and PUT …/:alertId. */
export const alertSchemaOf = (limits: DeliveryLimits, partial = false) =>
  (partial
    ? z.object(alertFields).partial()
    : z.object(alertFields).partial().required({ cron: true, tile_id: true, operator: true, threshold: true })
  )
    .strict()
    .superRefine(refineDelivery(limits));

export type SubscriptionInput = z.output<ReturnType<typeof alertSchemaOf>>;

/** The schemas' shapes, for the route table's documentation. */
const DOC_LIMITS: DeliveryLimits = {
  allowSeconds: false,
  minIntervalSeconds: 1,
  slackUrlPrefixes: ['https://'],
};
export const subscriptionBodySchema = subscriptionSchemaOf(DOC_LIMITS);
export const alertBodySchema = alertSchemaOf(DOC_LIMITS);

export const subscriptionParamsSchema = z.object({
  id: documentIdSchema,
  subscriptionId: documentIdSchema,
});
