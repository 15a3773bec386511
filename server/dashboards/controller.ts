import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { resolvePrincipal } from '../permissions/principal';
import { validate } from '../http/validate';
import { listQuerySchema } from './validation';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const principal = resolvePrincipal(ctx);
    const query = validate(listQuerySchema, ctx.query);
    ctx.body = await getService(strapi, 'dashboard').list(principal, query);
  },
});
