import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { resolvePrincipal } from '../permissions/principal';
import { validate } from '../http/validate';
import { errors } from '@strapi/utils';
import { invalidField } from '../http/errors';
import { SqlRefusedError } from './sql-guard';
import { previewSchema, tablesParamsSchema, tablesQuerySchema } from './validation';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async datasources(ctx: Context) {
    resolvePrincipal(ctx);
    ctx.body = { data: await getService(strapi, 'query').listDatasources() };
  },

  async tables(ctx: Context) {
    resolvePrincipal(ctx);
    const { id } = validate(tablesParamsSchema, ctx.params);
    const { schema } = validate(tablesQuerySchema, ctx.query);
    const tables = await getService(strapi, 'query').listTables(id, schema);
    if (!tables) throw new errors.NotFoundError(`No datasource "${id}"`);
    ctx.body = { data: tables };
  },

  async contentTypes(ctx: Context) {
    ctx.body = { data: getService(strapi, 'query').listContentTypes(resolvePrincipal(ctx)) };
  },

  async preview(ctx: Context) {
    resolvePrincipal(ctx);
    const { datasource_id, catalog, schema, query, params } = validate(previewSchema, ctx.request.body);
    try {
      ctx.body = await getService(strapi, 'query').runSql(datasource_id, query, params ?? {}, {
        catalog,
        schema,
      });
    } catch (error) {
      if (error instanceof SqlRefusedError)
        throw invalidField(['query'], error.message, { reason: error.reason });
      if (error instanceof errors.ApplicationError) throw error;
      // the database's own refusal (syntax, read-only transaction, timeout, unreachable server)
      throw invalidField(['query'], error instanceof Error ? error.message : String(error));
    }
  },
});
