import Database from 'better-sqlite3';

/**
 * Runs a SQLite datasource's queries in a child process, on a read-only connection. better-sqlite3
 * is synchronous, so a slow query can only be stopped by killing this process, which the runner
 * does when the statement timeout passes; the operating system then releases its file locks (a
 * killed worker thread would leave SQLite's in-process lock state behind and block writers).
 */
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
db.pragma('query_only = ON');
// the runner starts a query's timer only once the process is up: a fork is not the query's time
process.send!({ ready: true });

interface Job {
  id: number;
  sql: string;
  bindings: unknown[];
  rowCap: number;
}

process.on('message', ({ id, sql, bindings, rowCap }: Job) => {
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
    process.send!({ id, columns, rows, truncated });
  } catch (error) {
    process.send!({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
