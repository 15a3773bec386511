import { withPlayground } from './boot';

/** The demo's admin-panel login: created as Super Admin when the database has no admin user yet. */
export const DEMO_ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL ?? 'admin@dashboards.test',
  password: process.env.DEMO_ADMIN_PASSWORD ?? 'Dashboards-demo-1',
  firstname: 'Demo',
  lastname: 'Admin',
};

async function main() {
  await withPlayground(async (strapi) => {
    const admins = await strapi.db.query('admin::user').count();
    if (admins === 0) {
      const superAdmin = await strapi.service('admin::role').getSuperAdmin();
      await strapi.service('admin::user').create({ ...DEMO_ADMIN, isActive: true, roles: [superAdmin.id] });
      console.log(`Created the demo admin ${DEMO_ADMIN.email}`);
    } else {
      console.log(
        'An admin user exists already; the demo login below works if it was created by this script.'
      );
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
