import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { forbidden } from '../http/errors';
import { adminAction } from '../permissions/actions';
import type { Principal } from '../permissions/principal';
import type { CrmModel, Link } from './mapping';
import { SCOPES, type Scope } from './period';

const rank = (scope: Scope) => SCOPES.indexOf(scope);

/** A user's time zone field as text (anything else counts as none). */
const timezoneOf = (value: unknown) => (typeof value === 'string' ? value : null);

/** The CRM user behind a caller (admins are matched by email), and the widest scope it may ask for. */
export interface Caller {
  userId: number | null;
  maxScope: Scope;
  timezone: string | null;
}

export async function callerOf(strapi: Core.Strapi, principal: Principal, crm: CrmModel): Promise<Caller> {
  const user = crm.mapping.user;
  const timezoneField = user.fields.timezone;
  const findUser = async (
    where: Record<string, unknown>
  ): Promise<{ id: number; [field: string]: unknown } | null> =>
    strapi.db.query(user.uid).findOne({
      where,
      select: ['id', ...(timezoneField ? [timezoneField] : [])],
    });

  switch (principal.kind) {
    case 'user': {
      const record: Record<string, unknown> = principal.record;
      const roleScope = principal.roleType ? crm.mapping.roleScopes[principal.roleType] : undefined;
      return {
        userId: principal.id,
        maxScope: roleScope ?? 'own',
        timezone: timezoneField ? timezoneOf(record[timezoneField]) : null,
      };
    }
    case 'admin': {
      const emailField = user.fields.email;
      const match = emailField ? await findUser({ [emailField]: principal.email }) : null;
      const granted = (['all', 'department', 'team'] as const).find((scope) =>
        principal.can(adminAction(`analytics.scope.${scope}`))
      );
      return {
        userId: match?.id ?? null,
        maxScope: granted ?? 'own',
        timezone: (timezoneField && timezoneOf(match?.[timezoneField])) || null,
      };
    }
    case 'api-token':
      // An integration has no records of its own: it sees what its granted routes return, in full.
      return { userId: null, maxScope: 'all', timezone: null };
  }
}

/** The scope a request gets: the one asked for (default own; all for API tokens), never wider than allowed. */
export function effectiveScope(caller: Caller, asked: Scope | undefined): Scope {
  const scope = asked ?? (caller.userId === null && caller.maxScope === 'all' ? 'all' : 'own');
  if (rank(scope) > rank(caller.maxScope)) {
    throw forbidden(`Your widest analytics scope is "${caller.maxScope}"`, {
      path: ['scope'],
      allowed_scope: caller.maxScope,
    });
  }
  return scope;
}

/**
 * Restricts a query to the rows whose owner id (`column`) is in the scope: the caller, the members
 * of the caller's teams, or the people of its department. Subqueries (IN), never joins, so a
 * person in two of the caller's teams counts once.
 */
export function scopeOwners(
  knex: Knex,
  crm: CrmModel,
  scope: Scope,
  userId: number | null
): (query: Knex.QueryBuilder, column: string) => Knex.QueryBuilder {
  if (scope === 'all') return (query) => query;
  if (userId === null) return (query) => query.whereRaw('1 = 0');
  const users = crm.get('user');
  const sharing = (relation: Link) =>
    knex
      .from({ member: relation.table })
      .select(`member.${relation.from}`)
      .whereIn(
        `member.${relation.to}`,
        knex
          .from({ mine: relation.table })
          .select(`mine.${relation.to}`)
          .where(`mine.${relation.from}`, userId)
      );
  return (query, column) => {
    if (scope === 'own') return query.where(column, userId);
    const relation = users.link(scope === 'team' ? 'teams' : 'department');
    return query.where((inner) => inner.where(column, userId).orWhereIn(column, sharing(relation)));
  };
}

/** Restricts a query to the records (by `recordId`) whose owner (through `owner`, the record's owner link) is in the scope. */
export function scopeRecords(
  knex: Knex,
  crm: CrmModel,
  scope: Scope,
  userId: number | null
): (query: Knex.QueryBuilder, recordId: string, owner: Link) => Knex.QueryBuilder {
  if (scope === 'all') return (query) => query;
  const owners = scopeOwners(knex, crm, scope, userId);
  return (query, recordId, owner) =>
    query.whereIn(
      recordId,
      owners(knex.from({ owned: owner.table }).select(`owned.${owner.from}`), `owned.${owner.to}`)
    );
}
