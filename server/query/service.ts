import type { Core } from '@strapi/strapi';
import { getConfig } from '../config';
import { invalidField } from '../http/errors';
import { createDatasourceRegistry } from './datasources';
import { bindParameters, withPlaceholdersAsNull } from './parameters';
import type { QueryResult, RunLimits } from './runners';
import { checkSql } from './sql-guard';
import { resolveSchema, withDefaultSchema } from './locations';
import { listContentTypes, listTables } from './catalog';
import type { Principal } from '../permissions/principal';
import { contentModels } from './content-models';
import {
  boundsFor,
  buildAggregateQuery,
  buildRangeQuery,
  checkConditionValues,
  planContentQuery,
  presentRows,
  resultColumns,
  type BuiltQuery,
  type ContentSource,
} from './content-query';

/** A SQL tile's `catalog` and `schema`. */
export interface Place {
  catalog?: string | null;
  schema?: string | null;
}

export interface SqlOptions extends Place {
  /** A table tile's sort, applied by the database to the whole result before the row cap. */
  orderBy?: RunLimits['orderBy'];
}

export interface ExecutedQuery extends QueryResult {
  execution_time_ms: number;
}

/** Runs tile SQL on a datasource: guard, bound parameters, read-only, row cap, timeout, bounded concurrency. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = createDatasourceRegistry(strapi);

  /** The datasource and the schema a tile selected (400s name the field). */
  function locate(datasourceId: string, { catalog, schema }: Place) {
    const datasource = registry.get(datasourceId);
    if (!datasource) throw invalidField(['datasource_id'], `no datasource "${datasourceId}"`);
    return { datasource, schema: resolveSchema(datasource.client, datasource.location, catalog, schema) };
  }

  return {
    listDatasources() {
      return registry.list().map(({ id, label, client }) => ({ id, label, client }));
    },

    /** A datasource's readable tables and columns; undefined for an unknown datasource. */
    async listTables(datasourceId: string, schema: string | undefined) {
      const datasource = registry.get(datasourceId);
      if (!datasource) return undefined;
      const chosen = resolveSchema(datasource.client, datasource.location, null, schema);
      return listTables(datasource, chosen, getConfig(strapi).query.timeoutMs);
    },

    /** The content types and fields a caller may query. */
    listContentTypes(principal: Pick<Principal, 'readsContent'>) {
      return listContentTypes(strapi.contentTypes as Record<string, any>, contentModels(strapi, principal));
    },

    /**
     * Throws a 400 naming `datasource_id`, `catalog`, `schema` or the query's problem (a
     * SqlRefusedError) when the SQL may not run.
     */
    check(datasourceId: string, sql: string, place: Place = {}) {
      const { datasource, schema } = locate(datasourceId, place);
      checkSql(withPlaceholdersAsNull(sql), datasource.client, withDefaultSchema(datasource.policy, schema));
      return datasource;
    },

    async runSql(
      datasourceId: string,
      sql: string,
      params: Record<string, unknown> = {},
      { orderBy, ...place }: SqlOptions = {}
    ): Promise<ExecutedQuery> {
      const { datasource, schema } = locate(datasourceId, place);
      const { executed, checked, bindings } = bindParameters(sql, params);
      const { hasLimit } = checkSql(checked, datasource.client, withDefaultSchema(datasource.policy, schema));
      const limits = { ...getConfig(strapi).query, hasLimit, schema, orderBy };
      const started = performance.now();
      const result = await datasource.slots.use(() => datasource.runner().run(executed, bindings, limits));
      return { ...result, execution_time_ms: Math.round(performance.now() - started) };
    },

    /** Checks a content-type source for a caller; throws a ContentQueryError naming the field. */
    checkContent(source: ContentSource, principal: Pick<Principal, 'readsContent'>) {
      const plan = planContentQuery(
        source,
        contentModels(strapi, principal),
        getConfig(strapi).defaultTimezone
      );
      checkConditionValues(plan, registry.strapiDatabase().client);
      return plan;
    },

    /**
     * A structured query on a content type, built from Strapi's metadata and run like tile SQL
     * (read-only, row cap, timeout, bounded concurrency) on Strapi's database. A date bucket first
     * asks the database for the range of dates, cuts the buckets in the time zone, then groups by them.
     */
    async runContent(
      source: ContentSource,
      params: Record<string, unknown>,
      principal: Pick<Principal, 'readsContent'>
    ): Promise<ExecutedQuery> {
      const config = getConfig(strapi);
      const plan = planContentQuery(source, contentModels(strapi, principal), config.defaultTimezone);
      const database = registry.strapiDatabase();
      const dialect = database.client;
      const knex = strapi.db.connection;
      // Every query built here ends with a LIMIT.
      const limits = { ...config.query, hasLimit: true };
      const run = ({ sql, bindings }: BuiltQuery) =>
        database.slots.use(() => database.runner().run(sql, bindings, limits));
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const columns = resultColumns(plan);

      let bounds = null;
      if (plan.bucket) {
        const range = await run(buildRangeQuery(knex, plan, params, dialect));
        bounds = boundsFor(plan, range.rows[0]?.low, range.rows[0]?.high, dialect);
        if (!bounds) return { columns, rows: [], truncated: false, execution_time_ms: elapsed() };
      }
      const result = await run(
        buildAggregateQuery(knex, plan, params, dialect, bounds ?? undefined, config.query.rowCap)
      );
      return {
        columns,
        rows: presentRows(plan, result.rows, bounds),
        truncated: result.truncated,
        execution_time_ms: elapsed(),
      };
    },

    destroy: () => registry.destroy(),
  };
};
