import { PLUGIN_ID } from '../pluginId';

/** The analytics scopes an admin may be granted, widest first. */
export const SCOPE_PERMISSIONS = (['all', 'department', 'team'] as const).map((scope) => ({
  action: `plugin::${PLUGIN_ID}.analytics.scope.${scope}`,
  subject: null,
}));

/** What the widget reads: the leads module's analytics (the stats endpoint). */
export const KPI_PERMISSIONS = [{ action: `plugin::${PLUGIN_ID}.analytics.leads.view`, subject: null }];
