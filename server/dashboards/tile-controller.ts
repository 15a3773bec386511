import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { resolvePrincipal } from '../permissions/principal';
import { validate } from '../http/validate';
import {
  conversationTileSchema,
  createTileSchema,
  dataQuerySchema,
  idParamsSchema,
  layoutUpdateSchema,
  previewTileSchema,
  tileParamsSchema,
  updateTileSchema,
} from './validation';

/** Tiles of a dashboard: the same actions serve the content API and the admin panel. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tiles = () => getService(strapi, 'tile');

  return {
    async create(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      ctx.status = 201;
      ctx.body = await tiles().create(
        resolvePrincipal(ctx),
        id,
        validate(createTileSchema, ctx.request.body)
      );
    },

    async createFromConversation(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      ctx.status = 201;
      ctx.body = await tiles().create(
        resolvePrincipal(ctx),
        id,
        validate(conversationTileSchema, ctx.request.body)
      );
    },

    async preview(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      const { params } = validate(dataQuerySchema, ctx.query);
      ctx.body = await tiles().preview(
        resolvePrincipal(ctx),
        id,
        validate(previewTileSchema, ctx.request.body),
        params
      );
    },

    async update(ctx: Context) {
      const { id, tileId } = validate(tileParamsSchema, ctx.params);
      ctx.body = await tiles().update(
        resolvePrincipal(ctx),
        id,
        tileId,
        validate(updateTileSchema, ctx.request.body)
      );
    },

    async delete(ctx: Context) {
      const { id, tileId } = validate(tileParamsSchema, ctx.params);
      await tiles().remove(resolvePrincipal(ctx), id, tileId);
      ctx.status = 204;
    },

    async updateLayout(ctx: Context) {
      const { id } = validate(idParamsSchema, ctx.params);
      const { layouts } = validate(layoutUpdateSchema, ctx.request.body);
      await tiles().updateLayout(resolvePrincipal(ctx), id, layouts);
      ctx.status = 204;
    },
  };
};
