import { parseOnThread, parserLoaded } from './pg-parser';
import { reservedWordRefusal, SqlRefusedError, syntaxError, tableNotAllowed } from './refusal';
import type { GuardPolicy, TableRef } from './policy';

export { loadPostgresParser } from './pg-parser';

/**
 * The text check of tile SQL on PostgreSQL datasources, with PostgreSQL's own parser (libpg-query,
 * the server's grammar compiled to WebAssembly), so the guard reads strings, comments, dollar
 * quotes and escapes exactly as the server will. The least-privilege reader role and the READ ONLY
 * transaction remain the security boundary; this gives early, friendly refusals in front of them.
 *
 * The parser runs on a worker thread with a large stack: a deeply nested statement (a long chain
 * of `+` or of UNION ALL) overflows the main thread's stack inside the WebAssembly parser, and each
 * such overflow leaks the parser's memory and degrades it until it aborts. On the worker such a
 * statement parses, or only the worker is lost (and replaced). Calls stay synchronous.
 */

/** Functions that sleep, touch files, large objects, other servers, settings, sequences, or run SQL text. */
const DENIED_FUNCTIONS = new Set([
  'lowrite',
  'loread',
  'set_config',
  'current_setting',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'txid_current',
  'query_to_xml',
  'query_to_xml_and_xmlschema',
  'query_to_xmlschema',
  'query_to_json',
  'ts_rewrite',
  'ts_stat',
  'xmlparse',
  'copy',
  // tablefunc and xml2 extensions: run a query (or read a table) named in a string
  'crosstab',
  'crosstab2',
  'crosstab3',
  'crosstab4',
  'connectby',
  'xpath_table',
  // reveal the server's identity
  'version',
  'system_user',
  'current_database',
  'current_schemas',
  'inet_server_addr',
  'inet_server_port',
  'inet_client_addr',
  'inet_client_port',
]);

/** Every function whose name starts with one of these is refused as well. */
const DENIED_PREFIXES = [
  'pg_',
  'lo_',
  'dblink',
  'table_to_xml',
  'cursor_to_xml',
  'schema_to_xml',
  'database_to_xml',
];

/** SQL-standard value keywords (parsed as SQLValueFunction) that reveal who and where the server is. */
const DENIED_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_USER: 'USER',
  SVFOP_CURRENT_CATALOG: 'CURRENT_CATALOG',
  SVFOP_CURRENT_SCHEMA: 'CURRENT_SCHEMA',
};

/** A node of the parse tree (libpg_query's JSON): its fields, read with narrowing. */
type AstNode = Record<string, unknown>;

const CATALOG_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast']);
const CATALOG_NAMES = /^pg_/i;

/** Statement types named in plain words where splitting the node's name would not say it. */
const STATEMENT_WORDS: Record<string, string | ((body: AstNode | undefined) => string)> = {
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: (body) =>
    body?.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS',
  GrantStmt: (body) => (body?.is_grant ? 'GRANT' : 'REVOKE'),
  GrantRoleStmt: (body) => (body?.is_grant ? 'GRANT' : 'REVOKE'),
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  RuleStmt: 'CREATE RULE',
  VariableSetStmt: 'SET',
  VariableShowStmt: 'SHOW',
  VacuumStmt: (body) => (body?.is_vacuumcmd ? 'VACUUM' : 'ANALYZE'),
  TransactionStmt: 'a transaction command',
};

function statementWords(type: string, body: unknown): string {
  const known = STATEMENT_WORDS[type];
  if (typeof known === 'function') return known(isObject(body) ? body : undefined);
  if (known) return known;
  return type
    .replace(/Stmt$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Friendly syntax errors

/** PostgreSQL's complaint in the shared wording; libpg-query counts characters (code points) from 0. */
function pgSyntaxError(sql: string, message: string, cursorPosition: number): SqlRefusedError {
  if (/^memory exhausted/.test(message)) {
    return new SqlRefusedError('The query is nested too deeply to read', 'unparsable');
  }
  const position = Number.isFinite(cursorPosition) ? Math.max(0, cursorPosition) : 0;
  const offset = Array.from(sql).slice(0, position).join('').length;
  // a reserved word right after AS (`FROM leads AS order`): PostgreSQL wants another name there
  const word = /^[A-Za-z_]+\b/.exec(sql.slice(offset))?.[0];
  if (word && /\bAS\s+$/i.test(sql.slice(0, offset))) return reservedWordRefusal(sql, word);
  return syntaxError(sql, /^syntax error at end of input/.test(message) ? sql.length : offset, message);
}

// ---------------------------------------------------------------------------------------------
// The walk over the parse tree

interface FoundTable extends TableRef {
  catalog: string | null;
  location: number;
}

type Scope = ReadonlySet<string>;

interface Frame {
  value: unknown;
  /** Names of the common table expressions in scope here. */
  scope: Scope;
  /** The value is a SelectStmt's fields (libpg-query stores a set operation's arms without their type). */
  select?: boolean;
}

const isObject = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of a node, when it is one. */
const fieldOf = (node: unknown, key: string): unknown => (isObject(node) ? node[key] : undefined);

/** `{ "RangeVar": { … } }`: a node stored with its type. */
function nodeType(value: AstNode): string | null {
  const keys = Object.keys(value);
  return keys.length === 1 && /^[A-Z]/.test(keys[0]) && isObject(value[keys[0]]) ? keys[0] : null;
}

function refuseField(key: string, value: unknown) {
  if (value === undefined || value === null) return;
  if (key === 'intoClause') throw new SqlRefusedError('SELECT … INTO is not allowed', 'select_into');
  if (key === 'lockingClause') {
    throw new SqlRefusedError('Locking reads (FOR UPDATE/SHARE) are not allowed', 'locking_read');
  }
}

/** Pushes a node's fields, in order (the stack pops the first one first). */
function pushFields(fields: AstNode, scope: Scope, stack: Frame[]) {
  const keys = Object.keys(fields);
  for (let index = keys.length - 1; index >= 0; index--) {
    refuseField(keys[index], fields[keys[index]]);
    stack.push({ value: fields[keys[index]], scope });
  }
}

function functionName(funcname: unknown): string {
  if (!Array.isArray(funcname)) return '';
  const parts = funcname.map((part) => (isObject(part) ? fieldOf(part.String, 'sval') : undefined));
  const last = parts[parts.length - 1];
  return typeof last === 'string' ? last : '';
}

function refuseFunction(name: string) {
  const bare = name.toLowerCase();
  if (DENIED_FUNCTIONS.has(bare) || DENIED_PREFIXES.some((prefix) => bare.startsWith(prefix))) {
    throw new SqlRefusedError(`The function ${bare}() is not allowed`, 'denied_function');
  }
}

/** A SelectStmt's fields: its WITH clause's names are in scope in it and its subqueries. */
function visitSelect(fields: AstNode, scope: Scope, stack: Frame[]) {
  let inner: Scope = scope;
  const withClause = fields.withClause;
  if (isObject(withClause)) {
    const ctes: unknown[] = Array.isArray(withClause.ctes) ? withClause.ctes : [];
    const names = ctes.map((cte) => (isObject(cte) ? fieldOf(cte.CommonTableExpr, 'ctename') : undefined));
    const named = names.filter((name): name is string => typeof name === 'string');
    inner = named.length ? new Set([...scope, ...named]) : scope;
    const recursive = withClause.recursive === true;
    for (let index = ctes.length - 1; index >= 0; index--) {
      // WITH RECURSIVE: every name of the list, including its own; otherwise only the earlier ones.
      const earlier = names.slice(0, index).filter((name): name is string => typeof name === 'string');
      const cteScope = recursive ? inner : earlier.length ? new Set([...scope, ...earlier]) : scope;
      stack.push({ value: ctes[index], scope: cteScope });
    }
    const { ctes: _ctes, ...rest } = withClause;
    pushFields(rest, scope, stack);
  }
  const keys = Object.keys(fields).filter((key) => key !== 'withClause');
  for (let index = keys.length - 1; index >= 0; index--) {
    const key = keys[index];
    refuseField(key, fields[key]);
    stack.push({ value: fields[key], scope: inner, select: key === 'larg' || key === 'rarg' });
  }
}

function visitNode(type: string, body: AstNode, scope: Scope, stack: Frame[], found: FoundTable[]) {
  switch (type) {
    case 'SelectStmt':
      visitSelect(body, scope, stack);
      return;
    case 'RangeVar':
      foundTable(body, scope, found);
      break;
    case 'FuncCall':
      refuseFunction(functionName(body.funcname));
      break;
    case 'SQLValueFunction': {
      const keyword = DENIED_VALUE_FUNCTIONS[String(body.op)];
      if (keyword) throw new SqlRefusedError(`${keyword} is not allowed`, 'denied_function');
      break;
    }
    case 'XmlExpr':
      if (body.op === 'IS_XMLPARSE') refuseFunction('xmlparse');
      break;
    case 'IntoClause':
      refuseField('intoClause', body);
      break;
    case 'LockingClause':
      refuseField('lockingClause', body);
      break;
    default:
      // INSERT/UPDATE/DELETE/MERGE in a WITH clause, or any other statement inside the query
      if (type.endsWith('Stmt')) {
        throw new SqlRefusedError(
          `Only SELECT queries may run: found ${statementWords(type, body)}`,
          'not_select'
        );
      }
  }
  pushFields(body, scope, stack);
}

function foundTable(fields: AstNode, scope: Scope, found: FoundTable[]) {
  const table = String(fields.relname);
  const schema = typeof fields.schemaname === 'string' ? fields.schemaname : null;
  const catalog = typeof fields.catalogname === 'string' ? fields.catalogname : null;
  // A common table expression in scope is not a table of the database.
  if (schema === null && catalog === null && scope.has(table)) return;
  const location = typeof fields.location === 'number' ? fields.location : Number.MAX_SAFE_INTEGER;
  found.push({ schema, table, catalog, location });
}

/** Walks every object and array of the tree (without recursion: trees may be thousands of levels deep). */
function walk(root: AstNode): FoundTable[] {
  const found: FoundTable[] = [];
  const stack: Frame[] = [{ value: root, scope: new Set() }];
  while (stack.length > 0) {
    const { value, scope, select } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], scope });
      continue;
    }
    if (!isObject(value)) continue;
    const type = nodeType(value);
    const body = type ? value[type] : undefined;
    if (type && isObject(body)) {
      visitNode(type, body, scope, stack, found);
    } else if (select || (typeof value.op === 'string' && value.op.startsWith('SETOP_'))) {
      // A SelectStmt stored without its type (a set operation's arms).
      visitSelect(value, scope, stack);
    } else if (typeof value.relname === 'string') {
      // A RangeVar stored without its type.
      foundTable(value, scope, found);
      pushFields(value, scope, stack);
    } else {
      pushFields(value, scope, stack);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

/**
 * Throws SqlRefusedError unless `sql` is exactly one read-only SELECT over allowed tables.
 * Answers the tables it reads (in order of appearance, once each) and whether the statement has
 * its own LIMIT. Requires loadPostgresParser() to have resolved.
 */
export function checkPostgresSql(
  sql: string,
  policy: GuardPolicy
): { tables: TableRef[]; hasLimit: boolean } {
  if (!parserLoaded()) throw new Error('checkPostgresSql() needs loadPostgresParser() to have resolved');
  if (typeof sql !== 'string' || sql.trim() === '') {
    throw new SqlRefusedError('The query is empty', 'unparsable');
  }
  // The parser reads C strings: it would stop at a NUL and never see the rest.
  if (sql.includes('\u0000')) throw new SqlRefusedError('The query contains a NUL character', 'invalid');
  // A comment to PostgreSQL, but MySQL runs the text of /*! … */: never let such text through.
  if (sql.includes('/*!')) {
    throw new SqlRefusedError('Executable comments (/*! … */) are not allowed', 'executable_comment');
  }

  const reply = parseOnThread(sql);
  if ('syntax' in reply) throw pgSyntaxError(sql, reply.syntax.message, reply.syntax.cursorPosition);
  if ('failure' in reply) {
    throw new SqlRefusedError('The query is too large or too deeply nested to read', 'unparsable');
  }
  const tree = JSON.parse(reply.tree);
  const stmts: unknown[] = Array.isArray(tree?.stmts) ? tree.stmts : [];
  if (stmts.length === 0) throw new SqlRefusedError('The query is empty', 'unparsable');
  if (stmts.length > 1) throw new SqlRefusedError('Exactly one statement may run', 'multiple_statements');

  const statement = isObject(stmts[0]) && isObject(stmts[0].stmt) ? stmts[0].stmt : {};
  const type = nodeType(statement);
  if (type !== 'SelectStmt') {
    throw new SqlRefusedError(
      `Only SELECT queries may run: found ${type ? statementWords(type, statement[type]) : 'nothing'}`,
      'not_select'
    );
  }
  const select = statement.SelectStmt as AstNode;

  const found = walk(statement).sort((a, b) => a.location - b.location);
  const tables: TableRef[] = [];
  const seen = new Set<string>();
  for (const ref of found) {
    const key = JSON.stringify([ref.catalog, ref.schema, ref.table]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (ref.catalog !== null) {
      throw tableNotAllowed(`${ref.catalog}${ref.schema === null ? '' : `.${ref.schema}`}`, ref.table);
    }
    const schema = ref.schema?.toLowerCase() ?? null;
    if (schema !== null && (CATALOG_SCHEMAS.has(schema) || CATALOG_NAMES.test(schema))) {
      throw new SqlRefusedError(`System catalog ${ref.schema}.${ref.table} may not be read`, 'catalog');
    }
    if (CATALOG_NAMES.test(ref.table)) {
      throw new SqlRefusedError(
        `System catalog ${ref.schema ? `${ref.schema}.` : ''}${ref.table} may not be read`,
        'catalog'
      );
    }
    const table: TableRef = { schema: ref.schema, table: ref.table };
    if (!policy.allowsTable(table)) {
      throw tableNotAllowed(ref.schema, ref.table);
    }
    tables.push(table);
  }

  return { tables, hasLimit: hasOwnLimit(select) };
}

/** Whether the statement (for a set operation, the outermost SelectStmt, which holds its LIMIT) has a LIMIT. */
function hasOwnLimit(select: AstNode): boolean {
  const count = select.limitCount;
  if (!isObject(count)) return false;
  // LIMIT ALL (and LIMIT NULL) is a constant NULL: no limit at all.
  return !(isObject(count.A_Const) && count.A_Const.isnull === true);
}
