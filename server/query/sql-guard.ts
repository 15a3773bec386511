import { Parser } from 'node-sql-parser';
import { reservedWordRefusal, SqlRefusedError, syntaxError, tableNotAllowed } from './refusal';
import type { GuardPolicy, TableRef } from './policy';
import { checkPostgresSql } from './pg-guard';

export { SqlRefusedError } from './refusal';
export type { GuardPolicy, TableRef } from './policy';

/**
 * Early, friendly errors for tile SQL: a parser for the datasource's dialect (PostgreSQL's own,
 * libpg-query, for PostgreSQL; node-sql-parser for MySQL/MariaDB and SQLite) tells the author
 * what will not run before the database is asked. It is not the boundary: the statement that runs
 * is the text as written, as a reader the database itself limits (or, on SQLite, checked on its
 * compiled plan), so a text the parser reads differently from the database still reads nothing more.
 */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

// node-sql-parser's mariadb grammar refuses common column names such as `status`; its mysql grammar reads both.
const PARSER_DIALECT: Record<Dialect, string> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
};

/** Functions that sleep, touch files, large objects, other servers, locks, sequences or settings. */
const DENIED_FUNCTIONS = new Set([
  // PostgreSQL (every pg_* function is refused as well)
  'lo_import',
  'lo_export',
  'lo_get',
  'lo_put',
  'lo_open',
  'lo_create',
  'lo_unlink',
  'lo_from_bytea',
  'dblink',
  'dblink_exec',
  'dblink_connect',
  'dblink_send_query',
  'set_config',
  'current_setting',
  'nextval',
  'setval',
  'txid_current',
  'query_to_xml',
  'query_to_json',
  'table_to_xml',
  'cursor_to_xml',
  'schema_to_xml',
  'database_to_xml',
  'xmlparse',
  'copy',
  // MySQL / MariaDB
  'sleep',
  'benchmark',
  'load_file',
  'get_lock',
  'release_lock',
  'release_all_locks',
  'is_free_lock',
  'master_pos_wait',
  'master_gtid_wait',
  'source_pos_wait',
  'sys_exec',
  'sys_eval',
  'uuid_short',
  // SQLite
  'load_extension',
  'readfile',
  'writefile',
  'edit',
  'fts3_tokenizer',
  'zeroblob',
  'randomblob',
]);

/** System catalogs: never readable from a tile. */
const CATALOG_SCHEMAS = new Set([
  'pg_catalog',
  'information_schema',
  'mysql',
  'performance_schema',
  'sys',
  'pg_toast',
]);
const CATALOG_TABLES = /^(pg_|sqlite_|pragma_)/i;

/** Statement types a read query never contains, anywhere in its tree. */
const WRITE_TYPES = new Set([
  'insert',
  'update',
  'delete',
  'replace',
  'create',
  'drop',
  'alter',
  'truncate',
  'rename',
  'grant',
  'revoke',
  'lock',
  'unlock',
  'set',
  'call',
  'exec',
  'execute',
  'load_data',
  'use',
  'transaction',
]);

const parser = new Parser();

/** A node of node-sql-parser's tree: its fields, read with narrowing. */
type AstNode = Record<string, unknown>;
const isNode = (value: unknown): value is AstNode => typeof value === 'object' && value !== null;
/** A field of a node, when it is one. */
const fieldOf = (node: unknown, key: string): unknown => (isNode(node) ? node[key] : undefined);

function functionName(node: AstNode): string | null {
  const name = node.name;
  if (typeof name === 'string') return name;
  const parts = fieldOf(name, 'name');
  if (parts && Array.isArray(parts)) return parts.map((part) => fieldOf(part, 'value')).join('.');
  return null;
}

/** Every node of the parsed tree, depth first. */
function* walk(node: unknown): Generator<AstNode> {
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
  } else if (isNode(node)) {
    yield node;
    for (const child of Object.values(node)) yield* walk(child);
  }
}

function checkNode(node: AstNode) {
  if (
    typeof node.type === 'string' &&
    WRITE_TYPES.has(node.type.toLowerCase()) &&
    (node.table || node.keyword || node.expr)
  ) {
    throw new SqlRefusedError(`Only SELECT queries may run: found ${node.type.toUpperCase()}`, 'not_select');
  }
  if (node.type === 'into' && (node.expr || node.keyword)) {
    throw new SqlRefusedError('SELECT … INTO is not allowed', 'select_into');
  }
  if (node.type === 'var' && String(node.prefix ?? '').startsWith('@@')) {
    throw new SqlRefusedError(`The server variable @@${node.name} may not be read`, 'system_variable');
  }
  if (node.locking_read || node.for_update) {
    throw new SqlRefusedError('Locking reads (FOR UPDATE/SHARE) are not allowed', 'locking_read');
  }
  if (node.type === 'function' || node.type === 'aggr_func') {
    const name = functionName(node)?.toLowerCase();
    const bare = name?.split('.').pop() ?? '';
    if (name && (DENIED_FUNCTIONS.has(bare) || bare.startsWith('pg_') || bare.startsWith('pragma_'))) {
      throw new SqlRefusedError(`The function ${bare}() is not allowed`, 'denied_function');
    }
  }
}

function parseTableRef(entry: string): TableRef {
  // node-sql-parser lists tables as "<statement>::<schema or null>::<table>"
  const [, schema, table] = entry.split('::');
  return { schema: schema === 'null' ? null : schema, table };
}

/** Whether the statement (or the last SELECT of its UNION chain, which holds the union's) ends with a LIMIT. */
function hasOwnLimit(statement: unknown): boolean {
  for (let node = statement; isNode(node); node = node._next) {
    const limit = fieldOf(node.limit, 'value');
    if (Array.isArray(limit) && limit.length > 0) return true;
  }
  return false;
}

/**
 * node-sql-parser's complaint in the author's terms: a reserved word used as an alias, or where the
 * syntax error is and the text there; never the grammar's expectations.
 */
function parserRefusal(sql: string, error: unknown, policy: GuardPolicy): SqlRefusedError {
  const { message, location } = (error ?? {}) as {
    message?: unknown;
    location?: { start?: { offset?: number } };
  };
  const reserved = /^(?:Error: )?"(.+)" is a reserved word, can not as alias clause/.exec(
    String(message ?? '')
  );
  if (reserved) return reservedWordRefusal(sql, reserved[1]);
  const offset = location?.start?.offset;
  const at = typeof offset === 'number' && offset >= 0 && offset <= sql.length ? offset : null;
  return (at !== null && tableAt(sql, at, policy)) || syntaxError(sql, at);
}

const TABLE_AFTER = /\b(?:FROM|JOIN)\s+(?:([A-Za-z_][\w$]*)\.)?([A-Za-z_][\w$]*)/gi;

/**
 * The refusal of a table the grammar stumbled on: a name after FROM or JOIN that the allow list
 * refuses, where the parser stopped (at it, or just after it). The grammar may read such a name as
 * a keyword (`lead`, a window function); the author meant a table, and this says which is wrong.
 */
function tableAt(sql: string, offset: number, policy: GuardPolicy): SqlRefusedError | null {
  for (const match of sql.matchAll(TABLE_AFTER)) {
    const [whole, schema, table] = match;
    const start = match.index + whole.length - table.length - (schema ? schema.length + 1 : 0);
    const end = match.index + whole.length;
    const stopped = offset >= start && offset <= end + (/^\s*/.exec(sql.slice(end))?.[0].length ?? 0);
    if (stopped && !policy.allowsTable({ schema: schema ?? null, table })) {
      return tableNotAllowed(schema ?? null, table);
    }
  }
  return null;
}

/**
 * MySQL reads `--` as a comment only when a space follows; node-sql-parser always does. Refusing
 * the other form keeps the author's text and the server's reading the same.
 */
const MYSQL_DOUBLE_DASH = /--(?![ \t\r\n]|$)/;

/**
 * Refuses (throws SqlRefusedError) unless `sql` is one read-only SELECT over allowed tables.
 * Answers the tables it reads and whether it ends with its own LIMIT. PostgreSQL's parser must be
 * loaded first (loadPostgresParser).
 */
export function checkSql(
  sql: string,
  dialect: Dialect,
  policy: GuardPolicy
): { tables: TableRef[]; hasLimit: boolean } {
  if (sql.trim() === '') throw new SqlRefusedError('The query is empty', 'unparsable');
  if (sql.includes('\u0000')) throw new SqlRefusedError('The query contains a NUL character', 'invalid');
  if (dialect === 'postgres') return checkPostgresSql(sql, policy);
  if (/\/\*(?:[!+]|M!)/.test(sql)) {
    // MySQL runs the text of /*! … */ comments; no parser sees it.
    throw new SqlRefusedError('Executable comments (/*! … */) are not allowed', 'executable_comment');
  }
  if (dialect === 'mysql' && MYSQL_DOUBLE_DASH.test(sql)) {
    throw new SqlRefusedError(
      'MySQL reads `--` as a comment only when a space follows it: write `-- ` for a comment or `- -` for two minus signs',
      'ambiguous_comment'
    );
  }
  if (dialect === 'sqlite' && sql.includes("\\'")) {
    // node-sql-parser reads \' as an escaped quote; SQLite ends the string there
    throw new SqlRefusedError(
      "A backslash does not escape a quote in SQLite: write '' for a quote inside a string",
      'ambiguous_string'
    );
  }
  let parsed: { ast: unknown; tableList: string[] };
  try {
    parsed = parser.parse(sql, { database: PARSER_DIALECT[dialect] });
  } catch (error) {
    throw parserRefusal(sql, error, policy);
  }
  const { ast, tableList } = parsed;
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1)
    throw new SqlRefusedError('Exactly one statement may run', 'multiple_statements');
  if (fieldOf(statements[0], 'type') !== 'select') {
    throw new SqlRefusedError(
      `Only SELECT queries may run: found ${String(fieldOf(statements[0], 'type')).toUpperCase()}`,
      'not_select'
    );
  }
  const cteNames = new Set<string>();
  for (const node of walk(statements[0])) {
    checkNode(node);
    if (Array.isArray(node.with)) {
      for (const cte of node.with) {
        const name = fieldOf(cte, 'name');
        cteNames.add(String(fieldOf(name, 'value') ?? name).toLowerCase());
      }
    }
  }

  // A common table expression's name is not a table of the database.
  const tables = tableList
    .map(parseTableRef)
    .filter((ref) => ref.schema !== null || !cteNames.has(ref.table.toLowerCase()));
  for (const entry of tableList) {
    if (!entry.toLowerCase().startsWith('select::')) {
      throw new SqlRefusedError('Only SELECT queries may run', 'not_select');
    }
  }
  for (const ref of tables) {
    if ((ref.schema && CATALOG_SCHEMAS.has(ref.schema.toLowerCase())) || CATALOG_TABLES.test(ref.table)) {
      throw new SqlRefusedError(
        `System catalog ${ref.schema ? `${ref.schema}.` : ''}${ref.table} may not be read`,
        'catalog'
      );
    }
    if (!policy.allowsTable(ref)) throw tableNotAllowed(ref.schema, ref.table);
  }
  return { tables, hasLimit: hasOwnLimit(statements[0]) };
}
