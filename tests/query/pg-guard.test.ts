import { checkPostgresSql, loadPostgresParser } from '../../server/query/pg-guard';
import { SqlRefusedError, type GuardPolicy, type TableRef } from '../../server/query/sql-guard';
import { hostileSql, LEGITIMATE_SQL } from './hostile-sql';

/** The CRM tables of the playground (and their link tables) are allowed; nothing else is. */
const policy = {
  allowsTable: ({ schema, table }: TableRef) =>
    schema === null &&
    /^(leads|opportunities|stages|pipelines|activities|tasks|targets|teams|departments|stage_histories)(_\w+_lnk)?$/.test(
      table
    ),
};

/** What checkPostgresSql refused the statement with, or 'allowed'. */
function refusal(sql: string, guard: GuardPolicy = policy): { reason: string; message: string } {
  try {
    checkPostgresSql(sql, guard);
    return { reason: 'allowed', message: '' };
  } catch (error) {
    if (!(error instanceof SqlRefusedError)) throw error;
    return { reason: error.reason, message: error.message };
  }
}
const reasonOf = (sql: string, guard?: GuardPolicy) => refusal(sql, guard).reason;
const tablesOf = (sql: string, guard: GuardPolicy = policy) => checkPostgresSql(sql, guard).tables;

beforeAll(async () => {
  await Promise.all([loadPostgresParser(), loadPostgresParser()]);
  await loadPostgresParser();
});

describe('the hostile corpus', () => {
  it.each(hostileSql('postgres').map((sql) => [sql]))('refuses %j', (sql) => {
    expect(() => checkPostgresSql(sql, policy)).toThrow(SqlRefusedError);
  });
});

describe('legitimate queries', () => {
  const expected: Record<string, string[]> = {
    'SELECT source, COUNT(*) AS count FROM leads GROUP BY source ORDER BY count DESC': ['leads'],
    "SELECT date_trunc('month', created_at) AS month, COUNT(*) FROM leads GROUP BY 1 ORDER BY 1": ['leads'],
    'WITH won AS (SELECT * FROM opportunities WHERE closed_at IS NOT NULL) SELECT COUNT(*) FROM won': [
      'opportunities',
    ],
    'SELECT l.name, s.name AS stage FROM leads l JOIN leads_stage_lnk x ON x.lead_id = l.id JOIN stages s ON s.id = x.stage_id':
      ['leads', 'leads_stage_lnk', 'stages'],
    'SELECT COUNT(*) FILTER (WHERE status = $1) FROM leads': ['leads'],
  };

  it.each(LEGITIMATE_SQL.postgres.map((sql) => [sql]))('allows %j with its exact tables', (sql) => {
    expect(expected[sql]).toBeDefined();
    expect(tablesOf(sql)).toEqual(expected[sql].map((table) => ({ schema: null, table })));
  });
});

describe('hostile classes from the security review', () => {
  it.each<[string, string, string | null]>([
    [
      "SELECT 'a\\' AS x, (SELECT reset_password_token FROM admin_users WHERE id = 1) AS t --'\n, 1 AS z",
      'table_not_allowed',
      '`admin_users` is not a table this datasource allows',
    ],
    [
      "SELECT ts_rewrite('select 1'::tsquery, 'select * from admin_users')",
      'denied_function',
      'The function ts_rewrite() is not allowed',
    ],
    [
      "SELECT * FROM ts_stat('SELECT to_tsvector(password) FROM admin_users')",
      'denied_function',
      'The function ts_stat() is not allowed',
    ],
    ["SELECT query_to_xml('select * from admin_users', true, true, '')", 'denied_function', null],
    ["SELECT query_to_xml_and_xmlschema('select 1', true, true, '')", 'denied_function', null],
    [
      "SELECT table_to_xml('admin_users', true, true, '')",
      'denied_function',
      'The function table_to_xml() is not allowed',
    ],
    ["SELECT database_to_xml(true, true, '')", 'denied_function', null],
    ['SELECT lo_creat(-1)', 'denied_function', 'The function lo_creat() is not allowed'],
    ["SELECT lo_put(16400, 0, '\\x00')", 'denied_function', null],
    ["SELECT lo_export(16400, '/tmp/x')", 'denied_function', null],
    ["SELECT dblink_exec('host=evil', 'DROP TABLE leads')", 'denied_function', null],
    ["SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(x int)", 'denied_function', null],
    ["SELECT pg_read_file('/etc/passwd')", 'denied_function', 'The function pg_read_file() is not allowed'],
    ["SELECT PG_CATALOG.PG_READ_FILE('/etc/passwd')", 'denied_function', null],
    ['SELECT "pg_read_file"(\'/etc/passwd\')', 'denied_function', null],
    ["SELECT current_setting('data_directory')", 'denied_function', null],
    ["SELECT set_config('role', 'postgres', true)", 'denied_function', null],
    ["SELECT * FROM leads WHERE name = XMLPARSE(DOCUMENT '<a/>')::text", 'denied_function', null],
    ["SELECT * FROM crosstab('SELECT * FROM admin_users') AS t(a text)", 'denied_function', null],
    ['SELECT version()', 'denied_function', null],
    ['SELECT current_user', 'denied_function', 'CURRENT_USER is not allowed'],
    ['SELECT (WITH admin_users AS (SELECT 1) SELECT 1), * FROM admin_users', 'table_not_allowed', null],
    ['SELECT * FROM leads FOR UPDATE', 'locking_read', null],
    ['SELECT * FROM leads FOR NO KEY UPDATE SKIP LOCKED', 'locking_read', null],
    ['SELECT * FROM (SELECT * FROM leads FOR SHARE) AS l', 'locking_read', null],
    ['SELECT * INTO x FROM leads', 'select_into', null],
    ['SELECT * INTO TEMP x FROM leads', 'select_into', null],
    ['WITH d AS (DELETE FROM leads RETURNING *) SELECT * FROM d', 'not_select', null],
    ["WITH i AS (INSERT INTO leads (name) VALUES ('x') RETURNING id) SELECT * FROM i", 'not_select', null],
    [
      'WITH m AS (MERGE INTO leads USING stages ON true WHEN MATCHED THEN DELETE RETURNING 1) SELECT 1',
      'not_select',
      null,
    ],
    ['SELECT 1; SELECT 2', 'multiple_statements', 'Exactly one statement may run'],
    ['SELECT 1;;delete from leads', 'multiple_statements', null],
    ['DELETE FROM leads', 'not_select', 'Only SELECT queries may run: found DELETE'],
    ["UPDATE leads SET name = 'x'", 'not_select', 'Only SELECT queries may run: found UPDATE'],
    ['EXPLAIN ANALYZE DELETE FROM leads', 'not_select', 'Only SELECT queries may run: found EXPLAIN'],
    ['TABLE admin_users', 'table_not_allowed', null],
    [
      'SELECT * FROM "admin_users"',
      'table_not_allowed',
      '`admin_users` is not a table this datasource allows',
    ],
    ['SELECT * FROM pg_shadow', 'catalog', 'System catalog pg_shadow may not be read'],
    ['SELECT * FROM pg_catalog.pg_user', 'catalog', 'System catalog pg_catalog.pg_user may not be read'],
    ['SELECT * FROM information_schema.tables', 'catalog', null],
    ['SELECT * FROM "PG_CATALOG".leads', 'catalog', null],
    ['SELECT * FROM mydb.public.leads', 'table_not_allowed', null],
    ["SELECT E'\\\\' AS x, (SELECT password FROM admin_users LIMIT 1) AS t", 'table_not_allowed', null],
    ["SELECT $$ ' $$ AS x, (SELECT password FROM admin_users LIMIT 1) AS t -- '", 'table_not_allowed', null],
    ["SELECT 'a' /* ' */, password FROM admin_users", 'table_not_allowed', null],
    ['SELECT 1 FROM leads\u0000; DROP TABLE leads', 'invalid', null],
    ['', 'unparsable', 'The query is empty'],
    ['  \n\t ', 'unparsable', 'The query is empty'],
    ['-- only a comment', 'unparsable', 'The query is empty'],
  ])('refuses %j: %s', (sql, reason, message) => {
    const found = refusal(sql);
    expect(found.reason).toBe(reason);
    if (message !== null) expect(found.message).toBe(message);
  });

  it('refuses a schema a policy does not allow, naming it', () => {
    const publicOnly = {
      allowsTable: ({ schema, table }: TableRef) =>
        (schema === null || schema === 'public') && table === 'leads',
    };
    expect(refusal('SELECT * FROM secret.leads', publicOnly)).toEqual({
      reason: 'table_not_allowed',
      message: '`secret.leads` is not a table this datasource allows',
    });
    expect(tablesOf('SELECT * FROM leads', publicOnly)).toEqual([{ schema: null, table: 'leads' }]);
    expect(tablesOf('SELECT * FROM public.leads', publicOnly)).toEqual([
      { schema: 'public', table: 'leads' },
    ]);
    // A common table expression's name never stands for a schema-qualified table.
    expect(reasonOf('WITH leads AS (SELECT 1) SELECT * FROM secret.leads', publicOnly)).toBe(
      'table_not_allowed'
    );
  });
});

describe('syntax errors', () => {
  it('quotes the user text near the error with its line, in the wording the other dialects share', () => {
    expect(refusal('SELECT * FRO leads')).toEqual({
      reason: 'unparsable',
      message: 'Syntax error near `FRO` (line 1)',
    });
    expect(refusal('SELECT id\nFROM leads\nWHERE id = = 1')).toEqual({
      reason: 'unparsable',
      message: 'Syntax error near `=` (line 3)',
    });
    // The parser counts characters, not UTF-16 units or bytes: the text quoted is the right one.
    expect(refusal("SELECT 'é😀' AS x FRO leads").message).toBe('Syntax error near `FRO` (line 1)');
    expect(refusal("SELECT 'é😀😀😀' AS x,\n 'é😀' AS y FRO leads").message).toBe(
      'Syntax error near `FRO` (line 2)'
    );
  });

  it('names a reserved word used as an alias', () => {
    expect(refusal('SELECT l.id FROM leads AS order')).toEqual({
      reason: 'reserved_word',
      message: '`order` cannot be used as a table alias here, rename it',
    });
  });

  it('names unterminated strings and the end of the query', () => {
    expect(refusal("SELECT 'abc FROM leads")).toEqual({
      reason: 'unparsable',
      message: "Syntax error near `'abc FROM leads` (line 1): a quoted string is not closed",
    });
    expect(refusal('SELECT * FROM leads WHERE')).toEqual({
      reason: 'unparsable',
      message: 'Syntax error at the end of the query (line 1)',
    });
  });

  it('never shows the parser internals', () => {
    for (const sql of ['SELECT * FRO leads', 'SELECT ((1', "SELECT E'\\\\''", 'SELECT "" FROM leads']) {
      const { reason, message } = refusal(sql);
      expect(reason).toBe('unparsable');
      expect(message).not.toMatch(/scan\.l|gram\.y|syntax error at or near|yyerror/);
    }
  });
});

describe('PostgreSQL lexing', () => {
  it('reads comments, dollar quotes and escapes as the server does', () => {
    expect(tablesOf('SELECT $$admin_users$$')).toEqual([]);
    expect(tablesOf('SELECT $tag$ FROM admin_users $tag$ AS x FROM leads')).toEqual([
      { schema: null, table: 'leads' },
    ]);
    expect(tablesOf("SELECT E'\\'' AS quote FROM leads")).toEqual([{ schema: null, table: 'leads' }]);
    expect(tablesOf("SELECT 'a\\' AS backslash FROM leads")).toEqual([{ schema: null, table: 'leads' }]);
    expect(
      tablesOf('SELECT 1 /* FROM admin_users /* nested */ still a comment */ FROM leads -- , admin_users')
    ).toEqual([{ schema: null, table: 'leads' }]);
  });

  it('passes quoted identifiers to the policy as written', () => {
    const asked: TableRef[] = [];
    const everything = {
      allowsTable: (ref: TableRef) => {
        asked.push(ref);
        return true;
      },
    };
    expect(
      tablesOf('SELECT * FROM "Leads" JOIN LEADS ON true JOIN "CRM"."Leads" ON true', everything)
    ).toEqual([
      { schema: null, table: 'Leads' },
      { schema: null, table: 'leads' },
      { schema: 'CRM', table: 'Leads' },
    ]);
    expect(asked).toEqual([
      { schema: null, table: 'Leads' },
      { schema: null, table: 'leads' },
      { schema: 'CRM', table: 'Leads' },
    ]);
  });

  it('allows parameters, VALUES lists and set-returning functions', () => {
    expect(tablesOf('SELECT * FROM leads WHERE id = $1 AND source = $2')).toEqual([
      { schema: null, table: 'leads' },
    ]);
    expect(tablesOf('VALUES (1, 2), (3, 4)')).toEqual([]);
    expect(tablesOf('SELECT d FROM generate_series(1, 10) AS d')).toEqual([]);
    expect(tablesOf('SELECT current_date, now(), CURRENT_TIMESTAMP')).toEqual([]);
  });
});

describe('common table expressions', () => {
  it('lists tables once each, in order of appearance', () => {
    expect(
      tablesOf(
        'WITH a AS (SELECT * FROM opportunities), b AS (SELECT * FROM a JOIN stages ON true) ' +
          'SELECT * FROM leads, a, b, leads'
      )
    ).toEqual([
      { schema: null, table: 'opportunities' },
      { schema: null, table: 'stages' },
      { schema: null, table: 'leads' },
    ]);
  });

  it('shadows a table only inside the statement that declares it', () => {
    expect(reasonOf('SELECT (WITH admin_users AS (SELECT 1) SELECT 1), * FROM admin_users')).toBe(
      'table_not_allowed'
    );
    expect(
      reasonOf(
        '(WITH admin_users AS (SELECT 1) SELECT * FROM admin_users) UNION ALL SELECT 1 FROM admin_users'
      )
    ).toBe('table_not_allowed');
    expect(
      tablesOf('WITH admin_users AS (SELECT 1 AS x) SELECT (SELECT x FROM admin_users) FROM leads')
    ).toEqual([{ schema: null, table: 'leads' }]);
    expect(
      tablesOf(
        'WITH admin_users AS (SELECT id FROM leads) SELECT * FROM admin_users UNION SELECT 1 FROM admin_users'
      )
    ).toEqual([{ schema: null, table: 'leads' }]);
  });

  it('lets a recursive CTE read itself, and a plain one only the CTEs before it', () => {
    expect(
      tablesOf(
        'WITH RECURSIVE tree AS (SELECT id FROM stages UNION ALL SELECT s.id FROM stages s JOIN tree t ON s.id = t.id) SELECT * FROM tree'
      )
    ).toEqual([{ schema: null, table: 'stages' }]);
    // Not recursive: the name inside is the real table.
    expect(refusal('WITH admin_users AS (SELECT * FROM admin_users) SELECT * FROM admin_users')).toEqual({
      reason: 'table_not_allowed',
      message: '`admin_users` is not a table this datasource allows',
    });
    expect(reasonOf('WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a')).toBe(
      'table_not_allowed'
    );
    expect(tablesOf('WITH RECURSIVE a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a')).toEqual([]);
  });
});

describe('hasLimit', () => {
  it.each<[string, boolean]>([
    ['SELECT * FROM leads LIMIT 10', true],
    ['SELECT * FROM leads ORDER BY id FETCH FIRST 5 ROWS ONLY', true],
    ['SELECT * FROM leads LIMIT $1', true],
    ['SELECT * FROM leads', false],
    ['SELECT * FROM leads OFFSET 5', false],
    ['SELECT * FROM leads LIMIT ALL', false],
    ['SELECT id FROM leads UNION SELECT id FROM stages LIMIT 5', true],
    ['SELECT id FROM leads UNION (SELECT id FROM stages LIMIT 5)', false],
    ['SELECT * FROM (SELECT * FROM leads LIMIT 5) AS l', false],
    ['SELECT * FROM leads WHERE id IN (SELECT id FROM stages LIMIT 5)', false],
    ['WITH l AS (SELECT * FROM leads LIMIT 5) SELECT * FROM l', false],
  ])('%j → %s', (sql, hasLimit) => {
    expect(checkPostgresSql(sql, policy).hasLimit).toBe(hasLimit);
  });
});

describe('large and deeply nested statements', () => {
  it('reads a ~90 KB UNION ALL', () => {
    const arms = Array.from(
      { length: 1700 },
      (_, index) => `SELECT id, name, source FROM leads WHERE id = ${index}`
    );
    const sql = arms.join(' UNION ALL ');
    expect(sql.length).toBeGreaterThan(90_000);
    const result = checkPostgresSql(sql, policy);
    expect(result.tables).toEqual([{ schema: null, table: 'leads' }]);
    expect(result.hasLimit).toBe(false);
  });

  it('reads expressions nested far deeper than the main thread stack allows', () => {
    expect(tablesOf(`SELECT 1${' + 1'.repeat(24_000)} FROM leads`)).toEqual([
      { schema: null, table: 'leads' },
    ]);
    const nested = refusal(`SELECT ${'(SELECT '.repeat(12_000)}1${')'.repeat(12_000)}`);
    expect(nested.reason).toBe('unparsable');
    expect(nested.message).toBe('The query is nested too deeply to read');
  });

  it('refuses a statement too deep for the parser, then keeps working', () => {
    expect(refusal(`SELECT 1${'+1'.repeat(1_500_000)}`)).toEqual({
      reason: 'unparsable',
      message: 'The query is too large or too deeply nested to read',
    });
    expect(tablesOf('SELECT * FROM leads')).toEqual([{ schema: null, table: 'leads' }]);
    expect(reasonOf('SELECT * FROM admin_users')).toBe('table_not_allowed');
  });
});
