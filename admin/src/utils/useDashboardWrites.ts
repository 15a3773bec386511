import * as React from 'react';

import type { DashboardListItem } from '../../../contracts/dashboards';
import {
  useCreateDashboardMutation,
  useDeleteDashboardMutation,
  useImportDashboardMutation,
  useLazyExportDashboardQuery,
} from '../api/dashboardsApi';

const NAME_MAX = 255;

/** The name a duplicate gets: `<name> (copy)`, kept within the server's 255 characters. */
export const copyName = (name: string): string => {
  const suffix = ' (copy)';
  return `${name.slice(0, NAME_MAX - suffix.length)}${suffix}`;
};

/**
 * The list page's writes through the plugin's admin API; each rejects with the API's error, and
 * each makes the lists load again (cache tags).
 */
export function useDashboardWrites() {
  const [create] = useCreateDashboardMutation();
  const [importDashboard] = useImportDashboardMutation();
  const [exportDashboard] = useLazyExportDashboardQuery();
  const [remove] = useDeleteDashboardMutation();

  return React.useMemo(
    () => ({
      create: (body: { name: string; description: string | null }) => create(body).unwrap(),
      importJson: (body: unknown) => importDashboard(body).unwrap(),
      /** Export then import under the name `<name> (copy)`. */
      duplicate: async (dashboard: DashboardListItem) => {
        const exported = await exportDashboard(dashboard.id).unwrap();
        const body = { ...exported, dashboard: { ...exported.dashboard, name: copyName(dashboard.name) } };
        return importDashboard(body).unwrap();
      },
      remove: async (dashboard: DashboardListItem) => {
        await remove(dashboard.id).unwrap();
      },
    }),
    [create, importDashboard, exportDashboard, remove]
  );
}
