/**
 * Runs tasks with at most `max` of them at once, the others waiting in the order they were given
 * (the tile requests of a dashboard page: the tiles at the top are asked for first). A task is told
 * whether it had to wait (it may find it is no longer needed).
 */
export function concurrencyLimit(max: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: (waited: boolean) => Promise<T>): Promise<T> {
    const waited = running >= max;
    if (!waited) running += 1;
    // a waiting task is handed the slot of the one that finishes: `running` stays as it is
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task(waited);
    } finally {
      const handOver = waiting.shift();
      if (handOver) handOver();
      else running -= 1;
    }
  };
}
