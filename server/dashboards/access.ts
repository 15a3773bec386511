import type { DashboardPermissions } from '../../contracts/dashboards';
import { ACTIONS } from '../permissions/actions';
import type { Principal } from '../permissions/principal';

type Row = Record<string, any>;

/** The `where` clause restricting dashboards to those a principal may see. */
export function visibleWhere(principal: Principal): Record<string, unknown> {
  switch (principal.kind) {
    case 'user':
      return { owner: { id: principal.id } };
    case 'admin':
    case 'api-token':
      // Admin users are gated by their RBAC actions, API tokens by the actions granted to them.
      return {};
  }
}

/** What a principal may do with one dashboard it can see. */
export function permissionsFor(principal: Principal, row: Row): DashboardPermissions {
  switch (principal.kind) {
    case 'user': {
      const isOwner = row.owner?.id === principal.id;
      return {
        can_edit: isOwner,
        can_delete: isOwner,
        can_share: isOwner,
        role: isOwner ? 'owner' : 'viewer',
      };
    }
    case 'admin':
      return {
        can_edit: principal.ability.can(ACTIONS.update),
        can_delete: principal.ability.can(ACTIONS.delete),
        can_share: principal.ability.can(ACTIONS.share),
        role: 'admin',
      };
    case 'api-token':
      return { can_edit: true, can_delete: true, can_share: true, role: 'api-token' };
  }
}
