import type { DashboardSettings } from '../../../../contracts/dashboards';

/** The interval in milliseconds, or null when the dashboard does not refresh by itself. */
export function autoRefreshDelay(settings: Partial<DashboardSettings> | null | undefined): number | null {
  const seconds = settings?.refresh_interval_seconds;
  if (!settings?.auto_refresh || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    return null;
  }
  return seconds * 1000;
}

/** Full screen refreshes at the dashboard's interval, or every 5 minutes when it has none. */
export const KIOSK_DEFAULT_SECONDS = 300;

export function kioskRefreshSeconds(settings: Partial<DashboardSettings> | null | undefined): number {
  const seconds = settings?.refresh_interval_seconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? seconds
    : KIOSK_DEFAULT_SECONDS;
}
