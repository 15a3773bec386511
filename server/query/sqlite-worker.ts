import Database from 'better-sqlite3';
import { RowCollector } from './runners';
import { createPlanChecker } from './sqlite-plan';
import { tablePolicy, type PolicySpec } from './policy';

/**
 * Runs a SQLite datasource's queries in a child process, on a read-only connection. better-sqlite3
 * is synchronous, so a slow query can only be stopped by killing this process, which the runner
 * does when the statement timeout passes; the operating system then releases its file locks (a
 * killed worker thread would leave SQLite's in-process lock state behind and block writers).
 *
 * SQLite has no users to limit: for tile SQL, the tables a statement reads are taken from SQLite's
 * own compiled plan and checked against the datasource's allow list before it runs.
 */
const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
db.pragma('query_only = ON');
const plans = createPlanChecker(db);
// the runner starts a query's timer only once the process is up: a fork is not the query's time
process.send!({ ready: true });

/**
 * The result columns read straight from a date or datetime column (SQLite knows a column's declared
 * type through subqueries, not through expressions), each with whether it holds dates only.
 */
function datesOf(columns: { name: string; type: string | null }[]): [string, boolean][] {
  return columns.flatMap((column): [string, boolean][] => {
    const type = column.type?.toLowerCase() ?? '';
    if (type === 'date') return [[column.name, true]];
    return /^(datetime|timestamp)/.test(type) ? [[column.name, false]] : [];
  });
}

/**
 * Strapi stores datetimes in SQLite as milliseconds since 1970 (an integer): they are answered as
 * ISO 8601, as PostgreSQL and MySQL answer them. Text (or anything else) is left as it is.
 */
function asDate(value: unknown, dateOnly: boolean): unknown {
  if (typeof value !== 'number' && typeof value !== 'bigint') return value;
  const date = new Date(Number(value));
  if (Number.isNaN(date.getTime())) return value;
  return dateOnly ? date.toISOString().slice(0, 10) : date.toISOString();
}

interface Job {
  id: number;
  sql: string;
  bindings: unknown[];
  rowCap: number;
  maxBytes: number;
  /** The allow list of tile SQL; null for the plugin's own SQL. */
  policy: PolicySpec | null;
}

process.on('message', ({ id, sql, bindings, rowCap, maxBytes, policy }: Job) => {
  try {
    if (policy) {
      const allowList = tablePolicy(policy);
      plans.check(sql, bindings, (table) => allowList.allowsTable({ schema: null, table }));
    }
    const statement = db.prepare(sql);
    if (!statement.reader || !statement.readonly) throw new Error('Only read-only SELECT statements may run');
    const described = statement.columns();
    const columns = described.map((column) => column.name);
    const dates = datesOf(described);
    const collector = new RowCollector({ rowCap, maxBytes });
    for (const row of statement.iterate(...bindings) as Iterable<Record<string, unknown>>) {
      for (const [column, dateOnly] of dates) row[column] = asDate(row[column], dateOnly);
      if (!collector.add(row)) break;
    }
    const { rows, truncated_reason } = collector.result(columns);
    process.send!({ id, columns, rows, reason: truncated_reason, bytes: collector.bytes });
  } catch (error) {
    process.send!({
      id,
      error: error instanceof Error ? error.message : String(error),
      reason: (error as { reason?: string }).reason,
    });
  }
});
