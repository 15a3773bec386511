import * as React from 'react';

import {
  Box,
  Checkbox,
  Combobox,
  ComboboxOption,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';

import {
  CRON_PRESETS,
  formatRunTime,
  NOTIFICATION_CHANNELS,
  presetOf,
  timezoneOptions,
  type CronPreview,
} from '../../utils/cronPreview';
import { useT } from '../../utils/translations';
import { CUSTOM, type ScheduleForm } from './scheduleForm';

interface ScheduleFieldsProps {
  form: ScheduleForm;
  preview: CronPreview;
  /** May change the schedule; otherwise the fields only show it. */
  canSchedule: boolean;
  update: (changes: Partial<ScheduleForm>) => void;
}

/** The schedule's fields: on/off, frequency preset, cron rule, time zone, the rule's preview, channels. */
export const ScheduleFields = ({ form, preview, canSchedule, update }: ScheduleFieldsProps) => {
  const { locale } = useIntl();
  const message = useT();
  const zones = React.useMemo(() => timezoneOptions(form.timezone), [form.timezone]);
  // the box's text is controlled: left to itself it keeps the text of the first form it shows
  const [zoneText, setZoneText] = React.useState(form.timezone);
  React.useEffect(() => setZoneText(form.timezone), [form.timezone]);
  const preset = presetOf(form.cron) ?? CUSTOM;

  return (
    <>
      <Field.Root name="enabled">
        <Field.Label>{message('schedule.enabled', 'Scheduled refresh')}</Field.Label>
        <Toggle
          checked={form.enabled}
          disabled={!canSchedule}
          onLabel={message('schedule.enabled.on', 'On')}
          offLabel={message('schedule.enabled.off', 'Paused')}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => update({ enabled: event.target.checked })}
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
                : message(`schedule.cron.invalid.${preview.error}`, 'This cron expression cannot be used.')
            }
            hint={message('schedule.cron.hint', 'Five fields: minute hour day-of-month month day-of-week.')}
          >
            <Field.Label>{message('schedule.cron', 'Cron expression')}</Field.Label>
            <TextInput
              value={form.cron}
              disabled={!canSchedule}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => update({ cron: event.target.value })}
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
              textValue={zoneText}
              onTextValueChange={setZoneText}
              disabled={!canSchedule}
              autocomplete={{ type: 'list', filter: 'contains' }}
              onChange={(value?: string) => {
                if (value) {
                  update({ timezone: value });
                  setZoneText(value);
                }
              }}
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
    </>
  );
};
