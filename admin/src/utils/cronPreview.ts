import { Cron } from 'croner';
import cronstrue from 'cronstrue/i18n';
import { isTimezone, NOTIFICATION_CHANNELS, type NotificationChannel } from '../../../contracts/schedules';

export { isTimezone, NOTIFICATION_CHANNELS, type NotificationChannel };

/** Common cron expressions, offered as presets in the schedule dialog. */
export const CRON_PRESETS = [
  { key: 'hourly', cron: '0 */1 * * *', label: 'Every hour' },
  { key: 'every6Hours', cron: '0 */6 * * *', label: 'Every 6 hours' },
  { key: 'weekdays9', cron: '0 9 * * 1-5', label: '9 AM weekdays' },
  { key: 'daily', cron: '0 0 * * *', label: 'Daily at midnight' },
  { key: 'weeklySunday', cron: '0 0 * * 0', label: 'Weekly on Sunday' },
] as const;
export type CronPresetKey = (typeof CRON_PRESETS)[number]['key'];

export type CronPreview =
  | { valid: true; description: string; nextRuns: Date[] }
  | { valid: false; error: 'fields' | 'syntax' | 'timezone' | 'never' };

/** The spaces of a rule collapsed, as the server trims it. */
export const normaliseCron = (cron: string): string => cron.trim().split(/\s+/).join(' ');

/** The preset a rule is, or null for a custom rule. */
export const presetOf = (cron: string): CronPresetKey | null =>
  CRON_PRESETS.find((preset) => preset.cron === normaliseCron(cron))?.key ?? null;

/** cronstrue's language for a react-intl locale: `fr-FR` → `fr`, anything unknown → `en`. */
const cronstrueLocale = (locale: string): string => (locale.toLowerCase().startsWith('fr') ? 'fr' : 'en');

/**
 * A 5-field rule read aloud in `locale` with its next `count` fires in `timezone`, or why it cannot
 * be used: not 5 fields, a syntax croner refuses, an unknown zone, or a rule that never fires.
 */
export function cronPreview(
  cron: string,
  timezone: string,
  locale: string,
  { count = 5, from = new Date() }: { count?: number; from?: Date } = {}
): CronPreview {
  const rule = normaliseCron(cron);
  if (rule.split(' ').length !== 5) return { valid: false, error: 'fields' };
  if (!isTimezone(timezone)) return { valid: false, error: 'timezone' };
  let nextRuns: Date[];
  try {
    nextRuns = new Cron(rule, { timezone, paused: true, mode: '5-part' }).nextRuns(count, from);
  } catch {
    return { valid: false, error: 'syntax' };
  }
  if (nextRuns.length === 0) return { valid: false, error: 'never' };
  let description: string;
  try {
    description = cronstrue.toString(rule, {
      locale: cronstrueLocale(locale),
      use24HourTimeFormat: cronstrueLocale(locale) === 'fr',
      throwExceptionOnParseError: true,
    });
  } catch {
    return { valid: false, error: 'syntax' };
  }
  return { valid: true, description, nextRuns };
}

/** A fire time as a reader in `timezone` sees it, e.g. `Mon, Jan 15, 2025, 6:00 PM EST`. */
export const formatRunTime = (date: Date | string, timezone: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: isTimezone(timezone) ? timezone : 'UTC',
    timeZoneName: 'short',
  }).format(typeof date === 'string' ? new Date(date) : date);

/** The browser's IANA zones, UTC first; a zone the schedule already names is kept even if unknown here. */
export function timezoneOptions(current?: string): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  const all = ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
  return current && !all.includes(current) ? [current, ...all] : all;
}
