import { parentPort, workerData } from 'worker_threads';
import Database from 'better-sqlite3';

/**
 * Runs a SQLite datasource's queries off the main thread, on a read-only connection. better-sqlite3
 * is synchronous, so a slow query can only be stopped by terminating this worker, which the
 * runner does when the statement timeout passes.
 */
const db = new Database(workerData.filename, { readonly: true, fileMustExist: true });
db.pragma('query_only = ON');

interface Job {
  id: number;
  sql: string;
  bindings: unknown[];
  rowCap: number;
}

parentPort!.on('message', ({ id, sql, bindings, rowCap }: Job) => {
  try {
    const statement = db.prepare(sql);
    if (!statement.reader || !statement.readonly) throw new Error('Only read-only SELECT statements may run');
    const columns = statement.columns().map((column) => column.name);
    const rows: Record<string, unknown>[] = [];
    let truncated = false;
    for (const row of statement.iterate(...bindings) as Iterable<Record<string, unknown>>) {
      if (rows.length === rowCap) {
        truncated = true;
        break;
      }
      rows.push(row);
    }
    parentPort!.postMessage({ id, columns, rows, truncated });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
