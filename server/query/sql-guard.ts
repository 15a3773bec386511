import { Parser } from 'node-sql-parser';

/**
 * The first layer of SQL safety: a real parser for the datasource's dialect decides whether a
 * tile's SQL is one read-only SELECT over allowed tables. Anything it cannot parse is refused.
 * The read-only transaction, the statement timeout and the database's own grants are the layers
 * behind it.
 */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

// node-sql-parser's mariadb grammar refuses common column names such as `status`; its mysql grammar reads both.
const PARSER_DIALECT: Record<Dialect, string> = {
  postgres: 'postgresql',
  mysql: 'mysql',
  sqlite: 'sqlite',
};

export class SqlRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: string
  ) {
    super(message);
    this.name = 'SqlRefusedError';
  }
}

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
const CATALOG_TABLES = /^(pg_|sqlite_)/i;

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

export interface TableRef {
  schema: string | null;
  table: string;
}

export interface GuardPolicy {
  /** Whether a tile may read this table of the datasource. */
  allowsTable(ref: TableRef): boolean;
}

const parser = new Parser();

function functionName(node: any): string | null {
  const name = node.name;
  if (typeof name === 'string') return name;
  if (name?.name && Array.isArray(name.name)) return name.name.map((part: any) => part.value).join('.');
  return null;
}

/** Every node of the parsed tree, depth first. */
function* walk(node: unknown): Generator<any> {
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
  } else if (node && typeof node === 'object') {
    yield node;
    for (const child of Object.values(node)) yield* walk(child);
  }
}

function checkNode(node: any) {
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
  if (node.locking_read || node.for_update) {
    throw new SqlRefusedError('Locking reads (FOR UPDATE/SHARE) are not allowed', 'locking_read');
  }
  if (node.type === 'function' || node.type === 'aggr_func') {
    const name = functionName(node)?.toLowerCase();
    const bare = name?.split('.').pop() ?? '';
    if (name && (DENIED_FUNCTIONS.has(bare) || bare.startsWith('pg_'))) {
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
function hasOwnLimit(statement: any): boolean {
  for (let node = statement; node; node = node._next) {
    if (Array.isArray(node.limit?.value) && node.limit.value.length > 0) return true;
  }
  return false;
}

/**
 * Refuses (throws SqlRefusedError) unless `sql` is one read-only SELECT over allowed tables.
 * Answers the tables it reads and whether it ends with its own LIMIT.
 */
export function checkSql(
  sql: string,
  dialect: Dialect,
  policy: GuardPolicy
): { tables: TableRef[]; hasLimit: boolean } {
  if (sql.includes('\u0000')) throw new SqlRefusedError('The query contains a NUL character', 'invalid');
  if (/\/\*[!+M]/.test(sql)) {
    // MySQL runs the text of /*! … */ comments; no parser sees it.
    throw new SqlRefusedError('Executable comments (/*! … */) are not allowed', 'executable_comment');
  }
  let ast: any;
  let tableList: string[];
  const options = { database: PARSER_DIALECT[dialect] };
  try {
    ast = parser.astify(sql, options);
    tableList = parser.tableList(sql, options);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : '';
    throw new SqlRefusedError(`The query could not be read as one SELECT: ${detail}`, 'unparsable');
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1)
    throw new SqlRefusedError('Exactly one statement may run', 'multiple_statements');
  if (statements[0]?.type !== 'select') {
    throw new SqlRefusedError(
      `Only SELECT queries may run: found ${String(statements[0]?.type).toUpperCase()}`,
      'not_select'
    );
  }
  const cteNames = new Set<string>();
  for (const node of walk(statements[0])) {
    checkNode(node);
    if (Array.isArray(node.with)) {
      for (const cte of node.with) cteNames.add(String(cte?.name?.value ?? cte?.name).toLowerCase());
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
    if (!policy.allowsTable(ref)) {
      throw new SqlRefusedError(
        `The table ${ref.schema ? `${ref.schema}.` : ''}${ref.table} is not allowed on this datasource`,
        'table_not_allowed'
      );
    }
  }
  return { tables, hasLimit: hasOwnLimit(statements[0]) };
}
