import { z } from 'zod';
import type { AnalyticsEndpoint } from '../../../contracts/dashboards';
import type { AnalyticsContext } from '../context';
import type { Concept } from '../mapping';
import { commonQuery } from '../period';
import { stats } from './overview';

export type AnalyticsModule = 'leads' | 'opportunities' | 'activities' | 'tasks' | 'targets';

export interface EndpointSpec {
  /** The module whose view permission it needs (the seed's @RequirePermission(module, 'view')). */
  module: AnalyticsModule;
  summary: string;
  /** The CRM concepts it reads: a mapping problem in any of them answers 501. */
  concepts: Concept[];
  /** Its own parameters, beside scope/from/to/pipelineId/tz. */
  params?: z.ZodRawShape;
  run(ctx: AnalyticsContext): Promise<unknown>;
}

/** The endpoints of seed 000 that are available, by name. */
export const ENDPOINTS: Partial<Record<AnalyticsEndpoint, EndpointSpec>> = {
  stats: {
    module: 'leads',
    summary:
      'Overall CRM figures: leads, opportunities, open value, won/lost, conversion, deal size, sales cycle',
    concepts: ['lead', 'opportunity', 'stage', 'pipeline', 'user'],
    run: stats,
  },
};

/** The query schema of an endpoint: the common parameters and its own; anything else is a 400. */
export const querySchemaOf = (spec: EndpointSpec) => z.object({ ...commonQuery, ...spec.params }).strict();
