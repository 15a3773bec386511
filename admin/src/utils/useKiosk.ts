import * as React from 'react';

/** A key typed into a field, or while a dialog is open, is not a shortcut. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [role="textbox"]')) return true;
  return document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]') !== null;
}

/**
 * Full screen (kiosk) mode: F (or `enter`) shows only the tiles, Escape (or `leave`) comes back.
 * The browser's own full screen is asked for too; where it is refused (an iframe, a headless
 * browser) the page still fills the window. Leaving the browser's full screen leaves the mode.
 */
export function useKiosk(allowed: boolean) {
  const [on, setOn] = React.useState(false);

  const enter = React.useCallback(() => {
    setOn(true);
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, []);
  const leave = React.useCallback(() => {
    setOn(false);
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => undefined);
  }, []);

  React.useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && on) {
        leave();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      if ((event.key === 'f' || event.key === 'F') && !on && allowed) {
        event.preventDefault();
        enter();
      }
    };
    const onFullscreenChange = () => {
      if (!document.fullscreenElement) setOn(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreenChange);
    };
  }, [on, allowed, enter, leave]);

  return { on, enter, leave };
}

/**
 * Seconds left before the next tick, counted down once a second while `active`; at zero `onZero`
 * runs and the count starts again from `seconds`.
 */
export function useCountdown(seconds: number, onZero: () => void, active: boolean): number {
  const [left, setLeft] = React.useState(seconds);
  const zero = React.useRef(onZero);
  React.useEffect(() => {
    zero.current = onZero;
  }, [onZero]);

  React.useEffect(() => {
    if (!active) return undefined;
    let due = Date.now() + seconds * 1000;
    setLeft(seconds);
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now >= due) {
        zero.current();
        due = now + seconds * 1000;
      }
      setLeft(Math.max(0, Math.ceil((due - now) / 1000)));
    }, 1000);
    return () => window.clearInterval(timer);
  }, [seconds, active]);
  return left;
}
