import { Button, Flex, Td, Tr, Typography } from '@strapi/design-system';

import type { RefreshRun } from '../../../../contracts/schedules';
import { DataTable } from '../DataTable';

export interface HistoryProps {
  runs: RefreshRun[];
  page: number;
  totalPages: number;
  onPage: (page: number) => void;
  time: (value: string | null) => string;
  message: (key: string, defaultMessage: string, values?: Record<string, string | number>) => string;
}

/** The refresh runs, newest first: scheduled and manual alike. */
export const History = ({ runs, page, totalPages, onPage, time, message }: HistoryProps) => (
  <Flex direction="column" alignItems="stretch" gap={2}>
    <Typography variant="delta" tag="h3">
      {message('schedule.history', 'Run history')}
    </Typography>
    <DataTable
      labels={[
        message('schedule.history.started', 'Started'),
        message('schedule.history.trigger', 'Trigger'),
        message('schedule.history.status', 'Status'),
        message('schedule.history.tiles', 'Tiles'),
        message('schedule.history.duration', 'Duration'),
        message('schedule.history.errors', 'Errors'),
      ]}
      rows={runs}
      empty={message('schedule.history.empty', 'No refresh has run yet.')}
      data-testid="schedule-history"
      renderRow={(run) => (
        <Tr key={run.refresh_id} data-run-status={run.status}>
          <Td>
            <Typography>{time(run.started_at)}</Typography>
          </Td>
          <Td>
            <Typography>
              {message(`schedule.trigger.${run.trigger_type}`, run.trigger_type ?? '—')}
            </Typography>
          </Td>
          <Td>
            <Typography>{message(`refresh.status.${run.status}`, run.status)}</Typography>
          </Td>
          <Td>
            <Typography>{`${run.progress.done} / ${run.progress.total}`}</Typography>
          </Td>
          <Td>
            <Typography>
              {run.duration_seconds === null
                ? '—'
                : message('schedule.history.seconds', '{seconds} s', { seconds: run.duration_seconds })}
            </Typography>
          </Td>
          <Td style={{ maxWidth: '24rem' }}>
            <Typography
              ellipsis
              title={run.errors.map((failure) => `${failure.title ?? ''}: ${failure.error}`).join('\n')}
            >
              {run.errors.length === 0
                ? '—'
                : run.errors
                    .map((failure) => `${failure.title ?? failure.widget_id ?? ''}: ${failure.error}`)
                    .join('; ')}
            </Typography>
          </Td>
        </Tr>
      )}
    />
    {totalPages > 1 && (
      <Flex gap={2} justifyContent="flex-end">
        <Button variant="tertiary" size="S" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {message('schedule.history.previous', 'Previous')}
        </Button>
        <Typography variant="pi">
          {message('schedule.history.page', 'Page {page} of {total}', { page, total: totalPages })}
        </Typography>
        <Button variant="tertiary" size="S" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
          {message('schedule.history.next', 'Next')}
        </Button>
      </Flex>
    )}
  </Flex>
);
