import * as React from 'react';

import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';

import type { RefreshRun } from '../../../../contracts/schedules';
import { useLazyRefreshRunQuery, useStartRefreshMutation } from '../../api/dashboardsApi';
import { apiErrorOf, serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';

const POLL_MS = 500;

interface RefreshButtonProps {
  dashboardId: string;
  /** The run finished: the page runs its tiles again. */
  onFinished: () => void;
}

/** POST /:id/refresh `{mode: 'async'}`, then the run's progress (tiles done / total) until it ends. */
export const RefreshButton = ({ dashboardId, onFinished }: RefreshButtonProps) => {
  const [startRefresh] = useStartRefreshMutation();
  const [fetchRun] = useLazyRefreshRunQuery();
  const { toggleNotification } = useNotification();
  const [run, setRun] = React.useState<RefreshRun | null>(null);
  const [starting, setStarting] = React.useState(false);
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    []
  );
  const message = useT();

  const follow = async (refreshId: string) => {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!mounted.current) return;
      let current: RefreshRun;
      try {
        current = await fetchRun({ id: dashboardId, refreshId }).unwrap();
      } catch (error) {
        toggleNotification({
          type: 'danger',
          message: serverErrorMessage(error) ?? message('refresh.error', 'The refresh could not be started.'),
        });
        return;
      }
      if (!mounted.current) return;
      setRun(current);
      if (current.status !== 'running') {
        onFinished();
        const failed = current.errors.length;
        toggleNotification({
          type:
            current.status === 'completed' ? 'success' : current.status === 'partial' ? 'warning' : 'danger',
          message:
            current.status === 'completed'
              ? message('refresh.done', 'The dashboard has been refreshed.')
              : message(
                  'refresh.partial',
                  'The refresh ended with {count, plural, one {# error} other {# errors}}.',
                  {
                    count: failed,
                  }
                ),
        });
        return;
      }
    }
  };

  const start = async () => {
    setStarting(true);
    try {
      const data = await startRefresh(dashboardId).unwrap();
      setRun(data);
      setStarting(false);
      await follow(data.refresh_id);
    } catch (error) {
      setStarting(false);
      const apiError = apiErrorOf(error);
      if (apiError?.status === 409) {
        // another refresh holds the dashboard: say so, and follow that one
        toggleNotification({
          type: 'warning',
          message:
            serverErrorMessage(error) ??
            message('refresh.conflict', 'Another refresh of this dashboard is in progress.'),
        });
        const details = apiError.details as { refresh_id?: string } | undefined;
        if (details?.refresh_id) await follow(details.refresh_id);
        return;
      }
      toggleNotification({
        type: 'danger',
        message: serverErrorMessage(error) ?? message('refresh.error', 'The refresh could not be started.'),
      });
    }
  };

  const running = starting || run?.status === 'running';
  const done = run?.progress.done ?? 0;
  const total = run?.progress.total ?? 0;
  const percent = total > 0 ? Math.round((done / total) * 100) : running ? 0 : 100;
  return (
    <Flex gap={2} alignItems="center">
      {run && (
        <Flex
          direction="column"
          alignItems="stretch"
          gap={1}
          data-testid="refresh-progress"
          data-status={run.status}
          aria-live="polite"
        >
          <Typography variant="pi" textColor={run.status === 'failed' ? 'danger600' : 'neutral600'}>
            {running
              ? message('refresh.progress', 'Refreshing: {done} / {total} tiles', { done, total })
              : message('refresh.finished', '{status}: {done} / {total} tiles', {
                  done,
                  total,
                  status: message(`refresh.status.${run.status}`, run.status),
                })}
          </Typography>
          <Box
            role="progressbar"
            aria-label={message('refresh.progressLabel', 'Refresh progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            background="neutral200"
            hasRadius
            height="0.4rem"
            overflow="hidden"
          >
            <Box
              background={run.status === 'failed' ? 'danger600' : 'primary600'}
              height="100%"
              style={{ width: `${percent}%`, transition: 'width 0.3s ease' }}
            />
          </Box>
        </Flex>
      )}
      <Button variant="secondary" startIcon={<ArrowClockwise />} loading={running} onClick={start}>
        {message('refresh.button', 'Refresh')}
      </Button>
    </Flex>
  );
};
