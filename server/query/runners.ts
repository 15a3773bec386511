import path from 'path';
import { fork, type ChildProcess } from 'child_process';
import type { Knex } from 'knex';
import type { Dialect } from './sql-guard';

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

export interface RunLimits {
  rowCap: number;
  timeoutMs: number;
  /** The statement ends with its own LIMIT (which keeps its ORDER BY when it runs as a derived table). */
  hasLimit?: boolean;
  /** The schema (PostgreSQL) or database (MySQL) unqualified tables are read from. */
  schema?: string;
  /** Sorts the statement's result by one of its columns (a table tile's sort), in the database. */
  orderBy?: { column: string; direction: 'asc' | 'desc' };
}

const quoteIdentifier = (dialect: Dialect, name: string) =>
  dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;

/** The statement sorted by one of its result's columns (then it has no LIMIT of its own). */
function sorted(dialect: Dialect, sql: string, limits: RunLimits): [string, RunLimits] {
  if (!limits.orderBy) return [sql, limits];
  const { column, direction } = limits.orderBy;
  const order = direction === 'asc' ? 'ASC' : 'DESC';
  return [
    `SELECT * FROM (${sql}) AS dashboards_sorted ORDER BY ${quoteIdentifier(dialect, column)} ${order}`,
    { ...limits, hasLimit: false },
  ];
}

/** Runs one already-checked SELECT read-only, within a row cap and a statement timeout. */
export interface Runner {
  dialect: Dialect;
  run(sql: string, bindings: unknown[], limits: RunLimits): Promise<QueryResult>;
  destroy(): Promise<void>;
}

export class QueryTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`The query ran longer than the ${timeoutMs} ms statement timeout`);
    this.name = 'QueryTimeoutError';
  }
}

// PostgreSQL type ids whose values pg hands over as strings: int8 and numeric.
const PG_NUMERIC_TYPES = new Set([20, 1700]);
// mysql2 column types handed over as strings: DECIMAL, NEWDECIMAL, BIGINT (when big)
const MYSQL_NUMERIC_TYPES = new Set([0, 246, 8]);

/** Numbers the driver returned as text (bigint counts, decimal sums) become numbers when exact enough. */
function toNumbers(rows: Record<string, unknown>[], columns: string[]) {
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))
        row[column] = Number(value);
    }
  }
}

/** The user's query as a derived table, so the cap is one more row than allowed (to tell truncation). */
const capped = (sql: string, rowCap: number) =>
  `SELECT * FROM (${sql}) AS dashboards_query LIMIT ${rowCap + 1}`;

/**
 * MySQL and MariaDB drop an ORDER BY inside a derived table that has no LIMIT, so a statement
 * without its own LIMIT runs as it is, capped by `sql_select_limit` instead.
 */
const cappedForMysql = (sql: string, { rowCap, hasLimit }: RunLimits) =>
  hasLimit ? { sql: capped(sql, rowCap), selectLimit: null } : { sql, selectLimit: rowCap + 1 };

function shape(rows: Record<string, unknown>[], columns: string[], rowCap: number): QueryResult {
  return { columns, rows: rows.slice(0, rowCap), truncated: rows.length > rowCap };
}

const isTimeout = (error: any) =>
  error?.code === '57014' || // PostgreSQL query_canceled
  error?.errno === 3024 || // MySQL ER_QUERY_TIMEOUT
  error?.errno === 1969; // MariaDB ER_STATEMENT_TIMEOUT

interface DriverResult {
  rows: Record<string, unknown>[];
  fields: { name: string }[];
  /** The names of the columns the driver returned as text although they hold numbers. */
  numeric: string[];
}

/**
 * PostgreSQL and MySQL/MariaDB alike: one read-only transaction per query; the dialect's
 * `execute` sets the statement timeout and the row cap its own way and returns the driver's rows and fields.
 */
function knexRunner(
  dialect: 'postgres' | 'mysql',
  knex: Knex,
  ownsConnection: boolean,
  execute: (
    trx: Knex.Transaction,
    sql: string,
    bindings: unknown[],
    limits: RunLimits
  ) => Promise<DriverResult>
): Runner {
  return {
    dialect,
    async run(text, bindings, given) {
      const [sql, limits] = sorted(dialect, text, given);
      try {
        return await knex.transaction(
          async (trx) => {
            const { rows, fields, numeric } = await execute(trx, sql, bindings, limits);
            toNumbers(rows, numeric);
            return shape(
              rows,
              fields.map((field) => field.name),
              limits.rowCap
            );
          },
          { readOnly: true }
        );
      } catch (error) {
        if (isTimeout(error)) throw new QueryTimeoutError(limits.timeoutMs);
        throw error;
      }
    },
    destroy: async () => {
      if (ownsConnection) await knex.destroy();
    },
  };
}

const milliseconds = (timeoutMs: number) => Math.max(1, Math.floor(timeoutMs));

export const postgresRunner = (knex: Knex, ownsConnection: boolean) =>
  knexRunner('postgres', knex, ownsConnection, async (trx, sql, bindings, { timeoutMs, rowCap, schema }) => {
    await trx.raw(`SET LOCAL statement_timeout = ${milliseconds(timeoutMs)}`);
    if (schema !== undefined) await trx.raw('SET LOCAL search_path TO ??', [schema]);
    const result = await trx.raw(capped(sql, rowCap), bindings as Knex.RawBinding[]);
    const fields: { name: string; dataTypeID: number }[] = result.fields;
    return {
      rows: result.rows,
      fields,
      numeric: fields.filter((field) => PG_NUMERIC_TYPES.has(field.dataTypeID)).map((field) => field.name),
    };
  });

export function mysqlRunner(knex: Knex, ownsConnection: boolean) {
  let isMariaDb: Promise<boolean> | undefined;
  return knexRunner('mysql', knex, ownsConnection, async (trx, text, bindings, limits) => {
    isMariaDb ??= trx
      .raw('SELECT VERSION() AS version')
      .then(([rows]: any) => /mariadb/i.test(rows[0].version));
    const { sql, selectLimit } = cappedForMysql(text, limits);
    const timeoutMs = milliseconds(limits.timeoutMs);
    let statement: string;
    if (await isMariaDb) {
      const settings = [`max_statement_time = ${timeoutMs / 1000}`];
      if (selectLimit !== null) settings.push(`sql_select_limit = ${selectLimit}`);
      statement = `SET STATEMENT ${settings.join(', ')} FOR ${sql}`;
    } else {
      const hints = [`MAX_EXECUTION_TIME(${timeoutMs})`];
      if (selectLimit !== null) hints.push(`SET_VAR(sql_select_limit = ${selectLimit})`);
      statement = sql.replace(/^\s*SELECT/i, `SELECT /*+ ${hints.join(' ')} */`);
    }
    // The pooled connection goes back to its own database afterwards.
    const home =
      limits.schema === undefined
        ? undefined
        : ((await trx.raw('SELECT DATABASE() AS name'))[0][0].name as string);
    if (limits.schema !== undefined) await trx.raw('USE ??', [limits.schema]);
    type MysqlResult = [Record<string, unknown>[], { name: string; columnType: number }[]];
    let result: MysqlResult;
    try {
      result = (await trx.raw(statement, bindings as Knex.RawBinding[])) as MysqlResult;
    } finally {
      if (home) await trx.raw('USE ??', [home]);
    }
    const [rows, fields] = result;
    return {
      rows,
      fields,
      numeric: fields.filter((field) => MYSQL_NUMERIC_TYPES.has(field.columnType)).map((field) => field.name),
    };
  });
}

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

  const runOne = async (sql: string, { rowCap, timeoutMs }: RunLimits, bindings: unknown[]) => {
    const current = await started();
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
      const onMessage = (message: any) => {
        if (message.id !== id) return;
        finish();
        if (message.error) reject(new Error(message.error));
        else resolve({ columns: message.columns, rows: message.rows, truncated: message.truncated });
      };
      const onExit = () => {
        finish();
        child = null;
        ready = null;
        reject(new Error('The SQLite query process stopped'));
      };
      current.on('message', onMessage);
      current.once('exit', onExit);
      current.send({ id, sql, bindings, rowCap });
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
