import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { resolvePrincipal } from '../permissions/principal';
import { validate } from '../http/validate';
import { errors } from '@strapi/utils';
import { invalidField } from '../http/errors';
import { SqlRefusedError } from './sql-guard';
import { previewSchema } from './validation';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async datasources(ctx: Context) {
    resolvePrincipal(ctx);
    ctx.body = { data: getService(strapi, 'query').listDatasources() };
  },

  async preview(ctx: Context) {
    resolvePrincipal(ctx);
    const { datasource_id, query, params } = validate(previewSchema, ctx.request.body);
    try {
      ctx.body = await getService(strapi, 'query').runSql(datasource_id, query, params ?? {});
    } catch (error) {
      if (error instanceof SqlRefusedError)
        throw invalidField(['query'], error.message, { reason: error.reason });
      if (error instanceof errors.ApplicationError) throw error;
      // the database's own refusal (syntax, read-only transaction, timeout, unreachable server)
      throw invalidField(['query'], error instanceof Error ? error.message : String(error));
    }
  },
});
