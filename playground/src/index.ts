import type { Core } from '@strapi/strapi';
import { SALES_ROLES, SALES_ROLE_ACTIONS } from './sales-roles';

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

async function ensureSalesRoles(strapi: Core.Strapi) {
  for (const role of SALES_ROLES) {
    const existing = await strapi.db.query(ROLE_UID).findOne({ where: { type: role.type } });
    if (existing) continue;
    const created = await strapi.db.query(ROLE_UID).create({ data: { ...role } });
    for (const action of SALES_ROLE_ACTIONS) {
      await strapi.db.query(PERMISSION_UID).create({ data: { action, role: created.id } });
    }
  }
}

export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureSalesRoles(strapi);
  },
};
