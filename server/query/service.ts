import type { Core } from '@strapi/strapi';
import { getConfig } from '../config';
import { invalidField } from '../http/errors';
import { createDatasourceRegistry } from './datasources';
import { bindParameters, withPlaceholdersAsNull } from './parameters';
import type { QueryResult } from './runners';
import { checkSql } from './sql-guard';

export interface ExecutedQuery extends QueryResult {
  execution_time_ms: number;
}

/** Runs tile SQL on a datasource: guard, bound parameters, read-only, row cap, timeout, bounded concurrency. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = createDatasourceRegistry(strapi);

  return {
    listDatasources() {
      return registry.list().map(({ id, label, client }) => ({ id, label, client }));
    },

    /** Throws a 400 naming `datasource_id` or the query's problem when the SQL may not run. */
    check(datasourceId: string, sql: string) {
      const datasource = registry.get(datasourceId);
      if (!datasource) throw invalidField(['datasource_id'], `no datasource "${datasourceId}"`);
      checkSql(withPlaceholdersAsNull(sql), datasource.client, datasource.policy);
      return datasource;
    },

    async runSql(
      datasourceId: string,
      sql: string,
      params: Record<string, unknown> = {}
    ): Promise<ExecutedQuery> {
      const datasource = registry.get(datasourceId);
      if (!datasource) throw invalidField(['datasource_id'], `no datasource "${datasourceId}"`);
      const { executed, checked, bindings } = bindParameters(sql, params);
      checkSql(checked, datasource.client, datasource.policy);
      const limits = getConfig(strapi).query;
      const started = performance.now();
      const result = await datasource.slots.use(() => datasource.runner().run(executed, bindings, limits));
      return { ...result, execution_time_ms: Math.round(performance.now() - started) };
    },

    destroy: () => registry.destroy(),
  };
};
