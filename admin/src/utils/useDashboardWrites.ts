import * as React from 'react';

import type { DashboardListItem } from '../../../contracts/dashboards';
import {
  useCreateDashboardMutation,
  useDeleteDashboardMutation,
  useDuplicateDashboardMutation,
  useImportDashboardMutation,
} from '../api/dashboardsApi';

/**
 * The list page's writes through the plugin's admin API; each rejects with the API's error, and
 * each makes the lists load again (cache tags).
 */
export function useDashboardWrites() {
  const [create] = useCreateDashboardMutation();
  const [importDashboard] = useImportDashboardMutation();
  const [duplicate] = useDuplicateDashboardMutation();
  const [remove] = useDeleteDashboardMutation();

  return React.useMemo(
    () => ({
      create: (body: { name: string; description: string | null }) => create(body).unwrap(),
      importJson: (body: unknown) => importDashboard(body).unwrap(),
      /** POST /:id/duplicate: the server copies it as `<name> (copy)`. */
      duplicate: (dashboard: Pick<DashboardListItem, 'id'>) => duplicate(dashboard.id).unwrap(),
      remove: async (dashboard: DashboardListItem) => {
        await remove(dashboard.id).unwrap();
      },
    }),
    [create, importDashboard, duplicate, remove]
  );
}
