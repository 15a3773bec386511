import { PLUGIN_ID } from './pluginId';

/** An admin RBAC check as `Page.Protect`, `useRBAC` and menu links take it. */
export interface PermissionCheck {
  action: string;
  subject: null;
}

const actionOf = (uid: string): PermissionCheck[] => [
  { action: `plugin::${PLUGIN_ID}.${uid}`, subject: null },
];

/** The UI side of the actions registered by server/permissions/actions.ts. */
export const PERMISSIONS = {
  read: actionOf('read'),
  create: actionOf('create'),
  update: actionOf('update'),
  delete: actionOf('delete'),
  share: actionOf('share'),
  schedule: actionOf('schedule'),
  sqlExecute: actionOf('sql.execute'),
} as const;

/**
 * Any of the CRM analytics modules' view actions. The server registers them only where the CRM
 * analytics can run, so an app without a CRM offers no analytics source.
 */
export const ANALYTICS_VIEW_PERMISSIONS: PermissionCheck[] = [
  'leads',
  'opportunities',
  'activities',
  'tasks',
  'targets',
].flatMap((module) => actionOf(`analytics.${module}.view`));
