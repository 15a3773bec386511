import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../get-service';
import { actionsFor } from '../http/routes';
import { invalidField } from '../http/errors';
import { SqlRefusedError } from './sql-guard';
import { QUERY_ROUTES } from './routes';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const queries = () => getService(strapi, 'query');

  return actionsFor(QUERY_ROUTES, {
    datasources: async () => ({ data: await queries().listDatasources() }),

    tables: async ({ params, query }) => {
      const tables = await queries().listTables(params.id, query.schema);
      if (!tables) throw new errors.NotFoundError(`No datasource "${params.id}"`);
      return { data: tables };
    },

    contentTypes: ({ principal }) => ({ data: queries().listContentTypes(principal) }),

    preview: async ({ body }) => {
      const { datasource_id, catalog, schema, query, params } = body;
      try {
        return await queries().runSql(datasource_id, query, params ?? {}, { catalog, schema });
      } catch (error) {
        if (error instanceof SqlRefusedError)
          throw invalidField(['query'], error.message, { reason: error.reason });
        if (error instanceof errors.ApplicationError) throw error;
        // the database's own refusal (syntax, read-only transaction, timeout, unreachable server)
        throw invalidField(['query'], error instanceof Error ? error.message : String(error));
      }
    },
  });
};
