/** The plugin's id: `strapi.name` in package.json, the `plugin::dashboards.*` action prefix and the admin URL. */
export const PLUGIN_ID = 'dashboards';

/** An admin RBAC action of the plugin by its uid. */
export const adminAction = (uid: string) => `plugin::${PLUGIN_ID}.${uid}`;

/** The admin RBAC actions of dashboards and the query engine (Settings → Roles → Plugins → Dashboards). */
export const ACTIONS = {
  read: adminAction('read'),
  create: adminAction('create'),
  update: adminAction('update'),
  delete: adminAction('delete'),
  share: adminAction('share'),
  schedule: adminAction('schedule'),
  subscribe: adminAction('subscribe'),
  alert: adminAction('alert'),
  sqlExecute: adminAction('sql.execute'),
} as const;

export const ANALYTICS_MODULES = ['leads', 'opportunities', 'activities', 'tasks', 'targets'] as const;
export type AnalyticsModule = (typeof ANALYTICS_MODULES)[number];

/** The admin action that shows one CRM analytics module. */
export const analyticsViewAction = (module: AnalyticsModule) => adminAction(`analytics.${module}.view`);
