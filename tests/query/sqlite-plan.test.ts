import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { createPlanChecker } from '../../server/query/sqlite-plan';
import { SqlRefusedError } from '../../server/query/refusal';

/** The tables (and views) a tile may read; `admin_view` is allowed by name but reads admin_users. */
const ALLOWED = new Set(['leads', 'opportunities', 'lead_names', 'admin_view', 'regions']);
const allows = (table: string) => ALLOWED.has(table);

/** SQLite internals a refusal message must never show a dashboard author. */
const INTERNALS = /OpenRead|ReopenIdx|VOpen|OpenWrite|opcode|root ?page|vtab:|p[1-5]\b|bytecode|cursor/i;

let dir: string;
let file: string;
let db: Database.Database;
let checker: ReturnType<typeof createPlanChecker>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-sqlite-plan-'));
  file = path.join(dir, 'crm.db');
  const writer = new Database(file);
  writer.exec(`
    CREATE TABLE leads (id INTEGER PRIMARY KEY, name TEXT, source TEXT, tags TEXT);
    CREATE INDEX leads_source ON leads (source);
    CREATE TABLE opportunities (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      lead_id INTEGER REFERENCES leads (id),
      amount REAL,
      stage TEXT
    );
    CREATE TABLE admin_users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, password TEXT);
    CREATE TABLE up_users (id INTEGER PRIMARY KEY, username TEXT);
    CREATE TABLE regions (code TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID;
    CREATE VIEW lead_names AS SELECT id, name FROM leads;
    CREATE VIEW admin_view AS SELECT id, email FROM admin_users;
    CREATE VIRTUAL TABLE notes USING fts5 (body);
    INSERT INTO leads (name, source, tags) VALUES
      ('Ada', 'web', '["vip","eu"]'), ('Bob', 'ads', '[]'), ('Cy', 'web', '["us"]');
    INSERT INTO opportunities (lead_id, amount, stage) VALUES (1, 100, 'won'), (1, 50, 'open'), (3, 70, 'Cy');
    WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 500)
      INSERT INTO leads (name, source, tags) SELECT 'lead ' || x, 'import', '[]' FROM n;
    INSERT INTO opportunities (lead_id, amount, stage) SELECT id, id * 10, 'lead ' || id FROM leads WHERE id > 3;
    INSERT INTO admin_users (email, password) VALUES ('root@example.com', 'secret');
    INSERT INTO up_users (username) VALUES ('someone');
    INSERT INTO regions VALUES ('eu', 'Europe'), ('us', 'United States');
    INSERT INTO notes (body) VALUES ('hello world');
    ANALYZE;
  `);
  writer.close();
  // as in production: a read-only connection that also refuses writes at the statement level
  db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  checker = createPlanChecker(db);
});

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function refusal(sql: string, bindings: unknown[] = []): SqlRefusedError {
  try {
    checker.check(sql, bindings, allows);
  } catch (error) {
    if (error instanceof SqlRefusedError) return error;
    throw error;
  }
  throw new Error(`not refused: ${sql}`);
}

describe('queries over allowed tables', () => {
  it.each<[string, unknown[], string[]]>([
    ['SELECT id, name FROM leads', [], ['leads']],
    ['select * from "leads" where id = ?', [1], ['leads']],
    [
      'SELECT l.name, o.amount FROM leads l JOIN opportunities o ON o.lead_id = l.id ORDER BY o.amount DESC',
      [],
      ['leads', 'opportunities'],
    ],
    [
      'WITH big AS (SELECT lead_id, sum(amount) AS total FROM opportunities GROUP BY lead_id) ' +
        'SELECT l.name, b.total FROM leads l JOIN big b ON b.lead_id = l.id',
      [],
      ['leads', 'opportunities'],
    ],
    [
      'WITH big AS MATERIALIZED (SELECT lead_id FROM opportunities) SELECT * FROM big a, big b WHERE a.lead_id = b.lead_id',
      [],
      ['opportunities'],
    ],
    [
      'SELECT name FROM leads WHERE id IN (SELECT lead_id FROM opportunities WHERE amount > ?)',
      [60],
      ['leads', 'opportunities'],
    ],
    [
      'SELECT l.name, (SELECT max(o.amount) FROM opportunities o WHERE o.lead_id = l.id) AS best FROM leads l',
      [],
      ['leads', 'opportunities'],
    ],
    [
      'SELECT * FROM leads l WHERE EXISTS (SELECT 1 FROM opportunities o WHERE o.lead_id = l.id)',
      [],
      ['leads', 'opportunities'],
    ],
    ['SELECT name FROM leads UNION SELECT label FROM regions', [], ['leads', 'regions']],
    [
      'SELECT name FROM leads UNION ALL SELECT label FROM regions ORDER BY 1 LIMIT 5',
      [],
      ['leads', 'regions'],
    ],
    ['SELECT id FROM leads INTERSECT SELECT lead_id FROM opportunities', [], ['leads', 'opportunities']],
    ['SELECT source FROM leads WHERE source = ?', ['web'], ['leads']],
    ['SELECT count(*) FROM leads', [], ['leads']],
    ['SELECT DISTINCT source FROM leads', [], ['leads']],
    ['SELECT l.id, j.value FROM leads l, json_each(l.tags) j', [], ['leads']],
    ['SELECT key, value FROM json_tree(\'{"a":[1,2]}\')', [], []],
    ['SELECT j.value, count(*) FROM leads, json_each(leads.tags) j GROUP BY j.value', [], ['leads']],
    ['SELECT * FROM lead_names', [], ['leads']],
    ['SELECT label FROM regions WHERE code = ?', ['eu'], ['regions']],
    [
      "SELECT r.label, l.name FROM regions r JOIN leads l ON l.tags LIKE '%' || r.code || '%'",
      [],
      ['leads', 'regions'],
    ],
    [
      'SELECT source, amount, sum(amount) OVER (PARTITION BY source ORDER BY amount) AS running, ' +
        'row_number() OVER w, lag(amount) OVER w FROM leads JOIN opportunities ON lead_id = leads.id WINDOW w AS (ORDER BY amount)',
      [],
      ['leads', 'opportunities'],
    ],
    // no index on opportunities.stage nor leads.name: SQLite builds an automatic index
    ['SELECT o.id FROM opportunities o JOIN leads l ON l.name = o.stage', [], ['leads', 'opportunities']],
    [
      'SELECT * FROM leads FULL JOIN opportunities ON opportunities.lead_id = leads.id',
      [],
      ['leads', 'opportunities'],
    ],
    [
      'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n',
      [],
      [],
    ],
    ['VALUES (1, 2), (3, 4)', [], []],
    ["SELECT upper(name), date('now'), json_extract(tags, '$[0]') FROM leads", [], ['leads']],
    ['/* a note */ SELECT 1 FROM leads; -- trailing comment', [], ['leads']],
    ['-- a heading\nSELECT id FROM leads;', [], ['leads']],
    ['SELECT id FROM leads ORDER BY name LIMIT ? OFFSET ?', [2, 1], ['leads']],
  ])('%s', (sql, bindings, tables) => {
    expect(checker.check(sql, bindings, allows)).toEqual({ tables });
  });

  it('reports a table read only through a covering index', () => {
    const sql = 'SELECT source FROM leads WHERE source = ?';
    const roots = db
      .prepare(`EXPLAIN ${sql}`)
      .all('web')
      .filter((op: any) => op.opcode === 'OpenRead')
      .map((op: any) => op.p2);
    const indexRoot = db
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'leads_source'")
      .pluck()
      .get();
    expect(roots).toEqual([indexRoot]); // the plan never opens the table itself
    expect(checker.check(sql, ['web'], allows).tables).toEqual(['leads']);
  });

  it('accepts the automatic index SQLite builds for a join', () => {
    const sql = 'SELECT o.id FROM opportunities o JOIN leads l ON l.name = o.stage';
    expect(
      db
        .prepare(`EXPLAIN ${sql}`)
        .all()
        .some((op: any) => op.opcode === 'OpenAutoindex')
    ).toBe(true);
    expect(checker.check(sql, [], allows).tables).toEqual(['leads', 'opportunities']);
  });

  it('does not count a table the compiled statement never reads', () => {
    // EXISTS ignores its subquery's result columns: SQLite compiles no read of admin_users here,
    // so nothing of it can come back
    expect(
      checker.check(
        'SELECT name FROM leads WHERE EXISTS (SELECT (SELECT password FROM admin_users) FROM opportunities)',
        [],
        allows
      ).tables
    ).toEqual(['leads', 'opportunities']);
    // as soon as a value of it is used, it is read and refused
    expect(
      refusal(
        'SELECT name FROM leads WHERE EXISTS (SELECT 1 FROM opportunities WHERE (SELECT password FROM admin_users))'
      ).reason
    ).toBe('table_not_allowed');
  });

  it('runs the accepted statement unchanged on the same connection', () => {
    const sql = 'SELECT l.name, j.value FROM leads l, json_each(l.tags) j WHERE l.source = ? ORDER BY 1, 2';
    expect(checker.check(sql, ['web'], allows).tables).toEqual(['leads']);
    expect(db.prepare(sql).all('web')).toEqual([
      { name: 'Ada', value: 'eu' },
      { name: 'Ada', value: 'vip' },
      { name: 'Cy', value: 'us' },
    ]);
  });
});

describe('hostile queries', () => {
  it.each<[string, string, unknown[]?]>([
    // the table itself, however it is reached
    ['SELECT * FROM admin_users', 'table_not_allowed'],
    ['SELECT * FROM main.admin_users', 'table_not_allowed'],
    ['SELECT * FROM "ADMIN_USERS"', 'table_not_allowed'],
    ['SELECT * FROM leads WHERE id IN (SELECT id FROM admin_users)', 'table_not_allowed'],
    ['SELECT (SELECT password FROM admin_users a WHERE a.id = l.id) FROM leads l', 'table_not_allowed'],
    [
      'SELECT * FROM leads WHERE EXISTS (SELECT 1 FROM admin_users WHERE password LIKE ?)',
      'table_not_allowed',
      ['s%'],
    ],
    ['WITH a AS (SELECT * FROM admin_users) SELECT * FROM a', 'table_not_allowed'],
    // a CTE named like an allowed table does not launder what it reads
    ['WITH leads AS (SELECT email AS name FROM admin_users) SELECT name FROM leads', 'table_not_allowed'],
    ['SELECT name FROM leads UNION SELECT email FROM admin_users', 'table_not_allowed'],
    ['SELECT name FROM leads UNION ALL SELECT password FROM admin_users', 'table_not_allowed'],
    ['SELECT * FROM admin_view', 'table_not_allowed'],
    ['SELECT l.name FROM leads l JOIN admin_view v ON v.id = l.id', 'table_not_allowed'],
    // only an index of the table is opened: still the table
    ['SELECT count(*) FROM admin_users', 'table_not_allowed'],
    ['SELECT email FROM admin_users WHERE email = ?', 'table_not_allowed', ['root@example.com']],
    ['SELECT j.value FROM admin_users, json_each(admin_users.password) j', 'table_not_allowed'],
    ['SELECT * FROM up_users', 'table_not_allowed'],
    // the full-text index's own storage
    ['SELECT * FROM notes_content', 'table_not_allowed'],
    // an unknown name answers like a forbidden one, so names cannot be probed
    ['SELECT * FROM no_such_table', 'table_not_allowed'],
    ['SELECT * FROM temp.leads', 'table_not_allowed'],
    // SQLite's catalog
    ['SELECT * FROM sqlite_master', 'catalog'],
    ['SELECT * FROM sqlite_schema', 'catalog'],
    ['SELECT name FROM main.sqlite_master WHERE type = ?', 'catalog', ['table']],
    ['SELECT * FROM sqlite_temp_master', 'catalog'],
    ['SELECT * FROM temp.sqlite_schema', 'catalog'],
    ['SELECT sql FROM leads, sqlite_schema', 'catalog'],
    ['SELECT * FROM sqlite_stat1', 'catalog'],
    ['SELECT * FROM sqlite_sequence', 'catalog'],
    // virtual tables
    ["SELECT * FROM pragma_table_info('admin_users')", 'virtual_table'],
    ["SELECT leads.name FROM leads, pragma_index_list('leads')", 'virtual_table'],
    ['SELECT * FROM pragma_table_list', 'virtual_table'],
    ['SELECT * FROM pragma_function_list', 'virtual_table'],
    ['SELECT * FROM dbstat', 'virtual_table'],
    ["SELECT * FROM notes WHERE notes MATCH 'hello'", 'virtual_table'],
    ['SELECT * FROM notes', 'virtual_table'],
    // functions that reach outside the query
    ["SELECT load_extension('x')", 'denied_function'],
    ["SELECT name, load_extension('/tmp/evil.so', 'init') FROM leads", 'denied_function'],
    ["SELECT fts3_tokenizer('simple')", 'denied_function'],
    ["SELECT rtreecheck('notes')", 'denied_function'],
    // writes
    ["INSERT INTO leads (name) VALUES ('x') RETURNING id", 'not_select'],
    ['DELETE FROM leads WHERE id = 1 RETURNING *', 'not_select'],
    ["UPDATE leads SET name = 'x' RETURNING *", 'not_select'],
    ["REPLACE INTO leads (id, name) VALUES (1, 'x')", 'not_select'],
    ['WITH x AS (SELECT 1) DELETE FROM leads', 'not_select'],
    ['WITH x AS (SELECT id FROM leads) INSERT INTO leads (name) SELECT id FROM x RETURNING id', 'not_select'],
    // SQLite has no data-modifying CTEs: it does not parse
    ['WITH d AS (DELETE FROM leads RETURNING *) SELECT * FROM d', 'unparsable'],
    // statements other than SELECT, refused before SQLite compiles them
    ["ATTACH DATABASE ':memory:' AS other", 'not_select'],
    ['ATTACH ? AS other', 'not_select', ['/tmp/other.db']],
    ['DETACH other', 'not_select'],
    ['PRAGMA writable_schema = ON', 'not_select'],
    ['PRAGMA query_only = OFF', 'not_select'],
    ['pragma table_info(admin_users)', 'not_select'],
    ["VACUUM INTO '/tmp/copy.db'", 'not_select'],
    ['EXPLAIN SELECT * FROM admin_users', 'not_select'],
    ['EXPLAIN QUERY PLAN SELECT * FROM admin_users', 'not_select'],
    ['BEGIN IMMEDIATE', 'not_select'],
    ['CREATE TEMP VIEW v AS SELECT * FROM admin_users', 'not_select'],
    ['ANALYZE', 'not_select'],
    // not one statement
    ['SELECT 1; SELECT 2', 'multiple_statements'],
    ['SELECT * FROM leads; DELETE FROM leads', 'multiple_statements'],
    ['SELECT * FROM leads; PRAGMA query_only = OFF', 'multiple_statements'],
    // not a statement
    ['SELEC * FROM leads', 'unparsable'],
    ['SELECT * FROM leads WHERE', 'unparsable'],
    ['SELECT * FROM leads WHER id = 1', 'unparsable'],
    ['SELECT nope FROM leads', 'unparsable'],
    ['', 'unparsable'],
    ['   -- only a comment', 'unparsable'],
    ['/* unterminated SELECT 1', 'unparsable'],
    // values that do not fit the placeholders
    ['SELECT * FROM leads WHERE id = ?', 'invalid', []],
    ['SELECT * FROM leads', 'invalid', [1]],
    ['SELECT 1 \u0000; DELETE FROM leads', 'invalid'],
  ])('refuses %j as %s', (sql, reason, bindings = []) => {
    const error = refusal(sql, bindings);
    expect(error.reason).toBe(reason);
    expect(error.message).not.toMatch(INTERNALS);
  });

  it('names the table in plain words', () => {
    expect(refusal('SELECT * FROM admin_users').message).toBe(
      '`admin_users` is not a table this datasource allows'
    );
    expect(refusal('SELECT * FROM admin_view').message).toBe(
      '`admin_users` is not a table this datasource allows'
    );
    expect(refusal('SELECT * FROM leads JOIN up_users USING (id)').message).toBe(
      '`up_users` is not a table this datasource allows'
    );
    expect(refusal('SELECT * FROM sqlite_master').message).toMatch(
      /^`sqlite_schema` is not a table this datasource allows/
    );
    expect(refusal("SELECT * FROM pragma_table_info('admin_users')").message).toBe(
      'Virtual tables such as pragma functions, full-text indexes and dbstat may not be read here'
    );
    expect(refusal("SELECT load_extension('x')").message).toBe(
      'The function load_extension() is not allowed'
    );
    expect(refusal('SELEC * FROM leads').message).toMatch(/^The query could not be read as SQL/);
    // SQLite's own syntax errors in the text checks' wording (SQLite names the text, not the line)
    expect(refusal('SELECT * FROM leads WHER id = 1').message).toBe('Syntax error near `id`');
    expect(refusal('SELECT *\nFROM leads\nWHERE').message).toBe(
      'Syntax error at the end of the query (line 3)'
    );
    expect(refusal('SELECT 1; SELECT 2').message).toBe('Only one statement may run at a time');
    expect(refusal('DELETE FROM leads RETURNING *').message).toBe(
      'Only SELECT queries may run: this is DELETE'
    );
  });

  it('reports the most serious problem when there are several', () => {
    expect(refusal("SELECT load_extension('x') FROM admin_users").reason).toBe('denied_function');
    expect(refusal('SELECT * FROM admin_users, sqlite_schema').reason).toBe('catalog');
    expect(refusal("SELECT * FROM admin_users, pragma_table_info('leads')").reason).toBe('virtual_table');
  });

  it('never lets SQLite compile a PRAGMA (some take effect while compiling)', () => {
    refusal('PRAGMA query_only = OFF');
    refusal('PRAGMA writable_schema = ON');
    expect(db.pragma('query_only', { simple: true })).toBe(1);
    expect(db.pragma('writable_schema', { simple: true })).toBe(0);
  });

  it('keeps json_each and json_tree apart from every other virtual table after heavy use', () => {
    for (let i = 0; i < 20; i += 1) {
      db.prepare("SELECT * FROM pragma_table_info('leads')").all();
      db.prepare("SELECT * FROM json_each('[1,2]')").all();
      expect(refusal("SELECT * FROM pragma_table_info('admin_users')").reason).toBe('virtual_table');
      expect(checker.check("SELECT value FROM json_each('[1]')", [], allows).tables).toEqual([]);
    }
  });
});

describe('schema changes', () => {
  it('follows tables created, dropped and moved by another connection', () => {
    const writer = new Database(file);
    try {
      writer.exec(
        'CREATE TABLE late (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO late (note) VALUES (1)'
      );
      const withLate = (table: string) => allows(table) || table === 'late';
      expect(checker.check('SELECT note FROM late', [], withLate).tables).toEqual(['late']);
      expect(refusal('SELECT note FROM late').reason).toBe('table_not_allowed');
      // dropping a table and vacuuming renumbers root pages: the map must follow
      writer.exec('DROP TABLE late; VACUUM');
      expect(checker.check('SELECT source FROM leads WHERE source = ?', ['ads'], allows).tables).toEqual([
        'leads',
      ]);
      expect(checker.check('SELECT label FROM regions', [], allows).tables).toEqual(['regions']);
      expect(refusal('SELECT count(*) FROM admin_users').reason).toBe('table_not_allowed');
      expect(refusal('SELECT note FROM late').reason).toBe('table_not_allowed');
      expect(checker.check('SELECT value FROM json_each(?)', ['[1]'], allows).tables).toEqual([]);
    } finally {
      writer.close();
    }
  });
});

/** Property checks: what the checker reports is exactly what the statement reads. */
describe('every table read is reported', () => {
  interface Source {
    sql: string;
    tables: string[];
    columns: string[];
  }
  const SOURCES: Source[] = [
    { sql: 'leads', tables: ['leads'], columns: ['id', 'name', 'source'] },
    { sql: 'opportunities', tables: ['opportunities'], columns: ['id', 'lead_id', 'amount', 'stage'] },
    { sql: 'regions', tables: ['regions'], columns: ['code', 'label'] },
    { sql: 'lead_names', tables: ['leads'], columns: ['id', 'name'] },
  ];
  const HOSTILE: Source[] = [
    { sql: 'admin_users', tables: ['admin_users'], columns: ['id', 'email', 'password'] },
    { sql: 'admin_view', tables: ['admin_users'], columns: ['id', 'email'] },
  ];

  /** A query shape with numbered leaves (the tables and views it names). */
  type Shape =
    | { kind: 'select'; leaves: number[]; filter: null | { kind: 'in' | 'exists' | 'scalar'; sub: Shape } }
    | { kind: 'correlated'; leaves: [number, number] }
    | { kind: 'union'; left: Shape; right: Shape; all: boolean }
    | { kind: 'cte'; inner: Shape }
    | { kind: 'derived'; inner: Shape };

  const leaf = fc.integer({ min: 0, max: SOURCES.length - 1 });
  const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
    shape: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({
        kind: fc.constant('select' as const),
        leaves: fc.array(leaf, { minLength: 1, maxLength: 3 }),
        filter: fc.option(
          fc.record({
            kind: fc.constantFrom('in' as const, 'exists' as const, 'scalar' as const),
            sub: tie('shape'),
          }),
          { nil: null }
        ),
      }),
      fc.record({ kind: fc.constant('correlated' as const), leaves: fc.tuple(leaf, leaf) }),
      fc.record({
        kind: fc.constant('union' as const),
        left: tie('shape'),
        right: tie('shape'),
        all: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('cte' as const), inner: tie('shape') }),
      fc.record({ kind: fc.constant('derived' as const), inner: tie('shape') })
    ),
  }));

  /**
   * One-column SQL (`v`) for a shape; every table it names is really read (each leaf's column is
   * in the result or in a condition that is evaluated). The leaf numbered `hostileAt`, if any, is
   * `hostile` instead of its source.
   */
  function render(root: Shape, hostileAt = -1, hostile: Source = HOSTILE[0]) {
    let leafCount = 0;
    let alias = 0;
    const tables = new Set<string>();
    const source = (index: number) => {
      const chosen = leafCount === hostileAt ? hostile : SOURCES[index];
      leafCount += 1;
      chosen.tables.forEach((table) => tables.add(table));
      return chosen;
    };
    const go = (node: Shape): string => {
      switch (node.kind) {
        case 'select': {
          const parts = node.leaves.map((index) => ({ source: source(index), name: `t${(alias += 1)}` }));
          const value = parts
            .map(({ source: s, name }) => `${name}.${s.columns[1 % s.columns.length]}`)
            .join(' || ');
          const from = parts.map(({ source: s, name }) => `${s.sql} ${name}`).join(', ');
          const first = parts[0];
          const column = `${first.name}.${first.source.columns[0]}`;
          let where = '';
          if (node.filter?.kind === 'in')
            where = ` WHERE ${column} IN (${go(node.filter.sub)}) OR ${column} IS NOT NULL`;
          if (node.filter?.kind === 'exists') {
            const e = `e${(alias += 1)}`;
            where = ` WHERE EXISTS (SELECT 1 FROM (${go(node.filter.sub)}) ${e} WHERE ${e}.v IS NOT NULL) OR ${column} IS NULL`;
          }
          if (node.filter?.kind === 'scalar')
            where = ` WHERE coalesce((${go(node.filter.sub)} LIMIT 1), 1) IS NOT NULL`;
          return `SELECT ${value} AS v FROM ${from}${where}`;
        }
        case 'correlated': {
          const outer = source(node.leaves[0]);
          const inner = source(node.leaves[1]);
          const [o, i] = [`c${(alias += 1)}`, `c${(alias += 1)}`];
          return (
            `SELECT ${o}.${outer.columns[0]} || (SELECT max(${i}.${inner.columns[1]}) FROM ${inner.sql} ${i} ` +
            `WHERE ${i}.${inner.columns[0]} <> ${o}.${outer.columns[0]}) AS v FROM ${outer.sql} ${o}`
          );
        }
        case 'union':
          return `SELECT v FROM (${go(node.left)}) UNION${node.all ? ' ALL' : ''} SELECT v FROM (${go(node.right)})`;
        case 'cte': {
          const name = `w${(alias += 1)}`;
          return `WITH ${name} AS (${go(node.inner)}) SELECT v FROM ${name}`;
        }
        case 'derived': {
          const name = `d${(alias += 1)}`;
          return `SELECT ${name}.v AS v FROM (${go(node.inner)}) ${name} WHERE ${name}.v IS NOT NULL OR 1`;
        }
      }
    };
    const sql = go(root);
    return { sql, tables: [...tables].sort(), leaves: leafCount };
  }

  it('accepts 50 random combinations over allowed tables and reports exactly what they read', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const { sql, tables } = render(s);
        expect(checker.check(sql, [], allows)).toEqual({ tables });
        expect(db.prepare(sql).readonly).toBe(true); // a real statement (not run: cross joins are big)
      }),
      { numRuns: 50 }
    );
  });

  it('refuses the same combinations with admin_users mixed in anywhere', () => {
    fc.assert(
      fc.property(shape, fc.nat(), fc.constantFrom(...HOSTILE), (s, at, hostile) => {
        const leaves = render(s).leaves;
        const { sql } = render(s, at % leaves, hostile);
        const error = refusal(sql);
        expect(error.reason).toBe('table_not_allowed');
        expect(error.message).toBe('`admin_users` is not a table this datasource allows');
      }),
      { numRuns: 50 }
    );
  });
});

it('is fast enough to run before every query', () => {
  const sql =
    'WITH big AS (SELECT lead_id, sum(amount) AS total FROM opportunities GROUP BY lead_id) ' +
    'SELECT l.name, b.total, j.value FROM leads l JOIN big b ON b.lead_id = l.id, json_each(l.tags) j WHERE l.source = ?';
  checker.check(sql, ['web'], allows);
  const started = process.hrtime.bigint();
  for (let i = 0; i < 500; i += 1) checker.check(sql, ['web'], allows);
  const perCheckMs = Number(process.hrtime.bigint() - started) / 1e6 / 500;
  expect(perCheckMs).toBeLessThan(5);
});
