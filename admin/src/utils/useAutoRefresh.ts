import * as React from 'react';

import type { DashboardSettings } from '../../../contracts/dashboards';
import { autoRefreshDelay } from '../components/filters/refresh';

/**
 * Calls `onTick` every `refresh_interval_seconds` while `settings.auto_refresh` is on and `active`
 * is true (ticks falling while the browser tab is hidden are skipped).
 */
export function useAutoRefresh(settings: DashboardSettings, onTick: () => void, active: boolean): void {
  const tick = React.useRef(onTick);
  React.useEffect(() => {
    tick.current = onTick;
  }, [onTick]);
  const delay = autoRefreshDelay(settings);

  React.useEffect(() => {
    if (!active || delay === null) return undefined;
    const timer = window.setInterval(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      tick.current();
    }, delay);
    return () => window.clearInterval(timer);
  }, [active, delay]);
}
