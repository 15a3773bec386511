import type { Dialect } from './sql-guard';
import type { Core, Schema } from '@strapi/strapi';
import { getConfig } from '../config';
import { invalidField } from '../http/errors';
import { createDatasourceRegistry, type Datasource } from './datasources';
import type { DatasourceListing } from '../../contracts/query';
import { bindParameters, withPlaceholdersAsNull } from './parameters';
import type { ByteBudget, QueryResult, RunLimits } from './runners';
import {
  friendlyDatabaseError,
  nearestName,
  refusedTable,
  SqlRefusedError,
  tableWithSuggestion,
} from './refusal';
import { withDefaultSchema, type TablePolicy } from './policy';
import { createGuardThread } from './guard-thread';
import { resolveSchema } from './locations';
import { listContentTypes, listTables } from './catalog';
import type { Principal } from '../permissions/principal';
import { contentModels } from './content-models';
import { planContentQuery, type ContentSource } from './content-plan';
import { buildAggregateQuery, buildRangeQuery, checkConditionValues, type BuiltQuery } from './content-sql';
import { boundsFor, presentRows, resultColumns } from './content-results';
import { getService } from '../get-service';

/** A SQL tile's `catalog` and `schema`. */
export interface Place {
  catalog?: string | null;
  schema?: string | null;
}

export interface SqlOptions extends Place {
  /** A table tile's sort, applied by the database to the whole result before the row cap. */
  orderBy?: RunLimits['orderBy'];
  /** The response's byte budget the result also draws from. */
  budget?: ByteBudget;
}

export interface ExecutedQuery extends QueryResult {
  execution_time_ms: number;
}

/**
 * Runs tile SQL on a datasource as its reader (the database's own limits are the boundary), after
 * the text checks (early, friendly errors): bound parameters, read-only, row and byte caps,
 * timeout, bounded concurrency. Every field that holds SQL goes through `check` and `runSql`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = createDatasourceRegistry(strapi);
  let guard: ReturnType<typeof createGuardThread> | undefined;
  const guardThread = () =>
    (guard ??= createGuardThread({ timeoutMs: getConfig(strapi).query.checkTimeoutMs }));

  /** Refuses SQL on a datasource whose reader the probe found unsafe (or that has none). */
  async function assertSqlEnabled(datasource: Datasource) {
    const access = await datasource.access();
    if (access.enabled) return;
    const [first] = access.problems;
    throw new SqlRefusedError(
      `SQL is off on the datasource "${datasource.id}": ${first?.message ?? 'its reader could not be checked'}`,
      'reader_unsafe'
    );
  }

  /** The text checks (unless turned off): one SELECT over allowed tables, parsed off the event loop. */
  async function textCheck(datasource: Datasource, sql: string, policy: TablePolicy) {
    if (!getConfig(strapi).query.textChecks) return { hasLimit: false };
    return guardThread().check(sql, datasource.client, policy);
  }

  /**
   * A refused table with the nearest allowed one when the name looks like a slip of it
   * ("`lead` … did you mean `leads`?"); any other error as it is. Only tables the allow list lets
   * tiles read are offered, as the table browser lists them.
   */
  async function withSuggestion(error: unknown, datasource: Datasource, schema: string | undefined) {
    if (!(error instanceof SqlRefusedError)) return error;
    const table = refusedTable(error);
    if (!table) return error;
    try {
      const listed = await listTables(datasource, schema, getConfig(strapi).query.timeoutMs);
      const home =
        schema ?? datasource.location.schema ?? (datasource.client === 'postgres' ? 'public' : null);
      // an unqualified name is read from the tile's schema (MySQL: the connection's database)
      const names = listed.map(({ schema: tableSchema, name }) =>
        tableSchema === null || datasource.client === 'mysql' || tableSchema === home
          ? name
          : `${tableSchema}.${name}`
      );
      const suggestion = nearestName(table, names);
      return suggestion ? tableWithSuggestion(table, suggestion) : error;
    } catch {
      return error;
    }
  }

  /** The datasource and the schema a tile selected (400s name the field). */
  function locate(datasourceId: string, { catalog, schema }: Place) {
    const datasource = registry.get(datasourceId);
    if (!datasource) throw invalidField(['datasource_id'], `no datasource "${datasourceId}"`);
    return { datasource, schema: resolveSchema(datasource.client, datasource.location, catalog, schema) };
  }

  return {
    /** The SQL dialect of a datasource (400 naming `datasource_id` when there is none). */
    dialectOf(datasourceId: string): Dialect {
      return locate(datasourceId, {}).datasource.client;
    },

    /** The datasources with the probe's fresh verdict on each reader (never a connection). */
    async listDatasources(): Promise<DatasourceListing[]> {
      return Promise.all(
        registry
          .list()
          .map(async ({ id, label, client, access }) => ({ id, label, client, sql: await access(true) }))
      );
    },

    /**
     * At bootstrap: keeps the managed reader of Strapi's database in step and probes it before the
     * server answers; the other datasources are probed meanwhile (an unreachable one never holds up
     * the start). Each verdict that turns SQL off is logged.
     */
    async prepareReaders() {
      const own = registry.strapiDatabase();
      const others = registry.list().filter((datasource) => datasource !== own);
      for (const datasource of others) void datasource.access(true).catch(() => undefined);
      if (getConfig(strapi).strapiDatasource.enabled) await own.access(true);
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
      return listContentTypes(
        strapi.contentTypes as Record<string, Schema.ContentType>,
        contentModels(strapi, principal)
      );
    },

    /**
     * Throws a 400 naming `datasource_id`, `catalog`, `schema` or the query's problem (a
     * SqlRefusedError) when the SQL may not run.
     */
    async check(datasourceId: string, sql: string, place: Place = {}) {
      const { datasource, schema } = locate(datasourceId, place);
      await assertSqlEnabled(datasource);
      try {
        await textCheck(
          datasource,
          withPlaceholdersAsNull(sql),
          withDefaultSchema(datasource.policy, schema)
        );
      } catch (error) {
        throw await withSuggestion(error, datasource, schema);
      }
      return datasource;
    },

    async runSql(
      datasourceId: string,
      sql: string,
      params: Record<string, unknown> = {},
      { orderBy, budget, ...place }: SqlOptions = {}
    ): Promise<ExecutedQuery> {
      const { datasource, schema } = locate(datasourceId, place);
      const { executed, checked, bindings } = bindParameters(sql, params, datasource.client);
      await assertSqlEnabled(datasource);
      // the allow list as this tile reads it: the text checks and SQLite's plan check use the same
      const policy = withDefaultSchema(datasource.policy, schema);
      const { hasLimit } = await textCheck(datasource, checked, policy).catch(async (error: unknown) => {
        throw await withSuggestion(error, datasource, schema);
      });
      const reader = datasource.reader();
      if (!reader)
        throw new SqlRefusedError(`SQL is off on the datasource "${datasource.id}"`, 'reader_unsafe');
      const limits: RunLimits = {
        ...getConfig(strapi).query,
        hasLimit,
        // PostgreSQL runs with a fixed search path: the tile's schema, else the datasource's
        schema:
          schema ??
          (datasource.client === 'postgres' ? (datasource.location.schema ?? undefined) : undefined),
        orderBy,
        budget,
        policy: policy.spec,
      };
      const started = performance.now();
      try {
        const result = await datasource.slots.use(() => reader.run(executed, bindings, limits));
        return { ...result, execution_time_ms: Math.round(performance.now() - started) };
      } catch (error) {
        throw await withSuggestion(friendlyDatabaseError(error, executed), datasource, schema);
      }
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
      principal: Pick<Principal, 'readsContent'>,
      budget?: ByteBudget
    ): Promise<ExecutedQuery> {
      const config = getConfig(strapi);
      const plan = planContentQuery(source, contentModels(strapi, principal), config.defaultTimezone);
      const database = registry.strapiDatabase();
      const dialect = database.client;
      const knex = strapi.db.connection;
      // Every query built here ends with a LIMIT.
      const limits = { ...config.query, hasLimit: true, budget };
      const run = ({ sql, bindings }: BuiltQuery) =>
        database.slots.use(() => database.runner().run(sql, bindings, limits));
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const columns = resultColumns(plan);

      const rolledUp = await getService(strapi, 'contentRollups').answer(
        plan,
        params,
        run,
        config.query.rowCap
      );
      if (rolledUp) {
        const { rows, bounds, ...truncation } = rolledUp;
        return {
          columns,
          rows: presentRows(plan, rows, bounds),
          ...truncation,
          execution_time_ms: elapsed(),
        };
      }
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
        truncated_reason: result.truncated_reason,
        execution_time_ms: elapsed(),
      };
    },

    async destroy() {
      await guard?.destroy();
      await registry.destroy();
    },
  };
};
