import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { DashboardPermissions, DashboardRole } from '../../contracts/dashboards';
import { UID } from '../content-types';
import { forbidden } from '../http/errors';
import { adminAction } from '../permissions/actions';
import type { Principal } from '../permissions/principal';
import { SHARING_ROUTES } from '../sharing/routes';
import { SCHEDULING_ROUTES } from '../scheduling/routes';
import { DASHBOARD_ROUTES } from './routes';
import type { DashboardRow } from '../db/rows';

/** What the access rules read of a dashboard: its owner, members and workspace (never its tiles). */
type AccessRow = Omit<DashboardRow, 'tiles'>;

/** What can be done to a dashboard; each needs a dashboard role and the caller's own grant. */
export type Operation = 'read' | 'update' | 'delete' | 'share' | 'schedule' | 'members';

const ROLE_OPERATIONS: Record<DashboardRole, Operation[]> = {
  owner: ['read', 'update', 'delete', 'share', 'schedule', 'members'],
  editor: ['read', 'update'],
  viewer: ['read'],
  admin: ['read', 'update', 'delete', 'share', 'schedule', 'members'],
  'api-token': ['read', 'update', 'delete', 'share', 'schedule', 'members'],
};

/** The grant each operation needs: an admin RBAC action, or a content-API action (a route handler). */
const ADMIN_GRANT: Record<Operation, string> = {
  read: adminAction('read'),
  update: adminAction('update'),
  delete: adminAction('delete'),
  share: adminAction('share'),
  schedule: adminAction('schedule'),
  members: adminAction('update'),
};
const CONTENT_API_GRANT: Record<Operation, string> = {
  read: DASHBOARD_ROUTES.findOne.contentApiAction,
  update: DASHBOARD_ROUTES.update.contentApiAction,
  delete: DASHBOARD_ROUTES.delete.contentApiAction,
  share: SHARING_ROUTES.share.contentApiAction,
  schedule: SCHEDULING_ROUTES.schedule.contentApiAction,
  members: DASHBOARD_ROUTES.addMember.contentApiAction,
};

/** The `where` clause restricting dashboards to those a principal may see. */
export function visibleWhere(principal: Principal): Record<string, unknown> {
  if (principal.kind !== 'user') return {};
  const me = { id: principal.id };
  return { $or: [{ owner: me }, { members: { user: me } }, { workspace: { members: me } }] };
}

/** What to populate on a dashboard row so that `roleOf` can tell the caller's role. */
export function accessPopulate(principal: Principal) {
  const me = principal.kind === 'user' ? principal.id : -1;
  return {
    owner: { select: ['id', 'username'] },
    owner_admin: { select: ['id', 'firstname', 'lastname', 'username'] },
    workspace: {
      select: ['id', 'documentId', 'name'],
      populate: { members: { select: ['id'], where: { id: me } } },
    },
    members: { select: ['id', 'role'], where: { user: { id: me } } },
  };
}

export function roleOf(principal: Principal, row: AccessRow): DashboardRole | null {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'api-token':
      return 'api-token';
    case 'user':
      if (row.owner?.id === principal.id) return 'owner';
      if (row.members?.[0]) return row.members[0].role;
      if (row.workspace?.members?.length) return 'viewer';
      return null;
  }
}

/** Whether the caller's role on this dashboard permits the operation (the route's own action is checked by Strapi). */
export function roleAllows(principal: Principal, row: AccessRow, operation: Operation): boolean {
  const role = roleOf(principal, row);
  return role !== null && ROLE_OPERATIONS[role].includes(operation);
}

/** Role and grant together: what the `permissions` of a response promise the caller. */
const allows = (principal: Principal, row: AccessRow, operation: Operation) =>
  roleAllows(principal, row, operation) &&
  principal.can(principal.kind === 'admin' ? ADMIN_GRANT[operation] : CONTENT_API_GRANT[operation]);

/** What a principal may do with one dashboard it can see. */
export function permissionsFor(principal: Principal, row: AccessRow): DashboardPermissions {
  return {
    can_edit: allows(principal, row, 'update'),
    can_delete: allows(principal, row, 'delete'),
    can_share: allows(principal, row, 'share'),
    role: roleOf(principal, row) ?? 'viewer',
  };
}

export const notFound = () => new errors.NotFoundError('Dashboard not found or access denied');

/**
 * The dashboard `documentId` for an operation: a 404 when the caller may not see it (never a 403
 * that would reveal it exists), a 403 when it may see it but not do this.
 */
export async function loadDashboard(
  strapi: Core.Strapi,
  principal: Principal,
  documentId: string,
  operation: Operation,
  populate: Record<string, unknown> = {}
): Promise<DashboardRow> {
  const row = await strapi.db.query(UID.dashboard).findOne({
    where: { $and: [{ documentId }, visibleWhere(principal)] },
    populate: { ...accessPopulate(principal), ...populate },
  });
  if (!row || !roleOf(principal, row)) throw notFound();
  if (!roleAllows(principal, row, operation)) {
    throw forbidden(`You may not ${operation === 'read' ? 'view' : operation} this dashboard`, {
      role: roleOf(principal, row),
    });
  }
  return row;
}
