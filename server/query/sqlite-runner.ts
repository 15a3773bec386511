import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import type { TruncatedReason } from '../../contracts/query';
import { SqlRefusedError } from './refusal';
import { QueryTimeoutError, sorted, type QueryResult, type RunLimits, type Runner } from './runners';

/** What the SQLite worker (sqlite-worker.ts) answers a query with. */
type WorkerAnswer =
  | { id: number; error: string; reason?: string }
  | {
      id: number;
      error?: undefined;
      columns: string[];
      rows: Record<string, unknown>[];
      reason: TruncatedReason | null;
      bytes: number;
    };

/** SQLite: a child process with its own read-only connection, killed when a query outlives its timeout. */
export function sqliteRunner(filename: string): Runner {
  let child: ChildProcess | null = null;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const workerFile = path.join(__dirname, 'sqlite-worker.js');

  let ready: Promise<ChildProcess> | null = null;

  /** The running query process, once it has opened the database. */
  const started = () =>
    (ready ??= new Promise<ChildProcess>((resolve, reject) => {
      const spawned = fork(workerFile, [filename], { serialization: 'advanced', stdio: 'ignore' });
      spawned.unref();
      (spawned as unknown as { channel?: { unref(): void } }).channel?.unref();
      child = spawned;
      const failed = () => {
        child = null;
        ready = null;
        reject(new Error('The SQLite query process stopped'));
      };
      spawned.once('exit', failed);
      spawned.once('message', () => {
        spawned.removeListener('exit', failed);
        spawned.once('exit', () => {
          if (child !== spawned) return;
          child = null;
          ready = null;
        });
        resolve(spawned);
      });
    }));

  const runOne = async (sql: string, limits: RunLimits, bindings: unknown[]) => {
    const current = await started();
    const { rowCap, timeoutMs, budget, policy } = limits;
    const maxBytes = Math.min(limits.maxBytes, budget?.remaining ?? Infinity);
    return new Promise<QueryResult>((resolve, reject) => {
      const id = (nextId += 1);
      const finish = () => {
        clearTimeout(timer);
        current.removeListener('message', onMessage);
        current.removeListener('exit', onExit);
      };
      const timer = setTimeout(() => {
        finish();
        child = null;
        ready = null;
        current.kill('SIGKILL');
        reject(new QueryTimeoutError(timeoutMs));
      }, timeoutMs);
      const onMessage = (message: WorkerAnswer) => {
        if (message.id !== id) return;
        finish();
        if (message.error !== undefined) {
          reject(
            message.reason ? new SqlRefusedError(message.error, message.reason) : new Error(message.error)
          );
          return;
        }
        budget?.take(Math.min(message.bytes, budget.remaining));
        const reason: TruncatedReason | null =
          message.reason === 'bytes' && maxBytes < limits.maxBytes ? 'response_bytes' : message.reason;
        resolve({
          columns: message.columns,
          rows: message.rows,
          truncated: reason !== null,
          truncated_reason: reason,
        });
      };
      const onExit = () => {
        finish();
        child = null;
        ready = null;
        reject(new Error('The SQLite query process stopped'));
      };
      current.on('message', onMessage);
      current.once('exit', onExit);
      current.send({ id, sql, bindings, rowCap, maxBytes, policy: policy ?? null });
    });
  };

  return {
    dialect: 'sqlite',
    run(sql, bindings, limits) {
      // one query at a time per process: SQLite reads are serial anyway
      const result = queue.then(() => runOne(...sorted('sqlite', sql, limits), bindings));
      queue = result.catch(() => undefined);
      return result;
    },
    async destroy() {
      child?.kill();
      child = null;
      ready = null;
    },
  };
}
