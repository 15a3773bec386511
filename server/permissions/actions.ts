import { ANALYTICS_MODULES, PLUGIN_ID } from '../../contracts/permissions';

export {
  ACTIONS,
  ANALYTICS_MODULES,
  adminAction,
  analyticsViewAction,
  type AnalyticsModule,
} from '../../contracts/permissions';

/**
 * Every admin RBAC action the plugin registers (Settings → Roles → Plugins → Dashboards).
 * The full action name is `plugin::dashboards.<uid>`.
 */
const dashboardActions = [
  { uid: 'read', displayName: 'Read dashboards' },
  { uid: 'create', displayName: 'Create dashboards' },
  { uid: 'update', displayName: 'Update dashboards' },
  { uid: 'delete', displayName: 'Delete dashboards' },
  { uid: 'share', displayName: 'Share dashboards' },
  { uid: 'schedule', displayName: 'Schedule refreshes' },
  { uid: 'subscribe', displayName: 'Subscribe to dashboards' },
  { uid: 'alert', displayName: 'Set alerts on dashboard values' },
].map((action) => ({ ...action, subCategory: 'dashboards' }));

const queryActions = [
  { uid: 'sql.execute', displayName: 'Run SQL on datasources', subCategory: 'query engine' },
];

const analyticsActions = ANALYTICS_MODULES.map((module) => ({
  uid: `analytics.${module}.view`,
  displayName: `View ${module} analytics`,
  subCategory: 'analytics',
}));

export const SCOPE_LEVELS = ['own', 'team', 'department', 'all'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** `own` needs no action of its own; each wider scope is an action. */
const scopeActions = SCOPE_LEVELS.filter((level) => level !== 'own').map((level) => ({
  uid: `analytics.scope.${level}`,
  displayName: `Analytics scope: ${level}`,
  subCategory: 'analytics scope',
}));

const inPlugin = (actions: { uid: string; displayName: string; subCategory: string }[]) =>
  actions.map((action) => ({ ...action, section: 'plugins' as const, pluginName: PLUGIN_ID }));

export const ADMIN_ACTIONS = inPlugin([...dashboardActions, ...queryActions]);

/** Registered only where the CRM analytics can run: an app without a CRM offers no action for them. */
export const ANALYTICS_ADMIN_ACTIONS = inPlugin([...analyticsActions, ...scopeActions]);
