import * as React from 'react';

import { Button, Flex } from '@strapi/design-system';
import {
  Bell,
  Clock,
  ClockCounterClockwise,
  Download,
  Duplicate,
  Image,
  Link as LinkIcon,
} from '@strapi/icons';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';

import type { Dashboard } from '../../../contracts/dashboards';
import { useLazyExportDashboardQuery } from '../api/dashboardsApi';
import type { Theme } from '../charts';
import { downloadPng, fileSlug, pngFileName, saveFile } from '../charts/png';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { serverErrorMessage } from '../utils/serverError';
import { useDashboardWrites } from '../utils/useDashboardWrites';
import { useT } from '../utils/translations';
import { RefreshButton } from './scheduling/RefreshButton';
import { SnapshotButton } from './sharing/SnapshotButton';

/** The dialogs are chunks of their own, loaded when first opened (viewing a dashboard needs neither). */
const ShareDialog = React.lazy(() =>
  import('./sharing/ShareDialog').then(({ ShareDialog: Component }) => ({ default: Component }))
);
const ScheduleDialog = React.lazy(() =>
  import('./scheduling/ScheduleDialog').then(({ ScheduleDialog: Component }) => ({ default: Component }))
);
const HistoryDialog = React.lazy(() =>
  import('./history/HistoryDialog').then(({ HistoryDialog: Component }) => ({ default: Component }))
);

const SubscriptionsDialog = React.lazy(() =>
  import('./subscriptions/SubscriptionsDialog').then(({ SubscriptionsDialog: Component }) => ({
    default: Component,
  }))
);

type DialogName = 'share' | 'schedule' | 'history' | 'subscriptions';

interface DashboardActionsProps {
  dashboard: Dashboard;
  /** A refresh run finished or a revision was restored: the page loads the dashboard and runs its tiles again. */
  onDataChanged: () => void;
  theme: Theme;
}

const ACTION_PERMISSIONS = {
  create: PERMISSIONS.create,
  update: PERMISSIONS.update,
  share: PERMISSIONS.share,
  schedule: PERMISSIONS.schedule,
  subscribe: PERMISSIONS.subscribe,
  alert: PERMISSIONS.alert,
};

/** Hands `text` to the browser as a downloaded `.json` file named after the dashboard. */
function downloadJson(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  saveFile(url, `${fileSlug(name, 'dashboard')}.json`);
  URL.revokeObjectURL(url);
}

/**
 * The header's refresh, snapshot, share, schedule, export, history and duplicate buttons (each shown only
 * with its permission).
 */
export const DashboardActions = ({ dashboard, onDataChanged, theme }: DashboardActionsProps) => {
  const { isLoading, allowedActions } = useRBAC(ACTION_PERMISSIONS);
  const [dialog, setDialog] = React.useState<DialogName | null>(null);
  // a dialog is mounted from its first opening on (closing it then animates, as before)
  const [opened, setOpened] = React.useState<Partial<Record<DialogName, true>>>({});
  const openDialog = (which: DialogName) => {
    setOpened((current) => ({ ...current, [which]: true }));
    setDialog(which);
  };
  const [busy, setBusy] = React.useState<'export' | 'png' | 'duplicate' | null>(null);
  const [exportDashboard] = useLazyExportDashboardQuery();
  const writes = useDashboardWrites();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const message = useT();
  if (isLoading) return null;

  const fail = (error: unknown, key: string, defaultMessage: string) =>
    toggleNotification({
      type: 'danger',
      message: serverErrorMessage(error) ?? message(key, defaultMessage),
    });

  /** GET /:id/export, saved as `<name>.json` (what import reads back). */
  const exportJson = async () => {
    setBusy('export');
    try {
      const exported = await exportDashboard(dashboard.id).unwrap();
      downloadJson(dashboard.name, `${JSON.stringify(exported, null, 2)}\n`);
    } catch (error) {
      fail(error, 'dashboard.export.error', 'The dashboard could not be exported.');
    } finally {
      setBusy(null);
    }
  };

  /** The whole grid as the page shows it, as `<name>-<day>.png`. */
  const exportPng = async () => {
    const grid = document.querySelector<HTMLElement>('[data-testid="dashboard-grid"]');
    if (!grid) return;
    setBusy('png');
    try {
      await downloadPng(grid, pngFileName(dashboard.name));
    } catch (error) {
      fail(error, 'dashboard.png.error', 'The image could not be made.');
    } finally {
      setBusy(null);
    }
  };

  /** POST /:id/duplicate, then the copy's page. */
  const duplicate = async () => {
    setBusy('duplicate');
    try {
      const copy = await writes.duplicate(dashboard);
      toggleNotification({
        type: 'success',
        message: message('dashboard.duplicate.success', '“{name}” has been created.', { name: copy.name }),
      });
      navigate(`/plugins/${PLUGIN_ID}/${copy.id}`);
    } catch (error) {
      fail(error, 'dashboard.duplicate.error', 'The dashboard could not be duplicated.');
    } finally {
      setBusy(null);
    }
  };

  // the admin role's action and the caller's role on this dashboard (the server checks both)
  const canUpdate = allowedActions.canUpdate && dashboard.permissions.can_edit;
  const canShare = allowedActions.canShare && dashboard.permissions.can_share;
  const canSchedule = allowedActions.canSchedule && dashboard.permissions.can_edit;
  const kinds = [
    ...(allowedActions.canSubscribe ? (['digest'] as const) : []),
    ...(allowedActions.canAlert ? (['alert'] as const) : []),
  ];

  return (
    <Flex gap={2} data-testid="dashboard-actions">
      {canUpdate && <RefreshButton dashboardId={dashboard.id} onFinished={onDataChanged} />}
      <SnapshotButton dashboardId={dashboard.id} />
      {canShare && (
        <Button variant="secondary" startIcon={<LinkIcon />} onClick={() => openDialog('share')}>
          {message('share.button', 'Share')}
        </Button>
      )}
      <Button variant="secondary" startIcon={<Clock />} onClick={() => openDialog('schedule')}>
        {message('schedule.button', 'Schedule')}
      </Button>
      <Button
        variant="secondary"
        startIcon={<Download />}
        loading={busy === 'export'}
        onClick={() => void exportJson()}
      >
        {message('dashboard.export', 'Export JSON')}
      </Button>
      {dashboard.tiles.length > 0 && (
        <Button
          variant="secondary"
          startIcon={<Image />}
          loading={busy === 'png'}
          onClick={() => void exportPng()}
        >
          {message('dashboard.png', 'Download PNG')}
        </Button>
      )}
      {kinds.length > 0 && (
        <Button variant="secondary" startIcon={<Bell />} onClick={() => openDialog('subscriptions')}>
          {message('subscriptions.button', 'Subscribe')}
        </Button>
      )}
      {canUpdate && (
        <Button
          variant="secondary"
          startIcon={<ClockCounterClockwise />}
          onClick={() => openDialog('history')}
        >
          {message('history.button', 'History')}
        </Button>
      )}
      {allowedActions.canCreate && (
        <Button
          variant="secondary"
          startIcon={<Duplicate />}
          loading={busy === 'duplicate'}
          onClick={() => void duplicate()}
        >
          {message('dashboard.duplicate', 'Duplicate')}
        </Button>
      )}
      <React.Suspense fallback={null}>
        {canShare && opened.share && (
          <ShareDialog
            dashboard={dashboard}
            canUpdate={canUpdate}
            open={dialog === 'share'}
            onOpenChange={(open) => setDialog(open ? 'share' : null)}
          />
        )}
        {opened.schedule && (
          <ScheduleDialog
            dashboardId={dashboard.id}
            canSchedule={canSchedule}
            open={dialog === 'schedule'}
            onOpenChange={(open) => setDialog(open ? 'schedule' : null)}
          />
        )}
        {opened.subscriptions && (
          <SubscriptionsDialog
            dashboard={dashboard}
            kinds={kinds}
            open={dialog === 'subscriptions'}
            onOpenChange={(open) => setDialog(open ? 'subscriptions' : null)}
          />
        )}
        {canUpdate && opened.history && (
          <HistoryDialog
            dashboard={dashboard}
            open={dialog === 'history'}
            onOpenChange={(open) => setDialog(open ? 'history' : null)}
            theme={theme}
            onRestored={onDataChanged}
          />
        )}
      </React.Suspense>
    </Flex>
  );
};
