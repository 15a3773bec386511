import type { Context } from 'koa';
import { errors } from '@strapi/utils';

interface Ability {
  can(action: string, subject?: string): boolean;
}

/**
 * Who is calling: an admin-panel user, a users-permissions user, or an API token. `can(action)`
 * answers for the caller's own grants: admin RBAC actions for admins, content-API actions
 * (`plugin::dashboards.<controller>.<action>`) for users and tokens.
 */
export type Principal =
  | { kind: 'admin'; id: number; email: string; name: string; can(action: string): boolean }
  | {
      kind: 'user';
      id: number;
      email: string;
      name: string;
      roleType: string | null;
      record: Record<string, unknown>;
      can(action: string): boolean;
    }
  | { kind: 'api-token'; id: number; name: string; can(action: string): boolean };

interface AuthState {
  strategy?: { name?: string };
  credentials?: Record<string, any> | null;
  ability?: Ability | null;
}

const READ_ACTIONS = /\.(find|findOne|export)$/;

function tokenCan(token: Record<string, any>, ability: Ability | null | undefined) {
  return (action: string) => {
    if (token.type === 'full-access') return true;
    if (token.type === 'read-only') return READ_ACTIONS.test(action);
    return Boolean(ability?.can(action));
  };
}

export function resolvePrincipal(ctx: Context): Principal {
  const auth = ctx.state.auth as AuthState | undefined;
  const strategy = auth?.strategy?.name;
  const user = ctx.state.user as Record<string, any> | undefined;

  if (strategy === 'admin' && user) {
    const ability = ctx.state.userAbility as Ability;
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email;
    return { kind: 'admin', id: user.id, email: user.email, name, can: (action) => ability.can(action) };
  }
  if (strategy === 'users-permissions' && user) {
    const ability = auth?.ability;
    return {
      kind: 'user',
      id: user.id,
      email: user.email,
      name: user.username,
      roleType: user.role?.type ?? null,
      record: user,
      can: (action) => Boolean(ability?.can(action)),
    };
  }
  if (strategy === 'content-api-token' && auth?.credentials) {
    const token = auth.credentials;
    return { kind: 'api-token', id: token.id, name: token.name, can: tokenCan(token, auth.ability) };
  }
  throw new errors.UnauthorizedError('Missing or invalid credentials');
}

/** A stable text form of a principal, stored in fields such as `executed_by` and `created_by`. */
export const principalRef = (principal: Principal) => `${principal.kind}:${principal.id}`;
