import * as React from 'react';

import { Button, Flex } from '@strapi/design-system';
import { Clock, Link as LinkIcon } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';

import type { Dashboard } from '../../../contracts/dashboards';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils/translations';
import { RefreshButton } from './scheduling/RefreshButton';
import { ScheduleDialog } from './scheduling/ScheduleDialog';
import { ShareDialog } from './sharing/ShareDialog';
import { SnapshotButton } from './sharing/SnapshotButton';

interface DashboardActionsProps {
  dashboard: Dashboard;
  /** A refresh run finished: the page loads the dashboard and runs its tiles again. */
  onDataChanged: () => void;
}

const ACTION_PERMISSIONS = {
  update: PERMISSIONS.update,
  share: PERMISSIONS.share,
  schedule: PERMISSIONS.schedule,
};

/** The header's refresh, snapshot, share and schedule buttons (each shown only with its permission). */
export const DashboardActions = ({ dashboard, onDataChanged }: DashboardActionsProps) => {
  const { isLoading, allowedActions } = useRBAC(ACTION_PERMISSIONS);
  const [dialog, setDialog] = React.useState<'share' | 'schedule' | null>(null);
  const message = useT();
  if (isLoading) return null;

  // the admin role's action and the caller's role on this dashboard (the server checks both)
  const canUpdate = allowedActions.canUpdate && dashboard.permissions.can_edit;
  const canShare = allowedActions.canShare && dashboard.permissions.can_share;
  const canSchedule = allowedActions.canSchedule && dashboard.permissions.can_edit;

  return (
    <Flex gap={2} data-testid="dashboard-actions">
      {canUpdate && <RefreshButton dashboardId={dashboard.id} onFinished={onDataChanged} />}
      <SnapshotButton dashboardId={dashboard.id} />
      {canShare && (
        <Button variant="secondary" startIcon={<LinkIcon />} onClick={() => setDialog('share')}>
          {message('share.button', 'Share')}
        </Button>
      )}
      <Button variant="secondary" startIcon={<Clock />} onClick={() => setDialog('schedule')}>
        {message('schedule.button', 'Schedule')}
      </Button>
      {canShare && (
        <ShareDialog
          dashboard={dashboard}
          canUpdate={canUpdate}
          open={dialog === 'share'}
          onOpenChange={(open) => setDialog(open ? 'share' : null)}
        />
      )}
      <ScheduleDialog
        dashboardId={dashboard.id}
        canSchedule={canSchedule}
        open={dialog === 'schedule'}
        onOpenChange={(open) => setDialog(open ? 'schedule' : null)}
      />
    </Flex>
  );
};
