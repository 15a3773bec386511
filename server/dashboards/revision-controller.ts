import type { Core } from '@strapi/strapi';
import { getService } from '../get-service';
import { actionsFor } from '../http/routes';
import { REVISION_ROUTES } from './revision-routes';

/** The version-history actions of the `dashboard` controller (content-API actions dashboard.revisions …). */
export const dashboardRevisionActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const revisions = () => getService(strapi, 'revisions');

  return actionsFor(REVISION_ROUTES, {
    revisions: ({ principal, params }) => revisions().list(principal, params.id),
    revision: ({ principal, params }) => revisions().findOne(principal, params.id, params.revisionId),
    restoreRevision: ({ principal, params }) => revisions().restore(principal, params.id, params.revisionId),
  });
};
