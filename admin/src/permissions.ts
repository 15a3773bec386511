import { ACTIONS, ANALYTICS_MODULES, analyticsViewAction } from '../../contracts/permissions';

/** An admin RBAC check as `Page.Protect`, `useRBAC` and menu links take it. */
export interface PermissionCheck {
  action: string;
  subject: null;
}

const check = (action: string): PermissionCheck[] => [{ action, subject: null }];

/** The UI side of the actions the server registers. */
export const PERMISSIONS = {
  read: check(ACTIONS.read),
  create: check(ACTIONS.create),
  update: check(ACTIONS.update),
  delete: check(ACTIONS.delete),
  share: check(ACTIONS.share),
  schedule: check(ACTIONS.schedule),
  subscribe: check(ACTIONS.subscribe),
  alert: check(ACTIONS.alert),
  sqlExecute: check(ACTIONS.sqlExecute),
} as const;

/**
 * Any of the CRM analytics modules' view actions. The server registers them only where the CRM
 * analytics can run, so an app without a CRM offers no analytics source.
 */
export const ANALYTICS_VIEW_PERMISSIONS: PermissionCheck[] = ANALYTICS_MODULES.flatMap((module) =>
  check(analyticsViewAction(module))
);
