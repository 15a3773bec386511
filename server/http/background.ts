/**
 * Work a service starts and does not wait for (a refresh run, a scheduled fire, a snapshot refresh):
 * tracked until it settles, so `idle()` resolves once everything started so far has ended.
 */
export function backgroundWork() {
  const running = new Set<Promise<unknown>>();
  return {
    /** Tracks `work`; answers it unchanged. */
    track<T>(work: Promise<T>): Promise<T> {
      const tracked = work.finally(() => running.delete(tracked));
      // a rejection is the caller's to handle; the tracked copy must not be an unhandled one
      tracked.catch(() => undefined);
      running.add(tracked);
      return work;
    },
    idle: () => Promise.allSettled([...running]).then(() => undefined),
  };
}
