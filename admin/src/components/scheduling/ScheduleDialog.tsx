import * as React from 'react';

import {
  Badge,
  Box,
  Button,
  Checkbox,
  Combobox,
  ComboboxOption,
  Field,
  Flex,
  Loader,
  Modal,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import {
  CRON_PRESETS,
  cronPreview,
  formatRunTime,
  NOTIFICATION_CHANNELS,
  presetOf,
  timezoneOptions,
  type NotificationChannel,
} from '../../utils/cronPreview';
import { dashboardPath, type ScheduleResponse } from '../../utils/dashboardActionsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { History } from './ScheduleHistory';

interface ScheduleDialogProps {
  dashboardId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** May create, change or remove the schedule; otherwise the dialog only shows it. */
  canSchedule: boolean;
}

const CUSTOM = 'custom';
const HISTORY_LIMIT = 10;

interface Form {
  enabled: boolean;
  cron: string;
  timezone: string;
  notify_on_failure: boolean;
  notification_channels: NotificationChannel[];
}

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

const NEW_FORM = (): Form => ({
  enabled: true,
  cron: CRON_PRESETS[1].cron,
  timezone: browserZone(),
  notify_on_failure: false,
  notification_channels: [],
});

/** The dashboard's refresh schedule: cron with presets and a preview, time zone, channels, history. */
export const ScheduleDialog = ({ dashboardId, open, onOpenChange, canSchedule }: ScheduleDialogProps) => {
  const { locale } = useIntl();
  const message = useT();
  const { get, post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [loaded, setLoaded] = React.useState<ScheduleResponse | null>(null);
  const [loadError, setLoadError] = React.useState(false);
  const [form, setForm] = React.useState<Form>(NEW_FORM);
  const [page, setPage] = React.useState(1);
  const [error, setError] = React.useState<string | undefined>();
  const [busy, setBusy] = React.useState<'save' | 'delete' | null>(null);
  const zones = React.useMemo(() => timezoneOptions(form.timezone), [form.timezone]);

  const load = React.useCallback(
    async (historyPage: number, resetForm: boolean) => {
      try {
        const { data } = await get<ScheduleResponse>(
          dashboardPath(dashboardId, `/schedule?page=${historyPage}&limit=${HISTORY_LIMIT}`)
        );
        setLoaded(data);
        setLoadError(false);
        if (resetForm) {
          setForm(
            data.schedule
              ? {
                  enabled: data.schedule.enabled,
                  cron: data.schedule.cron,
                  timezone: data.schedule.timezone,
                  notify_on_failure: data.schedule.notify_on_failure,
                  notification_channels: data.schedule.notification_channels,
                }
              : NEW_FORM()
          );
        }
      } catch {
        setLoadError(true);
      }
    },
    [get, dashboardId]
  );

  React.useEffect(() => {
    if (!open) {
      setLoaded(null);
      setError(undefined);
      setPage(1);
      return;
    }
    void load(1, true);
  }, [open, load]);

  const preview = cronPreview(form.cron, form.timezone, locale);
  const preset = presetOf(form.cron) ?? CUSTOM;
  const update = (changes: Partial<Form>) => {
    setForm((previous) => ({ ...previous, ...changes }));
    setError(undefined);
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!preview.valid) {
      setError(message(`schedule.cron.invalid.${preview.error}`, 'This cron expression cannot be used.'));
      return;
    }
    setBusy('save');
    try {
      await post(dashboardPath(dashboardId, '/schedule'), { ...form, cron: form.cron.trim() });
      toggleNotification({
        type: 'success',
        message: message('schedule.saved', 'The schedule has been saved.'),
      });
      await load(page, true);
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? message('schedule.error', 'The schedule could not be saved.'));
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setBusy('delete');
    try {
      await del(dashboardPath(dashboardId, '/schedule'));
      toggleNotification({
        type: 'success',
        message: message('schedule.deleted', 'The schedule has been removed.'),
      });
      await load(page, true);
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? message('schedule.error', 'The schedule could not be saved.'));
    } finally {
      setBusy(null);
    }
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
                <Field.Root name="enabled">
                  <Field.Label>{message('schedule.enabled', 'Scheduled refresh')}</Field.Label>
                  <Toggle
                    checked={form.enabled}
                    disabled={!canSchedule}
                    onLabel={message('schedule.enabled.on', 'On')}
                    offLabel={message('schedule.enabled.off', 'Paused')}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      update({ enabled: event.target.checked })
                    }
                  />
                </Field.Root>
                <Flex gap={4} alignItems="flex-start" wrap="wrap">
                  <Box style={{ minWidth: '20rem' }}>
                    <Field.Root name="preset">
                      <Field.Label>{message('schedule.preset', 'Frequency')}</Field.Label>
                      <SingleSelect
                        value={preset}
                        disabled={!canSchedule}
                        onChange={(value: string | number) => {
                          const chosen = CRON_PRESETS.find((option) => option.key === value);
                          if (chosen) update({ cron: chosen.cron });
                        }}
                      >
                        {CRON_PRESETS.map((option) => (
                          <SingleSelectOption key={option.key} value={option.key}>
                            {message(`schedule.preset.${option.key}`, option.label)}
                          </SingleSelectOption>
                        ))}
                        <SingleSelectOption value={CUSTOM}>
                          {message('schedule.preset.custom', 'Custom')}
                        </SingleSelectOption>
                      </SingleSelect>
                    </Field.Root>
                  </Box>
                  <Box style={{ minWidth: '20rem' }}>
                    <Field.Root
                      name="cron"
                      required
                      error={
                        preview.valid
                          ? undefined
                          : message(
                              `schedule.cron.invalid.${preview.error}`,
                              'This cron expression cannot be used.'
                            )
                      }
                      hint={message(
                        'schedule.cron.hint',
                        'Five fields: minute hour day-of-month month day-of-week.'
                      )}
                    >
                      <Field.Label>{message('schedule.cron', 'Cron expression')}</Field.Label>
                      <TextInput
                        value={form.cron}
                        disabled={!canSchedule}
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                          update({ cron: event.target.value })
                        }
                      />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Box>
                  <Box style={{ minWidth: '24rem' }}>
                    <Field.Root name="timezone">
                      <Field.Label>{message('schedule.timezone', 'Time zone')}</Field.Label>
                      <Combobox
                        value={form.timezone}
                        disabled={!canSchedule}
                        autocomplete={{ type: 'list', filter: 'contains' }}
                        onChange={(value?: string) => value && update({ timezone: value })}
                      >
                        {zones.map((zone) => (
                          <ComboboxOption key={zone} value={zone}>
                            {zone}
                          </ComboboxOption>
                        ))}
                      </Combobox>
                    </Field.Root>
                  </Box>
                </Flex>
                {preview.valid && (
                  <Box background="neutral100" padding={3} hasRadius data-testid="schedule-preview">
                    <Typography fontWeight="bold" tag="p" data-testid="schedule-preview-text">
                      {preview.description}
                    </Typography>
                    <Typography variant="pi" textColor="neutral600" tag="p">
                      {message('schedule.nextRuns', 'Next runs ({timezone}):', { timezone: form.timezone })}
                    </Typography>
                    <ol style={{ margin: 0, paddingInlineStart: '2rem' }}>
                      {preview.nextRuns.map((run) => (
                        <li key={run.getTime()}>
                          <Typography variant="pi">{formatRunTime(run, form.timezone, locale)}</Typography>
                        </li>
                      ))}
                    </ol>
                  </Box>
                )}
                <Flex gap={6} wrap="wrap" alignItems="center">
                  <Checkbox
                    checked={form.notify_on_failure}
                    disabled={!canSchedule}
                    onCheckedChange={(checked) => update({ notify_on_failure: checked === true })}
                  >
                    {message('schedule.notify', 'Notify on failure')}
                  </Checkbox>
                  <Typography variant="pi" textColor="neutral600">
                    {message('schedule.channels', 'Channels:')}
                  </Typography>
                  {NOTIFICATION_CHANNELS.map((channel) => (
                    <Checkbox
                      key={channel}
                      checked={form.notification_channels.includes(channel)}
                      disabled={!canSchedule}
                      onCheckedChange={(checked) =>
                        update({
                          notification_channels:
                            checked === true
                              ? [...form.notification_channels.filter((other) => other !== channel), channel]
                              : form.notification_channels.filter((other) => other !== channel),
                        })
                      }
                    >
                      {message(`schedule.channel.${channel}`, channel)}
                    </Checkbox>
                  ))}
                </Flex>
                {error && (
                  <Typography variant="pi" textColor="danger600" role="alert">
                    {error}
                  </Typography>
                )}
                <History
                  runs={loaded.history}
                  page={page}
                  totalPages={loaded.pagination.total_pages}
                  onPage={(next) => {
                    setPage(next);
                    void load(next, false);
                  }}
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
                  <Button variant="danger-light" loading={busy === 'delete'} onClick={remove}>
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
