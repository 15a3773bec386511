import type { Core } from '@strapi/strapi';
import { getConfig } from '../config';
import { forbidden } from '../http/errors';
import { ACTIONS } from './actions';
import type { Principal } from './principal';

export const PRO = 'pro';

/**
 * The entitlements of a caller. The plugin config's `entitlements.resolve(principal)` decides when
 * given; by default a users-permissions user has `pro` when its `plan` field (configurable) holds a
 * pro value, an admin user when it may create dashboards, and an API token always (an
 * administrator issued it).
 */
export async function entitlementsOf(strapi: Core.Strapi, principal: Principal): Promise<string[]> {
  const config = getConfig(strapi).entitlements;
  if (config.resolve) return config.resolve(principal);
  switch (principal.kind) {
    case 'user':
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
