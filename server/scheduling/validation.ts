import { z } from 'zod';
import { documentIdSchema, queryInt } from '../dashboards/request-params';
import { ruleProblem, type RuleLimits } from './cron';

export const NOTIFICATION_CHANNELS = ['email', 'slack', 'webhook'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * A schedule body (`enabled`, `cron`, `timezone`, failure notifications and their channels); the
 * rule is checked in its time zone against the configured minimum.
 */
export const scheduleSchemaOf = (limits: RuleLimits) =>
  z
    .object({
      enabled: z.boolean(),
      cron: z.string().trim().min(1).max(120),
      timezone: z.string().min(1).max(64).default('UTC'),
      notify_on_failure: z.boolean().default(false),
      notification_channels: z
        .array(z.enum(NOTIFICATION_CHANNELS))
        .max(NOTIFICATION_CHANNELS.length)
        .refine((channels) => new Set(channels).size === channels.length, 'must not repeat a channel')
        .default([]),
    })
    .strict()
    .superRefine((body, ctx) => {
      const problem = ruleProblem(body.cron, body.timezone, limits);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    });
export type ScheduleBody = z.output<ReturnType<typeof scheduleSchemaOf>>;

/** Only the schema's shape, for the route table's documentation. */
export const scheduleBodySchema = scheduleSchemaOf({ allowSeconds: false, minIntervalSeconds: 1 });

export const historyQuerySchema = z
  .object({ page: queryInt(1, 1_000_000).optional(), limit: queryInt(1, 100).optional() })
  .strict();

/**
 * A refresh body: some widgets (tile ids) or all, answered at once (`mode: async`, 202) or at the
 * end (`mode: sync`).
 */
export const refreshBodySchema = z
  .object({
    widgets: z.array(documentIdSchema).min(1).max(100).optional(),
    mode: z.enum(['async', 'sync']).default('async'),
  })
  .strict();
export type RefreshBody = z.output<typeof refreshBodySchema>;

export const refreshParamsSchema = z.object({ id: documentIdSchema, refreshId: documentIdSchema });
