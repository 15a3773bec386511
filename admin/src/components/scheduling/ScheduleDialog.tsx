import * as React from 'react';

import { Badge, Button, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import {
  useDeleteScheduleMutation,
  useGetScheduleQuery,
  useSaveScheduleMutation,
} from '../../api/dashboardsApi';
import { cronPreview, formatRunTime } from '../../utils/cronPreview';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { ScheduleFields } from './ScheduleFields';
import { formOf, newForm, type ScheduleForm } from './scheduleForm';
import { History } from './ScheduleHistory';

interface ScheduleDialogProps {
  dashboardId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** May create, change or remove the schedule; otherwise the dialog only shows it. */
  canSchedule: boolean;
}

const HISTORY_LIMIT = 10;

/** The dashboard's refresh schedule: cron with presets and a preview, time zone, channels, history. */
export const ScheduleDialog = ({ dashboardId, open, onOpenChange, canSchedule }: ScheduleDialogProps) => {
  const { locale } = useIntl();
  const message = useT();
  const { toggleNotification } = useNotification();
  const [form, setForm] = React.useState<ScheduleForm>(newForm);
  const [page, setPage] = React.useState(1);
  const [error, setError] = React.useState<string | undefined>();
  const [busy, setBusy] = React.useState<'save' | 'delete' | null>(null);
  /**
   * The form takes the server's schedule from the first answer received after this time: on
   * opening, after a save or a removal (null: it keeps what is typed, as when paging the history).
   */
  const [resetAfter, setResetAfter] = React.useState<number | null>(0);
  const {
    data: loaded,
    isError: loadError,
    isFetching,
    fulfilledTimeStamp,
  } = useGetScheduleQuery({ id: dashboardId, page, limit: HISTORY_LIMIT }, { skip: !open });
  const [saveSchedule] = useSaveScheduleMutation();
  const [deleteSchedule] = useDeleteScheduleMutation();

  React.useEffect(() => {
    if (open) return;
    setResetAfter(0);
    setError(undefined);
    setPage(1);
  }, [open]);

  // set while rendering, so the fields never show the previous form (the time zone box keeps the
  // value it is first given)
  if (resetAfter !== null && loaded && !isFetching && (fulfilledTimeStamp ?? 0) > resetAfter) {
    setResetAfter(null);
    setForm(formOf(loaded.schedule));
  }

  const preview = cronPreview(form.cron, form.timezone, locale);
  const update = (changes: Partial<ScheduleForm>) => {
    setForm((previous) => ({ ...previous, ...changes }));
    setError(undefined);
  };

  /** Saves or removes the schedule; the dialog then loads it again (the `Schedule` cache tag). */
  const write = async (kind: 'save' | 'delete') => {
    setBusy(kind);
    const sent = Date.now();
    try {
      if (kind === 'save') {
        await saveSchedule({ id: dashboardId, body: { ...form, cron: form.cron.trim() } }).unwrap();
      } else {
        await deleteSchedule(dashboardId).unwrap();
      }
      setResetAfter(sent);
      toggleNotification({
        type: 'success',
        message:
          kind === 'save'
            ? message('schedule.saved', 'The schedule has been saved.')
            : message('schedule.deleted', 'The schedule has been removed.'),
      });
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? message('schedule.error', 'The schedule could not be saved.'));
    } finally {
      setBusy(null);
    }
  };

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (!preview.valid) {
      setError(message(`schedule.cron.invalid.${preview.error}`, 'This cron expression cannot be used.'));
      return;
    }
    void write('save');
  };

  const time = (value: string | null, zone: string) => (value ? formatRunTime(value, zone, locale) : '—');
  const schedule = loaded?.schedule ?? null;

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content style={{ maxWidth: '110rem' }}>
        <form noValidate onSubmit={save} data-testid="schedule-dialog">
          <Modal.Header>
            <Modal.Title>{message('schedule.title', 'Refresh schedule')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            {loadError ? (
              <Typography textColor="danger600">
                {message('schedule.loadError', 'The schedule could not be loaded. Please try again.')}
              </Typography>
            ) : !loaded ? (
              <Loader small>{message('schedule.loading', 'Loading the schedule.')}</Loader>
            ) : (
              <Flex direction="column" alignItems="stretch" gap={5}>
                {!schedule && (
                  <Flex gap={4} wrap="wrap" data-testid="schedule-none">
                    <Badge>{message('schedule.status.none', 'No schedule')}</Badge>
                    <Typography variant="pi">
                      {message(
                        'schedule.none.hint',
                        'This dashboard refreshes only when someone opens it. Save a rule to refresh it on a schedule.'
                      )}
                    </Typography>
                  </Flex>
                )}
                {schedule && (
                  <Flex gap={4} wrap="wrap" data-testid="schedule-status">
                    <Badge active={schedule.status === 'active'}>
                      {message(`schedule.status.${schedule.status}`, schedule.status)}
                    </Badge>
                    <Typography variant="pi">
                      {message('schedule.nextRun', 'Next run: {time}', {
                        time: time(schedule.next_run, schedule.timezone),
                      })}
                    </Typography>
                    <Typography variant="pi">
                      {message('schedule.lastRun', 'Last run: {time}', {
                        time: time(schedule.last_run, schedule.timezone),
                      })}
                    </Typography>
                  </Flex>
                )}
                <ScheduleFields form={form} preview={preview} canSchedule={canSchedule} update={update} />
                {error && (
                  <Typography variant="pi" textColor="danger600" role="alert">
                    {error}
                  </Typography>
                )}
                <History
                  runs={loaded.history}
                  page={page}
                  totalPages={loaded.pagination.total_pages}
                  onPage={setPage}
                  time={(value) => time(value, schedule?.timezone ?? 'UTC')}
                  message={message}
                />
              </Flex>
            )}
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{message('schedule.close', 'Close')}</Button>
            </Modal.Close>
            {canSchedule && loaded && (
              <Flex gap={2}>
                {schedule && (
                  <Button variant="danger-light" loading={busy === 'delete'} onClick={() => write('delete')}>
                    {message('schedule.delete', 'Remove schedule')}
                  </Button>
                )}
                <Button type="submit" loading={busy === 'save'}>
                  {message('schedule.save', 'Save schedule')}
                </Button>
              </Flex>
            )}
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
