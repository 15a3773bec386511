import type { Pool as PgPool, PoolClient, FieldDef, QueryConfig } from 'pg';
import type { Pool as MysqlPool, PoolConnection as MysqlConnection, FieldPacket } from 'mysql2';
import type { TruncatedReason } from '../../contracts/query';
import type { Dialect } from './sql-guard';
import type { PolicySpec } from './policy';
import { SqlRefusedError } from './refusal';

type Row = Record<string, unknown>;

export interface QueryResult {
  columns: string[];
  rows: Row[];
  truncated: boolean;
  /** Why rows are missing: the row cap, the tile's byte cap or the whole response's. */
  truncated_reason?: TruncatedReason | null;
}

/** Bytes one response may still carry, shared by every tile of that response. */
export class ByteBudget {
  constructor(public remaining: number) {}
  take(bytes: number): boolean {
    if (bytes > this.remaining) return false;
    this.remaining -= bytes;
    return true;
  }
}

export interface RunLimits {
  rowCap: number;
  timeoutMs: number;
  /** The most bytes one result may hold (counted as rows arrive); beyond it the result is truncated. */
  maxBytes: number;
  /** The response's budget the result also draws from. */
  budget?: ByteBudget;
  /** The statement ends with its own LIMIT (which keeps its ORDER BY when it runs as a derived table). */
  hasLimit?: boolean;
  /** The schema (PostgreSQL) or database (MySQL) unqualified tables are read from. */
  schema?: string;
  /** Sorts the statement's result by one of its columns (a table tile's sort), in the database. */
  orderBy?: { column: string; direction: 'asc' | 'desc' };
  /** SQLite: the allow list the statement's compiled plan is checked against (null: the plugin's own SQL). */
  policy?: PolicySpec | null;
}

/** Runs one SELECT read-only (the transaction is always rolled back), within its caps and timeout. */
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

const quoteIdentifier = (dialect: Dialect, name: string) =>
  dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;

/**
 * The statement sorted by one of its result's columns (then it has no LIMIT of its own). The
 * line break keeps a trailing `--` comment of the statement from reaching the wrapper's text.
 */
export function sorted(dialect: Dialect, sql: string, limits: RunLimits): [string, RunLimits] {
  if (!limits.orderBy) return [sql, limits];
  const { column, direction } = limits.orderBy;
  const order = direction === 'asc' ? 'ASC' : 'DESC';
  return [
    `SELECT * FROM (${sql}\n) AS dashboards_sorted ORDER BY ${quoteIdentifier(dialect, column)} ${order}`,
    { ...limits, hasLimit: false },
  ];
}

/** About what a row weighs once sent as JSON. */
export function rowBytes(row: Row): number {
  let bytes = 2;
  for (const [key, value] of Object.entries(row)) {
    bytes += key.length + 4;
    if (typeof value === 'string') bytes += value.length + 2;
    else if (value === null || value === undefined) bytes += 4;
    else if (typeof value === 'number' || typeof value === 'bigint') bytes += 12;
    else if (typeof value === 'boolean') bytes += 5;
    else if (value instanceof Date) bytes += 26;
    else if (Buffer.isBuffer(value)) bytes += value.length * 2;
    else bytes += JSON.stringify(value)?.length ?? 4;
  }
  return bytes;
}

/** Keeps rows while they fit the row cap, the byte cap and the response's budget. */
export class RowCollector {
  readonly rows: Row[] = [];
  bytes = 0;
  reason: TruncatedReason | null = null;

  constructor(private readonly limits: Pick<RunLimits, 'rowCap' | 'maxBytes' | 'budget'>) {}

  /** False once the result is full (the row is then left out and the result truncated). */
  add(row: Row): boolean {
    if (this.reason) return false;
    if (this.rows.length >= this.limits.rowCap) {
      this.reason = 'rows';
      return false;
    }
    const size = rowBytes(row);
    if (this.bytes + size > this.limits.maxBytes) {
      this.reason = 'bytes';
      return false;
    }
    if (this.limits.budget && !this.limits.budget.take(size)) {
      this.reason = 'response_bytes';
      return false;
    }
    this.bytes += size;
    this.rows.push(row);
    return true;
  }

  /** How many more rows to ask for: enough to fill the byte cap at the mean row size so far. */
  nextBatch(): number {
    const left = this.limits.rowCap + 1 - this.rows.length;
    if (this.rows.length === 0) return Math.min(left, 16);
    const mean = Math.max(1, this.bytes / this.rows.length);
    const fits = Math.floor((this.limits.maxBytes - this.bytes) / mean) + 1;
    return Math.max(1, Math.min(left, fits, 1000));
  }

  result(columns: string[]): QueryResult {
    return { columns, rows: this.rows, truncated: this.reason !== null, truncated_reason: this.reason };
  }
}

/** Numbers the driver returned as text (bigint counts, decimal sums) become numbers. */
function toNumbers(rows: Row[], columns: string[]) {
  if (columns.length === 0) return;
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))
        row[column] = Number(value);
    }
  }
}

const milliseconds = (timeoutMs: number) => Math.max(1, Math.floor(timeoutMs));

// PostgreSQL type ids whose values pg hands over as strings: int8 and numeric.
const PG_NUMERIC_TYPES = new Set([20, 1700]);

/** A driver error's field (`code`, `errno`), when the error has it. */
const errorField = (error: unknown, key: string): unknown =>
  typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;

const isPgTimeout = (error: unknown) => errorField(error, 'code') === '57014';

/**
 * PostgreSQL: one READ ONLY transaction per query, always rolled back (so even a large object a
 * function creates is gone), with a statement timeout and a fixed search path. The statement runs
 * as a cursor (extended protocol: one statement only, parameters bound by the server) and rows are
 * fetched in batches sized to the byte cap, so a huge result is cut while it streams in.
 */
export function postgresRunner(pool: PgPool): Runner {
  return {
    dialect: 'postgres',
    async run(text, bindings, given) {
      const [sql, limits] = sorted('postgres', text, given);
      const deadline = Date.now() + limits.timeoutMs;
      const client: PoolClient = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(`SET LOCAL statement_timeout = ${milliseconds(limits.timeoutMs)}`);
        // the text checks read strings this way (PostgreSQL's default): the server must too
        await client.query('SET LOCAL standard_conforming_strings = on');
        if (limits.schema !== undefined) {
          await client.query(`SET LOCAL search_path TO ${quoteIdentifier('postgres', limits.schema)}`);
        }
        // pg's types do not name `queryMode`: the extended protocol runs one statement only
        const declare: QueryConfig & { queryMode: 'extended' } = {
          text: `DECLARE dashboards_rows NO SCROLL CURSOR FOR ${sql}`,
          values: bindings,
          queryMode: 'extended',
        };
        await client.query(declare);
        const collector = new RowCollector(limits);
        let fields: FieldDef[] | null = null;
        for (;;) {
          if (Date.now() > deadline) throw new QueryTimeoutError(limits.timeoutMs);
          const batch = collector.nextBatch();
          const fetched = await client.query(`FETCH ${batch} FROM dashboards_rows`);
          fields ??= fetched.fields;
          const numeric = fetched.fields.filter((field) => PG_NUMERIC_TYPES.has(field.dataTypeID));
          toNumbers(
            fetched.rows,
            numeric.map((field) => field.name)
          );
          const full = fetched.rows.some((row) => !collector.add(row));
          if (full || fetched.rows.length < batch) break;
        }
        return collector.result((fields ?? []).map((field) => field.name));
      } catch (error) {
        if (isPgTimeout(error)) throw new QueryTimeoutError(limits.timeoutMs);
        throw error;
      } finally {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        client.release(broken);
      }
    },
    destroy: () => pool.end(),
  };
}

// mysql2 column types handed over as strings: DECIMAL, NEWDECIMAL, BIGINT (when big)
const MYSQL_NUMERIC_TYPES = new Set([0, 246, 8]);

const isMysqlTimeout = (error: unknown) =>
  errorField(error, 'errno') === 3024 || // MySQL ER_QUERY_TIMEOUT
  errorField(error, 'errno') === 1969; // MariaDB ER_STATEMENT_TIMEOUT

/** The user's query as a derived table, so the cap is one more row than allowed (to tell truncation). */
const capped = (sql: string, rowCap: number) =>
  `SELECT * FROM (${sql}\n) AS dashboards_query LIMIT ${rowCap + 1}`;

/**
 * MySQL and MariaDB drop an ORDER BY inside a derived table that has no LIMIT, so a statement
 * without its own LIMIT runs as it is, capped by `sql_select_limit` instead.
 */
const cappedForMysql = (sql: string, { rowCap, hasLimit }: RunLimits) =>
  hasLimit ? { sql: capped(sql, rowCap), selectLimit: null } : { sql, selectLimit: rowCap + 1 };

const promised = <T>(call: (done: (error: unknown, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value as T))));

/**
 * MySQL/MariaDB: one READ ONLY transaction per query, always rolled back; a server-side prepared
 * statement (parameters bound by the server, one statement only) whose rows arrive as events and
 * are counted as they come. A result past the byte cap ends its connection (the server stops the
 * statement when it can no longer send), which the pool then replaces.
 */
export function mysqlRunner(pool: MysqlPool): Runner {
  let isMariaDb: Promise<boolean> | undefined;
  const query = (connection: MysqlConnection, sql: string) =>
    promised<any>((done) => connection.query(sql, done));

  return {
    dialect: 'mysql',
    async run(text, bindings, given) {
      const [ordered, limits] = sorted('mysql', text, given);
      const connection = await promised<MysqlConnection>((done) => pool.getConnection(done));
      isMariaDb ??= query(connection, 'SELECT VERSION() AS version').then((rows) =>
        /mariadb/i.test(rows[0].version)
      );
      const { sql, selectLimit } = cappedForMysql(ordered, limits);
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
      let ended = false;
      let home: string | null = null;
      try {
        await query(connection, 'START TRANSACTION READ ONLY');
        if (limits.schema !== undefined) {
          home = (await query(connection, 'SELECT DATABASE() AS name'))[0].name;
          await query(connection, `USE ${quoteIdentifier('mysql', limits.schema)}`);
        }
        // the server's own reading of the statement: one that returns no rows (HANDLER, DO, SELECT …
        // INTO, writes) never runs
        const prepared = await promised<any>((done) => connection.prepare(statement, done));
        if (!Array.isArray(prepared.columns) || prepared.columns.length === 0) {
          throw new SqlRefusedError(
            'Only SELECT queries may run: this statement returns no rows',
            'not_select'
          );
        }
        const collector = new RowCollector(limits);
        const columns = await new Promise<FieldPacket[]>((resolve, reject) => {
          let fields: FieldPacket[] = [];
          let numeric: string[] = [];
          const command = prepared.execute(bindings);
          command.on('fields', (given: FieldPacket[]) => {
            fields = given;
            numeric = given
              .filter((field) => MYSQL_NUMERIC_TYPES.has(field.columnType ?? -1))
              .map((field) => field.name);
          });
          command.on('result', (row: any) => {
            if (ended || Array.isArray(row) || !row || typeof row !== 'object' || 'affectedRows' in row)
              return;
            toNumbers([row], numeric);
            if (!collector.add(row)) {
              ended = true;
              connection.destroy();
              resolve(fields);
            }
          });
          command.on('error', (error: Error) => (ended ? undefined : reject(error)));
          command.on('end', () => resolve(fields));
        });
        return collector.result(columns.map((field) => field.name));
      } catch (error) {
        if (isMysqlTimeout(error)) throw new QueryTimeoutError(limits.timeoutMs);
        throw error;
      } finally {
        if (!ended) {
          try {
            await query(connection, 'ROLLBACK');
            // the pooled connection goes back to its own database
            if (home) await query(connection, `USE ${quoteIdentifier('mysql', home)}`);
            // the prepared statement is not kept: each tile's SQL would stay on the server
            connection.unprepare(statement);
            connection.release();
          } catch {
            connection.destroy();
          }
        }
      }
    },
    destroy: () => promised<void>((done) => pool.end(done)),
  };
}
