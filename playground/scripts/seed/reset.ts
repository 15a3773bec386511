import type { Core } from '@strapi/strapi';
import { DEMO_DASHBOARD_NAMES } from './dashboards';
import { modelMeta } from './metadata';
import { CRM_EMAIL_DOMAIN } from './organization';
import { CRM_UIDS, UID } from './uids';

const seededUsers = { email: { $endsWith: `@${CRM_EMAIL_DOMAIN}` } };

/** Rows that make the CRM "not empty": leads, pipelines or seeded users. */
export async function countCrmRows(strapi: Core.Strapi): Promise<number> {
  const counts = await Promise.all([
    strapi.db.query(UID.lead).count(),
    strapi.db.query(UID.pipeline).count(),
    strapi.db.query(UID.user).count({ where: seededUsers }),
  ]);
  return counts.reduce((sum, count) => sum + Number(count), 0);
}

/**
 * Deletes every CRM row, the seeded users and the demo dashboards (with their tiles). Users created
 * by other means are kept; their links to deleted teams and departments go with the teams (the link
 * tables cascade).
 */
export async function resetCrm(strapi: Core.Strapi): Promise<void> {
  const dashboards: Array<{ id: number }> = await strapi.db
    .query(UID.dashboard)
    .findMany({ where: { name: { $in: DEMO_DASHBOARD_NAMES } }, select: ['id'] });
  if (dashboards.length > 0) {
    const ids = dashboards.map(({ id }) => id);
    await strapi.db.query(UID.tile).deleteMany({ where: { dashboard: { id: { $in: ids } } } });
    await strapi.db.query(UID.dashboard).deleteMany({ where: { id: { $in: ids } } });
  }

  const knex = strapi.db.connection;
  for (const uid of [...CRM_UIDS].reverse()) {
    if (uid === UID.user) continue;
    const meta = modelMeta(strapi, uid);
    // Emptying a link table at once is much faster than letting each deleted row cascade to it.
    for (const attribute of Object.values(meta.attributes)) {
      if (attribute.joinTable) await knex(attribute.joinTable.name).del();
    }
    await knex(meta.tableName).del();
  }
  await strapi.db.query(UID.user).deleteMany({ where: seededUsers });
}
