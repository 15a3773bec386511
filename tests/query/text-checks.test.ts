import type { TestApp } from '../helpers/strapi';
import { engine } from '../helpers/database';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { bootWithReaderDatasource, type AppWithReader } from '../helpers/readers';

/**
 * The text checks in front of the reader: plain-words refusals of the review's findings before the
 * database is asked, parsed off the event loop (a statement too long to parse in time is refused,
 * and the server answers meanwhile).
 */
let setup: AppWithReader;
let app: TestApp;
let user: UserPrincipal;

beforeAll(async () => {
  // an allow list of everything: the catalog checks still hold
  setup = await bootWithReaderDatasource({
    id: 'everything',
    tables: ['leads'],
    datasource: { allowedTables: ['*'] },
    config: { query: { checkTimeoutMs: 300 } },
  });
  app = setup.app;
  user = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
});

afterAll(async () => {
  await setup?.close();
});

const preview = (body: Record<string, unknown>) =>
  app.request().post('/api/dashboards/query/preview').set(bearer(user.jwt)).send(body);

async function refusal(body: Record<string, unknown>) {
  const response = await preview(body);
  expect(response.status).toBe(400);
  const [error] = response.body.error.details.errors;
  return { path: error.path, message: error.message, reason: response.body.error.details.reason };
}

it('names a table outside the allow list in plain words', async () => {
  expect(await refusal({ query: 'SELECT email, password FROM admin_users' })).toEqual({
    path: ['query'],
    message: '`admin_users` is not a table this datasource allows',
    reason: 'table_not_allowed',
  });
  const trick =
    engine() === 'mysql'
      ? 'SELECT 0 --(SELECT password FROM admin_users LIMIT 1)\n AS c0'
      : "SELECT 'a\\' AS x, (SELECT reset_password_token FROM admin_users WHERE id = 1) AS t --'\n, 1 AS z";
  const refused = await refusal({ query: trick });
  expect(refused.path).toEqual(['query']);
  // each dialect's own reading, in words: PostgreSQL's parser sees the table; the others say why the text is ambiguous
  expect(refused.message).toMatch(
    {
      postgres: /^`admin_users` is not a table this datasource allows$/,
      mysql: /a space follows it/,
      sqlite: /A backslash does not escape a quote in SQLite/,
    }[engine()]
  );
});

it('says where a syntax error is, in the author’s own text', async () => {
  const { message, reason } = await refusal({ query: 'SELECT name FRM leads' });
  expect(reason).toBe('unparsable');
  expect(message).not.toMatch(/Expected|\[A-Za-z|but "/);
  expect(message).toMatch(/leads|FRM/);
});

it('refuses the catalogs and server internals the review reached', async () => {
  const schema = engine() === 'postgres' ? 'pg_catalog' : engine() === 'mysql' ? 'mysql' : null;
  if (schema) {
    // a tile's schema set to a system catalog, then an unqualified catalog table
    expect(
      await refusal({
        datasource_id: 'everything',
        schema,
        query:
          engine() === 'mysql' ? 'SELECT user, authentication_string FROM user' : 'SELECT * FROM pg_authid',
      })
    ).toEqual({
      path: ['schema'],
      message: `${schema} is a system catalog, which tiles may not read`,
      reason: undefined,
    });
  }
  const internals = {
    sqlite: ["SELECT name FROM pragma_table_info('admin_users')", 'SELECT sql FROM sqlite_master'],
    postgres: [
      "SELECT * FROM ts_stat('SELECT to_tsvector(password) FROM admin_users')",
      'SELECT lo_creat(-1) AS id',
      "SELECT query_to_xml('select 1', true, true, '') AS x",
      'SELECT * FROM pg_catalog.pg_shadow',
    ],
    mysql: [
      'SELECT @@datadir AS d',
      'SELECT @@hostname AS h',
      "SELECT MASTER_GTID_WAIT('0-1-100', 1) AS w",
      "SELECT LOAD_FILE('/etc/passwd') AS f",
      'SELECT * FROM mysql.user',
    ],
  }[engine()];
  for (const query of internals) {
    const response = await preview({ datasource_id: 'everything', query });
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
  }
});

it('refuses a statement too long to check in time, and answers /_health meanwhile', async () => {
  // ~94 KB of UNION ALL: node-sql-parser needs seconds for it; PostgreSQL's own parser milliseconds
  const arms = Array.from({ length: 3500 }, (_, index) => `SELECT ${index} AS n`).join(' UNION ALL ');
  expect(arms.length).toBeGreaterThan(90_000);
  expect(arms.length).toBeLessThan(100_000);
  const pending = preview({ datasource_id: 'everything', query: arms });
  await new Promise((resolve) => setImmediate(resolve));
  const health = await app.request().get('/_health').timeout(1000);
  expect(health.status).toBe(204);
  const response = await pending;
  if (engine() === 'postgres') {
    expect({ status: response.status, rows: response.body.rows?.length }).toEqual({
      status: 200,
      rows: 3500,
    });
  } else {
    expect({ status: response.status, reason: response.body.error.details.reason }).toEqual({
      status: 400,
      reason: 'too_complex',
    });
  }
  // the checks still work after a refused one
  const ordinary = await preview({ datasource_id: 'everything', query: 'SELECT 1 AS one' });
  expect({ body: ordinary.body, status: ordinary.status }).toEqual({
    status: 200,
    body: expect.objectContaining({ rows: [{ one: 1 }] }),
  });
});

it('offers the nearest allowed table for a misspelt one, from the text checks and from the database', async () => {
  const suggestion = {
    path: ['query'],
    message: '`lead` is not a table of this datasource — did you mean `leads`?',
    reason: 'table_not_allowed',
  };
  // Strapi's database: `lead` is outside the allow list (the text checks refuse it)
  expect(await refusal({ query: 'SELECT name FROM lead' })).toEqual(suggestion);
  expect(await refusal({ query: 'SELECT name FROM leads l JOIN Lead x ON x.id = l.id' })).toEqual({
    ...suggestion,
    // PostgreSQL folds an unquoted name to lower case before anyone reads it
    message: `\`${engine() === 'postgres' ? 'lead' : 'Lead'}\` is not a table of this datasource — did you mean \`leads\`?`,
  });
  // every table allowed: the database says `leds` does not exist, in the same words
  expect(await refusal({ datasource_id: 'everything', query: 'SELECT name FROM leds' })).toEqual({
    ...suggestion,
    message: '`leds` is not a table of this datasource — did you mean `leads`?',
  });
  // nothing near enough: the refusal stays as it was
  expect(await refusal({ query: 'SELECT * FROM admin_users' })).toEqual({
    path: ['query'],
    message: '`admin_users` is not a table this datasource allows',
    reason: 'table_not_allowed',
  });
});

it('names a reserved word used as an alias, and a syntax error’s place, in one wording on every database', async () => {
  const countAlias = { query: 'SELECT COUNT(*) AS count FROM leads' };
  if (engine() === 'sqlite') {
    // node-sql-parser's SQLite grammar reserves COUNT
    expect(await refusal(countAlias)).toEqual({
      path: ['query'],
      message: '`count` cannot be used as a column name here, rename it',
      reason: 'reserved_word',
    });
  } else {
    const counted = await preview(countAlias);
    expect({ status: counted.status, rows: counted.body.rows }).toEqual({
      status: 200,
      rows: [{ count: 0 }],
    });
  }
  expect(await refusal({ query: 'SELECT l.name FROM leads AS order' })).toEqual({
    path: ['query'],
    message: '`order` cannot be used as a table alias here, rename it',
    reason: 'reserved_word',
  });
  expect(await refusal({ query: 'SELECT name\nFRM leads' })).toEqual({
    path: ['query'],
    message: 'Syntax error near `leads` (line 2)',
    reason: 'unparsable',
  });
  expect(await refusal({ query: 'SELECT name\nFROM leads\nWHERE' })).toEqual({
    path: ['query'],
    message: 'Syntax error at the end of the query (line 3)',
    reason: 'unparsable',
  });
});
