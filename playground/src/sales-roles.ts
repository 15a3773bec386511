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

/** Content-API actions every sales role gets when the role is first created (admins may change them later). */
export const SALES_ROLE_ACTIONS = ['plugin::dashboards.dashboard.find'];
