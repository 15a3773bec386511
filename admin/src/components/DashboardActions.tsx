import type { Dashboard } from '../../../contracts/dashboards';

interface DashboardActionsProps {
  dashboard: Dashboard;
  /** A refresh run or a snapshot finished: the page runs its tiles again. */
  onDataChanged: () => void;
}

/** The header's refresh, snapshot, share and schedule buttons (each shown only with its permission). */
export const DashboardActions = (_props: DashboardActionsProps) => null;
