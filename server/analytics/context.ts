import type { Knex } from 'knex';
import type { Dialect } from '../query/sql-guard';
import type { CrmModel, Link } from './mapping';
import type { Period, Scope } from './period';
import type { PerformerMetric, ScoreMetric } from './endpoints/people';
import type { TrendPeriod } from './endpoints/stages';
import type { Quarter } from './endpoints/targets';

/** The endpoints' own parameters, validated (each endpoint takes a few of them). */
export interface EndpointParams {
  limit?: number;
  days?: number;
  metricKey?: PerformerMetric;
  metrics?: ScoreMetric[];
  period?: TrendPeriod;
  quarter?: Quarter;
  year?: number;
}

/** Everything an endpoint's SQL needs: the connection, the mapped CRM, the period and the scope. */
export interface AnalyticsContext {
  knex: Knex;
  dialect: Dialect;
  crm: CrmModel;
  period: Period;
  scope: Scope;
  /** Restricts a query to the records (by `recordId`) whose owner (through `owner`) is in scope. */
  scoped(query: Knex.QueryBuilder, recordId: string, owner: Link): Knex.QueryBuilder;
  /** Restricts a query to the rows whose owner id (`column`) is in scope. */
  ownedBy(query: Knex.QueryBuilder, column: string): Knex.QueryBuilder;
  /** `pipelineId`, resolved: its row id and whether it holds leads or opportunities. */
  pipeline: { id: number; type: string } | null;
  /** The endpoint's own parameters (validated). */
  params: EndpointParams;
  /** The rollups' tables (docs/rollups.md). */
  rollups: {
    dealReach: string;
    /** The daily rollup's table; null where it does not serve (docs/rollups.md). */
    daily: string | null;
  };
}
