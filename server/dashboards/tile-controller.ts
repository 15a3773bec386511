import type { Core } from '@strapi/strapi';
import { getService } from '../get-service';
import { actionsFor } from '../http/routes';
import { TILE_ROUTES } from './routes';

/** Tiles of a dashboard: the same actions serve the content API and the admin panel. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tiles = () => getService(strapi, 'tile');

  return actionsFor(TILE_ROUTES, {
    create: ({ principal, params, body }) => tiles().create(principal, params.id, body),

    createFromConversation: ({ principal, params, body }) => tiles().create(principal, params.id, body),

    preview: ({ principal, params, query, body }) =>
      tiles().preview(principal, params.id, body, query.params),

    updateLayout: ({ principal, params, body }) => tiles().updateLayout(principal, params.id, body.layouts),

    update: ({ principal, params, body }) => tiles().update(principal, params.id, params.tileId, body),

    delete: ({ principal, params }) => tiles().remove(principal, params.id, params.tileId),
  });
};
