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
