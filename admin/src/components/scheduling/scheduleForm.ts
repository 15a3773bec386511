import type { Schedule, ScheduleBody } from '../../../../contracts/schedules';
import { CRON_PRESETS } from '../../utils/cronPreview';

/** The schedule dialog's form: what POST /:id/schedule takes. */
export type ScheduleForm = ScheduleBody;

/** The preset select's choice for a rule that is none of the presets. */
export const CUSTOM = 'custom';

const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

/** A new schedule: every 6 hours in the browser's time zone. */
export const newForm = (): ScheduleForm => ({
  enabled: true,
  cron: CRON_PRESETS[1].cron,
  timezone: browserZone(),
  notify_on_failure: false,
  notification_channels: [],
});

/** The form of the saved schedule, or of a new one when there is none. */
export const formOf = (schedule: Schedule | null): ScheduleForm =>
  schedule
    ? {
        enabled: schedule.enabled,
        cron: schedule.cron,
        timezone: schedule.timezone,
        notify_on_failure: schedule.notify_on_failure,
        notification_channels: schedule.notification_channels,
      }
    : newForm();
