import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

interface Rule {
  inverted: boolean;
  conditions?: unknown;
}

interface Ability {
  can(action: string, subject?: string): boolean;
  rulesFor?(action: string, subject: string, field?: string): Rule[];
}

/** The admin action that reads a content type's entries (Content Manager). */
export const CONTENT_MANAGER_READ = 'plugin::content-manager.explorer.read';

/** Whether the caller may read a content type's entries (and, when given, one of its fields). */
type ReadsContent = (uid: string, field?: string) => boolean;

/**
 * Who is calling: an admin-panel user, a users-permissions user, or an API token. `can(action)`
 * answers for the caller's own grants: admin RBAC actions for admins, content-API actions
 * (`plugin::dashboards.<controller>.<action>`) for users and tokens.
 */
export type Principal =
  | {
      kind: 'admin';
      id: number;
      email: string;
      name: string;
      can(action: string): boolean;
      readsContent: ReadsContent;
    }
  | {
      kind: 'user';
      id: number;
      email: string;
      name: string;
      roleType: string | null;
      record: Record<string, unknown>;
      can(action: string): boolean;
      readsContent: ReadsContent;
    }
  | {
      kind: 'api-token';
      id: number;
      name: string;
      can(action: string): boolean;
      readsContent: ReadsContent;
    };

/** An API token as Strapi's content-API auth strategy hands it over (only what is read here). */
interface ApiTokenCredentials {
  id: number;
  name: string;
  type: 'read-only' | 'full-access' | 'custom';
}

/** The admin or users-permissions user the auth strategy found (only what is read here). */
interface AuthUser {
  id: number;
  email: string;
  username?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  role?: { type?: string | null } | null;
  [field: string]: unknown;
}

interface AuthState {
  strategy?: { name?: string };
  credentials?: ApiTokenCredentials | null;
  ability?: Ability | null;
}

const READ_ACTIONS = /\.(find|findOne|export)$/;

function tokenCan(token: ApiTokenCredentials, ability: Ability | null | undefined) {
  return (action: string) => {
    if (token.type === 'full-access') return true;
    if (token.type === 'read-only') return READ_ACTIONS.test(action);
    return Boolean(ability?.can(action));
  };
}

/**
 * An admin reads a content type (or field) when the Content Manager's read permission grants it
 * without conditions: conditions ("is creator" …) restrict rows, which an aggregate cannot honour.
 */
function adminReadsContent(ability: Ability): ReadsContent {
  return (uid, field) => {
    const rules = ability.rulesFor?.(CONTENT_MANAGER_READ, uid, field) ?? [];
    return rules.length > 0 && rules.every((rule) => !rule.inverted && rule.conditions === undefined);
  };
}

/** Users and API tokens read a content type through its content-API `find` action. */
const findsContent =
  (can: (action: string) => boolean): ReadsContent =>
  (uid) =>
    can(`${uid}.find`);

export function resolvePrincipal(ctx: Context): Principal {
  const auth = ctx.state.auth as AuthState | undefined;
  const strategy = auth?.strategy?.name;
  const user = ctx.state.user as AuthUser | undefined;

  if (strategy === 'admin' && user) {
    const ability = ctx.state.userAbility as Ability;
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email;
    return {
      kind: 'admin',
      id: user.id,
      email: user.email,
      name,
      can: (action) => ability.can(action),
      readsContent: adminReadsContent(ability),
    };
  }
  if (strategy === 'users-permissions' && user) {
    const ability = auth?.ability;
    const can = (action: string) => Boolean(ability?.can(action));
    return {
      kind: 'user',
      id: user.id,
      email: user.email,
      name: user.username ?? user.email,
      roleType: user.role?.type ?? null,
      record: user,
      can,
      readsContent: findsContent(can),
    };
  }
  if (strategy === 'content-api-token' && auth?.credentials) {
    const token = auth.credentials;
    const can = tokenCan(token, auth.ability);
    return { kind: 'api-token', id: token.id, name: token.name, can, readsContent: findsContent(can) };
  }
  throw new errors.UnauthorizedError('Missing or invalid credentials');
}

/** A stable text form of a principal, stored in fields such as `executed_by` and `created_by`. */
export const principalRef = (principal: Principal) => `${principal.kind}:${principal.id}`;

/**
 * The principal a stored reference (`principalRef`) names, with its permissions as they are now:
 * work done later on someone's behalf (a snapshot refreshed for a share link) runs as them. Null
 * when they no longer exist (or are blocked).
 */
export async function principalFromRef(strapi: Core.Strapi, ref: string | null): Promise<Principal | null> {
  const [kind, rawId] = (ref ?? '').split(':');
  const id = Number(rawId);
  if (!Number.isInteger(id)) return null;
  if (kind === 'admin') {
    const user = await strapi.db.query('admin::user').findOne({ where: { id }, populate: ['roles'] });
    if (!user || user.blocked || !user.isActive) return null;
    const ability = (await strapi.service('admin::permission').engine.generateUserAbility(user)) as Ability;
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email;
    const can = (action: string) => ability.can(action);
    return { kind: 'admin', id, email: user.email, name, can, readsContent: adminReadsContent(ability) };
  }
  if (kind === 'user') {
    const user = await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id }, populate: ['role'] });
    if (!user || user.blocked || !user.role) return null;
    const permissions = await strapi.db
      .query('plugin::users-permissions.permission')
      .findMany({ where: { role: { id: user.role.id } }, select: ['action'] });
    const actions = new Set(permissions.map((permission: { action: string }) => permission.action));
    const can = (action: string) => actions.has(action);
    return {
      kind: 'user',
      id,
      email: user.email,
      name: user.username,
      roleType: user.role.type ?? null,
      record: user,
      can,
      readsContent: findsContent(can),
    };
  }
  if (kind === 'api-token') {
    const token = await strapi.db
      .query('admin::api-token')
      .findOne({ where: { id }, populate: ['permissions'] });
    if (!token || (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now())) return null;
    const actions = new Set(
      (token.permissions ?? []).map((permission: { action: string }) => permission.action)
    );
    const can = tokenCan(token, { can: (action: string) => actions.has(action) });
    return { kind: 'api-token', id, name: token.name, can, readsContent: findsContent(can) };
  }
  return null;
}
