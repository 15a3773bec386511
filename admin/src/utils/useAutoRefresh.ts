import type { DashboardSettings } from '../../../contracts/dashboards';

/** Calls `onTick` every `refresh_interval_seconds` while `settings.auto_refresh` is on and `active` is true. */
export function useAutoRefresh(_settings: DashboardSettings, _onTick: () => void, _active: boolean): void {}
