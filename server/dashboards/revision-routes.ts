import { ACTIONS } from '../permissions/actions';
import { defineRoutes } from '../http/routes';
import { idParamsSchema, revisionParamsSchema } from './validation';

/** Version history of a dashboard: for those who may edit it (its owner, editors, admins with update). */
export const REVISION_ROUTES = defineRoutes('dashboard', {
  revisions: {
    method: 'GET',
    path: '/:id/revisions',
    adminAction: ACTIONS.update,
    summary:
      'The kept revisions of a dashboard, newest first: number, who, when and what changed (in words and as `changes`)',
    params: idParamsSchema,
    success: [200, '{ data: RevisionListItem[] }'],
  },
  revision: {
    method: 'GET',
    path: '/:id/revisions/:revisionId',
    adminAction: ACTIONS.update,
    summary:
      'One revision with the dashboard as it kept it (`content`: name, filters, settings, layout, tiles)',
    params: revisionParamsSchema,
    success: [200, 'Revision'],
  },
  restoreRevision: {
    method: 'POST',
    path: '/:id/revisions/:revisionId/restore',
    adminAction: ACTIONS.update,
    summary:
      'Put the dashboard back as a revision kept it (itself a new revision); the caller’s rights over each tile’s source are checked again; 409 while a refresh runs',
    params: revisionParamsSchema,
    success: [200, 'Dashboard'],
  },
});
