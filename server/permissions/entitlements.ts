import type { Core } from '@strapi/strapi';
import { getConfig } from '../config';
import { forbidden } from '../http/errors';
import { ACTIONS } from './actions';
import type { Principal } from './principal';

export const PRO = 'pro';

const USER_UID = 'plugin::users-permissions.user';

/** Whether users-permissions users have the field that holds their plan. */
function usersHavePlanField(strapi: Core.Strapi): boolean {
  const model = strapi.getModel(USER_UID) as { attributes: Record<string, unknown> } | undefined;
  return Boolean(model?.attributes[getConfig(strapi).entitlements.userField]);
}

/** Says once, at startup, how users-permissions users get the pro entitlement when the app has no plan field. */
export function logEntitlementSetup(strapi: Core.Strapi) {
  const config = getConfig(strapi).entitlements;
  if (config.resolve || usersHavePlanField(strapi)) return;
  strapi.log.info(
    `[dashboards] Entitlements: users-permissions users have no "${config.userField}" field, so every user may ` +
      `create dashboards. To sell it as a plan, add that field (values ${config.proValues.map((value) => `"${value}"`).join(', ')} ` +
      `give pro), name another with entitlements.userField, or decide with entitlements.resolve.`
  );
}

/**
 * The entitlements of a caller. The plugin config's `entitlements.resolve(principal)` decides when
 * given; by default a users-permissions user has `pro` when its `plan` field (configurable) holds a
 * pro value — or always, in an app whose users have no such field —, an admin user when it may
 * create dashboards, and an API token always (an administrator issued it).
 */
export async function entitlementsOf(strapi: Core.Strapi, principal: Principal): Promise<string[]> {
  const config = getConfig(strapi).entitlements;
  if (config.resolve) return config.resolve(principal);
  switch (principal.kind) {
    case 'user':
      if (!usersHavePlanField(strapi)) return [PRO];
      return config.proValues.includes(String(principal.record[config.userField])) ? [PRO] : [];
    case 'admin':
      return principal.can(ACTIONS.create) ? [PRO] : [];
    case 'api-token':
      return [PRO];
  }
}

export async function requireEntitlement(strapi: Core.Strapi, principal: Principal, entitlement: string) {
  if ((await entitlementsOf(strapi, principal)).includes(entitlement)) return;
  throw forbidden(`Dashboard creation requires '${entitlement}' entitlement`, {
    required_entitlement: entitlement,
    upgrade_url: getConfig(strapi).upgradeUrl,
  });
}
