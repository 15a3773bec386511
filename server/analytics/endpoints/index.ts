import { z } from 'zod';
import type { AnalyticsEndpoint } from '../../../contracts/dashboards';
import type { AnalyticsContext } from '../context';
import type { Concept } from '../mapping';
import { commonQuery } from '../period';
import { stats } from './overview';
import { leadPipeline, opportunityPipeline } from './pipelines';
import { QUARTERS, targetProgress } from './targets';
import { conversionFunnel, dealVelocity, funnelChart, revenueTrend, TREND_PERIODS } from './stages';
import {
  performerMetricSchema,
  SCORE_METRICS,
  scoreCard,
  slaCompliance,
  topPerformers,
  type ScoreMetric,
} from './people';
import {
  activitiesSummary,
  leadAging,
  leadSources,
  recentActivities,
  tasksSummary,
  upcomingTasks,
  winLossAnalysis,
} from './breakdowns';

const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();
const scoreMetrics = z
  .string()
  .max(500)
  .transform((text) => text.split(',').map((metric) => metric.trim()))
  .refine(
    (metrics) => metrics.length > 0 && metrics.every((metric) => Object.hasOwn(SCORE_METRICS, metric)),
    `must list metrics among ${Object.keys(SCORE_METRICS).join(', ')}`
  )
  .transform((metrics) => metrics as ScoreMetric[]);
const LEADS: Concept[] = ['lead', 'stage', 'pipeline', 'user'];
const DEALS: Concept[] = ['opportunity', 'stage', 'pipeline', 'user'];

export type AnalyticsModule = 'leads' | 'opportunities' | 'activities' | 'tasks' | 'targets';

export interface EndpointSpec {
  /** The module whose view permission it needs (`view` on that module). */
  module: AnalyticsModule;
  summary: string;
  /** The CRM concepts it reads: a mapping problem in any of them answers 501. */
  concepts: Concept[];
  /** Its own parameters, beside scope/from/to/pipelineId/tz. */
  params?: z.ZodRawShape;
  run(ctx: AnalyticsContext): Promise<unknown>;
}

/** The CRM analytics endpoints that are available, by name. */
export const ENDPOINTS: Partial<Record<AnalyticsEndpoint, EndpointSpec>> = {
  stats: {
    module: 'leads',
    summary:
      'Overall CRM figures: leads, opportunities, open value, won/lost, conversion, deal size, sales cycle',
    concepts: ['lead', 'opportunity', 'stage', 'pipeline', 'user'],
    run: stats,
  },
  'lead-pipeline': {
    module: 'leads',
    summary: 'Leads in scope by their current stage, every stage of the lead pipeline(s) in order',
    concepts: LEADS,
    run: leadPipeline,
  },
  'opportunity-pipeline': {
    module: 'opportunities',
    summary: 'Open deals by open stage: count, total and probability-weighted amount',
    concepts: DEALS,
    run: opportunityPipeline,
  },
  'lead-sources': {
    module: 'leads',
    summary: "The period's leads by source, with their percentage",
    concepts: LEADS,
    run: leadSources,
  },
  'activities-summary': {
    module: 'activities',
    summary: "The period's activities in scope, in all and by type",
    concepts: ['activity', 'user'],
    run: activitiesSummary,
  },
  'recent-activities': {
    module: 'activities',
    summary: 'The newest activities in scope (`limit` 1–100, default 20)',
    concepts: ['activity', 'user'],
    params: { limit: limit(100) },
    run: recentActivities,
  },
  'tasks-summary': {
    module: 'tasks',
    summary: 'Overdue, due today, due this week, completed in the period, and the completion rate',
    concepts: ['task', 'user'],
    run: tasksSummary,
  },
  'upcoming-tasks': {
    module: 'tasks',
    summary: 'Open tasks due in the next `days` (1–90, default 7), soonest first (`limit` 1–100, default 10)',
    concepts: ['task', 'user'],
    params: { days: z.coerce.number().int().min(1).max(90).optional(), limit: limit(100) },
    run: upcomingTasks,
  },
  'lead-aging': {
    module: 'leads',
    summary: 'Open leads in scope by whole days since creation: 0-7, 8-14, 15-30, 31-60, 60+',
    concepts: LEADS,
    run: leadAging,
  },
  'sla-compliance': {
    module: 'leads',
    summary: "The period's leads with an SLA: within it, at risk, breached, and the compliance rate",
    concepts: LEADS,
    run: slaCompliance,
  },
  'top-performers': {
    module: 'opportunities',
    summary:
      'Owners in scope ranked by `metricKey` (deals_won, revenue, leads_created, activities; `limit` 1–100)',
    concepts: [...DEALS, 'lead', 'activity'],
    params: { metricKey: z.enum(performerMetricSchema).optional(), limit: limit(100) },
    run: topPerformers,
  },
  'score-card': {
    module: 'leads',
    summary: 'KPIs (`metrics`, a comma list) for the period and the previous one, with change and trend',
    concepts: [...LEADS, 'opportunity', 'activity', 'task'],
    params: { metrics: scoreMetrics.optional() },
    run: scoreCard,
  },
  'revenue-trend': {
    module: 'opportunities',
    summary:
      'Won and lost amounts by close date and open amounts by expected close date, per `period` bucket',
    concepts: DEALS,
    params: { period: z.enum(TREND_PERIODS).optional() },
    run: revenueTrend,
  },
  'deal-velocity': {
    module: 'opportunities',
    summary: 'Mean days in each stage of a pipeline, over the stints that ended in the period',
    concepts: [...DEALS, 'stageHistory'],
    run: dealVelocity,
  },
  'funnel-chart': {
    module: 'opportunities',
    summary: "The period's deals of a pipeline by the furthest stage they reached",
    concepts: [...DEALS, 'stageHistory'],
    run: funnelChart,
  },
  'conversion-funnel': {
    module: 'leads',
    summary: "The period's leads: created, qualified, converted, proposal sent, won",
    concepts: [...LEADS, 'opportunity', 'stageHistory'],
    run: conversionFunnel,
  },
  'target-progress': {
    module: 'targets',
    summary: 'Targets overlapping the `quarter` (Q1–Q4) of `year`, with their metric so far and progress',
    concepts: ['target', 'lead', 'opportunity', 'stage', 'activity', 'user'],
    params: {
      quarter: z.enum(QUARTERS).optional(),
      year: z.coerce.number().int().min(1970).max(9999).optional(),
    },
    run: targetProgress,
  },
  'win-loss-analysis': {
    module: 'opportunities',
    summary: 'Deals won and lost in the period, the win rate and the top five reasons each way',
    concepts: DEALS,
    run: winLossAnalysis,
  },
};

/** The query schema of an endpoint: the common parameters and its own; anything else is a 400. */
const buildQuerySchema = (spec: EndpointSpec) => z.object({ ...commonQuery, ...spec.params }).strict();
// built once per endpoint (each request and each analytics tile validates with it)
const querySchemas = new Map<EndpointSpec, ReturnType<typeof buildQuerySchema>>();

export function querySchemaOf(spec: EndpointSpec) {
  let schema = querySchemas.get(spec);
  if (!schema) {
    schema = buildQuerySchema(spec);
    querySchemas.set(spec, schema);
  }
  return schema;
}
