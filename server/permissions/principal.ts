import type { Context } from 'koa';
import { errors } from '@strapi/utils';

interface Ability {
  can(action: string, subject?: string): boolean;
}

/** Who is calling: an admin-panel user, a users-permissions user, or an API token. */
export type Principal =
  | { kind: 'admin'; id: number; email: string; name: string; ability: Ability }
  | { kind: 'user'; id: number; email: string; name: string; roleType: string | null }
  | { kind: 'api-token'; id: number; name: string };

interface AuthState {
  strategy?: { name?: string };
  credentials?: Record<string, unknown> | null;
}

export function resolvePrincipal(ctx: Context): Principal {
  const auth = ctx.state.auth as AuthState | undefined;
  const strategy = auth?.strategy?.name;
  const user = ctx.state.user as Record<string, any> | undefined;

  if (strategy === 'admin' && user) {
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email;
    return { kind: 'admin', id: user.id, email: user.email, name, ability: ctx.state.userAbility as Ability };
  }
  if (strategy === 'users-permissions' && user) {
    return {
      kind: 'user',
      id: user.id,
      email: user.email,
      name: user.username,
      roleType: user.role?.type ?? null,
    };
  }
  if (strategy === 'content-api-token' && auth?.credentials) {
    const token = auth.credentials as { id: number; name: string };
    return { kind: 'api-token', id: token.id, name: token.name };
  }
  throw new errors.UnauthorizedError('Missing or invalid credentials');
}

/** A stable text form of a principal, stored in fields such as `executed_by` and `created_by`. */
export const principalRef = (principal: Principal) => `${principal.kind}:${principal.id}`;
