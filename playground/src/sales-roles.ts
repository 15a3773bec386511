/**
 * The four users-permissions roles of the playground CRM and the widest analytics scope each
 * may use. The plugin's default `crm.roleScopes` config reads the same role types.
 */
export const SALES_ROLES = [
  { type: 'sales-rep', name: 'Sales rep', description: 'Sees their own records (scope own)' },
  { type: 'team-lead', name: 'Team lead', description: "Sees their teams' records (scope team)" },
  {
    type: 'sales-manager',
    name: 'Sales manager',
    description: "Sees their department's records (scope department)",
  },
  { type: 'director', name: 'Director', description: 'Sees every record (scope all)' },
] as const;

const ANALYTICS = [
  'stats',
  'lead-pipeline',
  'opportunity-pipeline',
  'revenue-trend',
  'lead-sources',
  'conversion-funnel',
  'top-performers',
  'activities-summary',
  'tasks-summary',
  'recent-activities',
  'upcoming-tasks',
  'sla-compliance',
  'target-progress',
  'lead-aging',
  'win-loss-analysis',
  'deal-velocity',
  'score-card',
  'funnel-chart',
];
const CRM = ['lead', 'opportunity', 'activity', 'task', 'target', 'stage', 'pipeline', 'team', 'department'];

/**
 * Content-API actions every sales role gets when the role is first created (admins may change
 * them later): read dashboards and their data, the CRM analytics (each role within its scope),
 * and read the CRM content types (for content-type tiles).
 */
export const SALES_ROLE_ACTIONS = [
  ...['find', 'findOne', 'data', 'tileData', 'tileCsv', 'export'].map(
    (action) => `plugin::dashboards.dashboard.${action}`
  ),
  ...ANALYTICS.map((name) => `plugin::dashboards.analytics.${name}`),
  ...CRM.map((name) => `api::${name}.${name}.find`),
];
