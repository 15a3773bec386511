import type Database from 'better-sqlite3';
// the same class sql-guard re-exports, without loading the SQL parsers into the SQLite worker
import { SqlRefusedError, syntaxError, tableNotAllowed } from './refusal';
import {
  DENIED_FUNCTIONS,
  READ_STATEMENTS,
  OTHER_STATEMENTS,
  BTREE_OPENS,
  SCRATCH_OPENS,
  CURSOR_WRITES,
  FUNCTION_CALLS,
  HARMLESS,
  NOT_READ_ONLY,
  OPFLAG_P2ISREG,
} from './sqlite-opcodes';

/**
 * The security boundary for tile SQL on a SQLite datasource.
 *
 * SQLite has no database users or grants, so nothing inside the database stops a read-only
 * connection from reading `admin_users`. A parser of our own can be fooled by views, CTE names,
 * quoting, table-valued functions and dialect corners. SQLite's compiler cannot: `EXPLAIN <sql>`
 * lists the bytecode program SQLite would run, and every b-tree a statement reads has to be opened
 * by an instruction naming its root page (OpenRead / ReopenIdx, p2 = root page, p3 = database).
 * Mapping those root pages through `sqlite_schema` gives the tables the statement really touches,
 * after views are expanded and indexes chosen. The checker therefore:
 *
 *  - refuses anything that does not start with SELECT / WITH / VALUES before SQLite sees it at
 *    all: some PRAGMAs take effect while they are compiled (verified: preparing
 *    `EXPLAIN PRAGMA query_only = OFF` turns query_only off), so no other statement is prepared;
 *  - compiles `EXPLAIN <sql>` with the real bindings (better-sqlite3 refuses to run it with
 *    unbound parameters, and with STAT4 the plan may depend on the bound values);
 *  - walks the program against an allow list of opcodes: anything that writes, changes the
 *    schema, touches another database (temp or attached), opens a virtual table other than
 *    json_each / json_tree, calls a denied function, or is an opcode this file does not know
 *    is refused (fail closed on a newer SQLite);
 *  - maps every root page opened to its table (an index counts as its table) and asks the
 *    caller's allow list about each.
 *
 * Cost per check: one prepare of `EXPLAIN <sql>` (whose `readonly` flag, that of the statement
 * explained, is a second opinion on writes), the listing, and two one-row `PRAGMA schema_version`
 * reads; the schema map is cached per schema version. About 0.1 ms for a one-table query and
 * 0.2 ms for a 200-instruction join with window functions (better-sqlite3 12, SQLite 3.53).
 */

interface ExplainRow {
  addr: number;
  opcode: string;
  p1: number;
  p2: number;
  p3: number;
  p4: string | number | null;
  p5: number;
}

type ExplainTuple = [number, string, number, number, number, string | number | null, number, unknown];

type CursorKind = 'btree' | 'scratch' | 'vtab' | 'mixed';

function cursorKind(opcode: string): CursorKind | null {
  if (BTREE_OPENS.has(opcode)) return 'btree';
  if (SCRATCH_OPENS.has(opcode)) return 'scratch';
  if (opcode === 'VOpen') return 'vtab';
  return null;
}

/** The reasons a refusal can carry, most serious first: the most serious one found is reported. */
const PRIORITY = [
  'not_select',
  'unsupported',
  'catalog',
  'virtual_table',
  'denied_function',
  'table_not_allowed',
] as const;
type PlanReason = (typeof PRIORITY)[number];

const CATALOG_MESSAGE = (name: string) =>
  `\`${name}\` is not a table this datasource allows (it is SQLite's own catalog of the database)`;

const OTHER_DATABASE_MESSAGE =
  "Only the datasource's own tables may be read, not temporary or attached databases";

/**
 * The first word of `sql` as SQLite's tokenizer sees it: after white space (SQLite's: space, tab,
 * newline, form feed, carriage return) and comments (`-- …` to the end of the line, `/* … *\/`
 * or to the end of the text). Empty when there is nothing else.
 */
function firstWord(sql: string): string {
  let i = 0;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) {
      i += 1;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i + 2);
      if (end < 0) return '';
      i = end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return '';
      i = end + 2;
    } else {
      break;
    }
  }
  // an identifier-shaped token, so that `SELECT1` is one word, as it is for SQLite
  const word = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(sql.slice(i, i + 64));
  return word ? word[0].toLowerCase() : sql.slice(i, i + 1);
}

/** A plain-words refusal for an error better-sqlite3 raised while compiling the statement. */
function compileRefusal(error: unknown, sql: string): SqlRefusedError {
  // better-sqlite3's errors may come from another realm (a worker, jest's sandbox): no instanceof
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  if (/more than one statement/i.test(message)) {
    return new SqlRefusedError('Only one statement may run at a time', 'multiple_statements');
  }
  const near = /^near "([^"]*)": syntax error$/.exec(message);
  // SQLite names the text, not its place: the shared wording without the line
  if (near) return syntaxError(sql, null, '', near[1]);
  if (/^incomplete input$/.test(message)) return syntaxError(sql, sql.length);
  const missing = /^no such table: (.+)$/.exec(message);
  if (missing) {
    // the same answer as for an existing table that is not allowed: a tile cannot probe names
    return tableNotAllowed(null, missing[1].slice(0, 80));
  }
  // what is left reads plainly already ("no such column: x", "wrong number of arguments to …")
  return new SqlRefusedError(`The query could not be prepared: ${message.slice(0, 200)}`, 'unparsable');
}

/** `name(nArg)` → `name`, lower case. */
function functionName(p4: ExplainRow['p4']): string | null {
  if (typeof p4 !== 'string') return null;
  const match = /^(.*)\(-?\d+\)$/.exec(p4);
  return match ? match[1].toLowerCase() : null;
}

/** The `vtab:…` pointer of the first VOpen in `sql`'s program. */
function vtabPointer(db: Database.Database, sql: string): string {
  const rows = db.prepare(`EXPLAIN ${sql}`).all() as ExplainRow[];
  const open = rows.find((row) => row.opcode === 'VOpen');
  if (!open || typeof open.p4 !== 'string' || !open.p4.startsWith('vtab:')) {
    throw new Error(`SQLite plan checker: could not calibrate on ${sql}`);
  }
  return open.p4;
}

/** Built once per connection (it calibrates on that connection). */
export function createPlanChecker(db: Database.Database): {
  /** Throws SqlRefusedError unless `sql` (with `bindings`, `?` placeholders) only reads allowed tables. Returns the tables it reads (table names, not index names), sorted, unique. */
  check(sql: string, bindings: unknown[], allows: (table: string) => boolean): { tables: string[] };
} {
  const schemaVersion = db.prepare('PRAGMA schema_version').pluck();
  const schemaRows = db.prepare('SELECT type, name, tbl_name, rootpage FROM main.sqlite_schema');
  let schema: { version: number; tableOfRoot: Map<number, string> } | null = null;

  /*
   * A VOpen shows its sqlite3_vtab as `vtab:<pointer>`. Eponymous virtual tables (json_each,
   * json_tree, pragma_*, dbstat) have one instance per connection and module, created on first
   * use and freed only when the connection closes or a module of the same name is registered
   * again (sqlite3VtabEponymousTableClear), which nothing does on these connections. Verified with
   * better-sqlite3 12 / SQLite 3.53: the pointer is the same across statements, after other
   * statements ran, after another connection changed the schema and after a VACUUM; json_each,
   * json_tree, each pragma function and dbstat each have their own; a second connection has
   * others. As both instances stay alive, no other virtual table can ever get their address.
   */
  const eponymousJson = new Set([
    vtabPointer(db, "SELECT * FROM json_each('[]')"),
    vtabPointer(db, "SELECT * FROM json_tree('[]')"),
  ]);
  if (eponymousJson.size !== 2)
    throw new Error('SQLite plan checker: json_each and json_tree share a pointer');

  const currentVersion = () => Number(schemaVersion.get());

  /** The table of each root page in the main database, as of schema version `version`. */
  function tablesByRoot(version: number): Map<number, string> | null {
    if (schema?.version === version) return schema.tableOfRoot;
    const rows = schemaRows.all() as { type: string; name: string; tbl_name: string; rootpage: number }[];
    if (currentVersion() !== version) return null;
    const tableOfRoot = new Map<number, string>();
    for (const row of rows) {
      if ((row.type === 'table' || row.type === 'index') && row.rootpage > 0) {
        tableOfRoot.set(Number(row.rootpage), row.tbl_name);
      }
    }
    schema = { version, tableOfRoot };
    return tableOfRoot;
  }

  /** The program of `EXPLAIN sql` and the schema it was compiled against. */
  function compile(sql: string, bindings: unknown[]) {
    // Read the version first: a read transaction notices a schema change from another connection
    // and reloads; if the version is the same after compiling, the program and map agree.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = currentVersion();
      const tableOfRoot = tablesByRoot(before);
      if (!tableOfRoot) continue;
      let explain: Database.Statement;
      try {
        explain = db.prepare(`EXPLAIN ${sql}`);
      } catch (error) {
        throw compileRefusal(error, sql);
      }
      // an EXPLAIN statement's `readonly` is that of the statement it explains (sqlite3_stmt_readonly)
      if (!explain.readonly) {
        throw new SqlRefusedError(
          'Only read-only SELECT queries may run: this one would change data',
          'not_select'
        );
      }
      const columns = explain.columns().map((column) => column.name);
      if (columns.join(',') !== 'addr,opcode,p1,p2,p3,p4,p5,comment') {
        throw new SqlRefusedError('Only SELECT queries may run', 'not_select');
      }
      let program: ExplainRow[];
      try {
        // rows as arrays: about twice as fast as objects for a long program
        program = (explain.raw(true).all(...bindings) as ExplainTuple[]).map(
          ([addr, opcode, p1, p2, p3, p4, p5]) => ({ addr, opcode, p1, p2, p3, p4, p5 })
        );
      } catch (error) {
        const detail = String((error as { message?: unknown } | null)?.message ?? error);
        throw new SqlRefusedError(
          `The values given do not fit the query's ? placeholders: ${detail}`,
          'invalid'
        );
      }
      if (currentVersion() === before) return { program, tableOfRoot };
    }
    throw new SqlRefusedError(
      'The database schema changed while the query was checked: run it again',
      'unparsable'
    );
  }

  function check(sql: string, bindings: unknown[], allows: (table: string) => boolean): { tables: string[] } {
    if (typeof sql !== 'string') throw new SqlRefusedError('The query is not text', 'unparsable');
    if (!Array.isArray(bindings)) throw new SqlRefusedError('The query values must be a list', 'invalid');
    if (sql.includes('\u0000')) throw new SqlRefusedError('The query contains a NUL character', 'invalid');

    const word = firstWord(sql);
    if (!READ_STATEMENTS.has(word)) {
      if (word === '') throw new SqlRefusedError('The query is empty', 'unparsable');
      if (OTHER_STATEMENTS.has(word)) {
        throw new SqlRefusedError(`Only SELECT queries may run: this is ${word.toUpperCase()}`, 'not_select');
      }
      throw new SqlRefusedError(
        `The query could not be read as SQL: it should start with SELECT or WITH, not "${word.slice(0, 40)}"`,
        'unparsable'
      );
    }

    const { program, tableOfRoot } = compile(sql, bindings);

    // What each cursor number is opened on; one opened on two kinds of storage is never scratch.
    const cursors = new Map<number, CursorKind>();
    for (const op of program) {
      const kind = cursorKind(op.opcode);
      if (kind === null) continue;
      const prior = cursors.get(op.p1);
      cursors.set(op.p1, prior === undefined || prior === kind ? kind : 'mixed');
    }

    const refusals = new Map<PlanReason, string>();
    const refuse = (reason: PlanReason, message: string) => {
      if (!refusals.has(reason)) refusals.set(reason, message);
    };
    const tables = new Set<string>();

    for (const op of program) {
      const { opcode } = op;
      if (HARMLESS.has(opcode) || SCRATCH_OPENS.has(opcode)) continue;
      if (opcode === 'Transaction') {
        if (op.p2 !== 0)
          refuse('not_select', 'Only read-only SELECT queries may run: this one would change data');
        if (op.p1 !== 0) refuse('table_not_allowed', OTHER_DATABASE_MESSAGE);
      } else if (BTREE_OPENS.has(opcode)) {
        if (op.p5 & OPFLAG_P2ISREG) {
          refuse('unsupported', 'The query uses a feature of SQLite that cannot be checked here');
        } else if (op.p2 === 1) {
          refuse('catalog', CATALOG_MESSAGE(op.p3 === 1 ? 'sqlite_temp_schema' : 'sqlite_schema'));
        } else if (op.p3 !== 0) {
          refuse('table_not_allowed', OTHER_DATABASE_MESSAGE);
        } else {
          const table = tableOfRoot.get(op.p2);
          if (table === undefined) {
            refuse('table_not_allowed', 'The query reads something that is not a table of this datasource');
          } else if (/^sqlite_/i.test(table)) {
            refuse('catalog', CATALOG_MESSAGE(table));
          } else {
            tables.add(table);
          }
        }
      } else if (opcode === 'VOpen') {
        if (typeof op.p4 !== 'string' || !eponymousJson.has(op.p4)) {
          refuse(
            'virtual_table',
            'Virtual tables such as pragma functions, full-text indexes and dbstat may not be read here'
          );
        }
      } else if (FUNCTION_CALLS.has(opcode)) {
        const name = functionName(op.p4);
        if (name === null)
          refuse('unsupported', 'The query uses a feature of SQLite that cannot be checked here');
        else if (DENIED_FUNCTIONS.has(name))
          refuse('denied_function', `The function ${name}() is not allowed`);
      } else if (CURSOR_WRITES.has(opcode)) {
        if (cursors.get(op.p1) !== 'scratch') {
          refuse('not_select', 'Only read-only SELECT queries may run: this one would change data');
        }
      } else if (NOT_READ_ONLY.has(opcode)) {
        refuse('not_select', 'Only read-only SELECT queries may run');
      } else {
        refuse('unsupported', 'The query uses a feature of SQLite that cannot be checked here');
      }
    }

    for (const table of tables) {
      if (!allows(table)) refuse('table_not_allowed', tableNotAllowed(null, table).message);
    }
    for (const reason of PRIORITY) {
      const message = refusals.get(reason);
      if (message !== undefined) throw new SqlRefusedError(message, reason);
    }
    return { tables: [...tables].sort() };
  }

  return { check };
}
