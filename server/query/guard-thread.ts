import path from 'path';
import { Worker } from 'worker_threads';
import { SqlRefusedError } from './refusal';
import type { TablePolicy, TableRef } from './policy';
import type { Dialect } from './sql-guard';

export interface CheckedSql {
  tables: TableRef[];
  hasLimit: boolean;
}

/**
 * The SQL text checks, run on a worker thread: parsing a long statement never stalls the server,
 * and one that takes longer than `timeoutMs` ends the thread and is refused as too complex.
 */
export function createGuardThread({ timeoutMs }: { timeoutMs: number }) {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<
    number,
    {
      thread: Worker;
      /** The check's own time starts when the thread takes it up (not while it loads or queues). */
      start: () => void;
      resolve: (value: CheckedSql) => void;
      reject: (error: Error) => void;
    }
  >();

  /** Fails the checks a thread still owed (when it ended): never those of the thread after it. */
  const failAll = (thread: Worker, error: Error) => {
    for (const [id, job] of pending) {
      if (job.thread !== thread) continue;
      pending.delete(id);
      job.reject(error);
    }
  };

  function started(): Worker {
    if (worker) return worker;
    const spawned = new Worker(path.join(__dirname, 'guard-worker.js'));
    spawned.unref();
    spawned.on('message', ({ id, started, result, error }) => {
      const job = pending.get(id);
      if (!job) return;
      if (started) {
        job.start();
        return;
      }
      pending.delete(id);
      if (error) job.reject(new SqlRefusedError(error.message, error.reason));
      else job.resolve(result);
    });
    spawned.on('error', (error) => failAll(spawned, error));
    spawned.on('exit', () => {
      if (worker === spawned) worker = null;
      failAll(spawned, new SqlRefusedError('The query could not be checked', 'unparsable'));
    });
    worker = spawned;
    return spawned;
  }

  return {
    check(sql: string, dialect: Dialect, policy: TablePolicy): Promise<CheckedSql> {
      const id = (nextId += 1);
      const current = started();
      return new Promise<CheckedSql>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const start = () => {
          timer = setTimeout(() => {
            pending.delete(id);
            reject(
              new SqlRefusedError(
                `The query is too complex to check within ${timeoutMs} ms: make it shorter`,
                'too_complex'
              )
            );
            // a parse that runs away is only stopped with its thread (checks queued behind it fail with it)
            if (worker === current) worker = null;
            void current.terminate();
          }, timeoutMs);
        };
        pending.set(id, {
          thread: current,
          start,
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        current.postMessage({ id, sql, dialect, spec: policy.spec });
      });
    },
    async destroy() {
      const current = worker;
      worker = null;
      await current?.terminate();
    },
  };
}

export type GuardThread = ReturnType<typeof createGuardThread>;
