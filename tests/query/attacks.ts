import os from 'os';
import path from 'path';
import type { Engine } from '../helpers/database';

/**
 * Attacks a security review ran through tile SQL, one or more per class, for the database
 * boundary tests (text checks off). `refused`: the database (or SQLite's plan check) refuses it.
 * A function: the statement may run, and every row it answers must pass it (it read nothing).
 * `files`: paths that must not exist afterwards.
 */
export interface Attack {
  name: string;
  sql: string;
  expect: 'refused' | ((row: Record<string, unknown>) => boolean);
  message?: RegExp;
  files?: string[];
}

const file = (name: string) => path.join(os.tmpdir(), `dashtest-${process.pid}-${name}`);
const ADMIN = /`admin_users` is not a table this datasource allows/;

/** Every class reads a denied table in one of these ways. */
const readsOf = (table: string, column: string): Attack[] => [
  { name: `${table} directly`, sql: `SELECT ${column} FROM ${table}`, expect: 'refused' },
  {
    name: `${table} in a subquery`,
    sql: `SELECT (SELECT ${column} FROM ${table} LIMIT 1) AS x FROM leads`,
    expect: 'refused',
  },
  {
    name: `${table} in a CTE`,
    sql: `WITH a AS (SELECT ${column} FROM ${table}) SELECT * FROM a`,
    expect: 'refused',
  },
  {
    name: `${table} in a UNION`,
    sql: `SELECT name FROM leads UNION ALL SELECT ${column} FROM ${table}`,
    expect: 'refused',
  },
];

const common = (secretSchema: string): Attack[] => [
  { name: 'admin hashes', sql: 'SELECT email, password FROM admin_users', expect: 'refused', message: ADMIN },
  ...readsOf('admin_users', 'reset_password_token'),
  ...readsOf('up_users', 'password'),
  { name: 'API token keys', sql: 'SELECT access_key FROM strapi_api_tokens', expect: 'refused' },
  { name: 'share links', sql: 'SELECT * FROM dashboards_share_links', expect: 'refused' },
  {
    name: 'an allowed table name in another schema',
    sql: `SELECT name FROM ${secretSchema}.leads`,
    expect: 'refused',
  },
  { name: 'a write', sql: "UPDATE leads SET name = 'pwned'", expect: 'refused' },
  { name: 'a delete', sql: 'DELETE FROM leads', expect: 'refused' },
  { name: 'two statements', sql: 'SELECT 1; DELETE FROM leads', expect: 'refused' },
  { name: 'DDL', sql: 'DROP TABLE leads', expect: 'refused' },
];

export function attacksFor(engine: Engine, secretSchema: string): Attack[] {
  switch (engine) {
    case 'postgres':
      return [
        ...common(secretSchema),
        {
          name: "the \\' string that ends for PostgreSQL",
          sql: "SELECT 'a\\' AS x, (SELECT reset_password_token FROM admin_users WHERE id = 1) AS t --'\n, 1 AS z",
          expect: 'refused',
          message: ADMIN,
        },
        {
          name: 'query_to_xml',
          sql: "SELECT query_to_xml('select * from admin_users', true, true, '') AS x",
          expect: 'refused',
          message: ADMIN,
        },
        {
          name: 'table_to_xml',
          sql: "SELECT table_to_xml('admin_users', true, true, '') AS x",
          expect: 'refused',
        },
        {
          name: 'ts_stat',
          sql: "SELECT * FROM ts_stat('SELECT to_tsvector(password) FROM admin_users')",
          expect: 'refused',
          message: ADMIN,
        },
        {
          name: 'ts_rewrite',
          sql: "SELECT ts_rewrite('a'::tsquery, 'SELECT to_tsquery(''simple'', ''a''), to_tsquery(''simple'', left(password, 5)) FROM admin_users') AS x",
          expect: 'refused',
          message: ADMIN,
        },
        {
          name: 'set_config(role) to leave the reader',
          sql: "SELECT set_config('role', 'postgres', true) AS r, query_to_xml('select * from admin_users', true, true, '') AS x",
          expect: 'refused',
        },
        {
          name: 'RESET ROLE through set_config',
          sql: "SELECT set_config('session_authorization', 'postgres', true) AS r",
          expect: 'refused',
        },
        { name: 'pg_read_file', sql: "SELECT pg_read_file('/etc/passwd') AS f", expect: 'refused' },
        { name: 'pg_ls_dir', sql: "SELECT pg_ls_dir('.') AS f", expect: 'refused' },
        { name: 'lo_import', sql: "SELECT lo_import('/etc/passwd') AS id", expect: 'refused' },
        {
          name: 'lo_export',
          sql: `SELECT lo_export(lo_from_bytea(0, 'x'), '${file('lo-export')}') AS done`,
          expect: 'refused',
          files: [file('lo-export')],
        },
        {
          // large objects a statement creates are rolled back with its transaction (the checksum counts them)
          name: 'lo_creat and lo_put',
          sql: "SELECT lo_put(lo_creat(-1), 0, 'x') AS written FROM generate_series(1, 50)",
          expect: () => true,
        },
        {
          name: 'current_setting(data_directory)',
          sql: "SELECT current_setting('data_directory') AS d",
          expect: 'refused',
        },
        {
          name: 'COPY to a file',
          sql: `COPY leads TO '${file('copy')}'`,
          expect: 'refused',
          files: [file('copy')],
        },
        { name: 'DO block', sql: 'DO $$ BEGIN DELETE FROM leads; END $$', expect: 'refused' },
        {
          name: 'a data-changing CTE',
          sql: 'WITH d AS (DELETE FROM leads RETURNING *) SELECT * FROM d',
          expect: 'refused',
        },
        { name: 'a locking read', sql: 'SELECT * FROM leads FOR UPDATE', expect: 'refused' },
        { name: 'nextval', sql: "SELECT nextval('leads_id_seq') AS n", expect: 'refused' },
        { name: 'pg_shadow', sql: 'SELECT usename, passwd FROM pg_shadow', expect: 'refused' },
        {
          name: 'dblink_exec',
          sql: "SELECT dblink_exec('dbname=test', 'DELETE FROM leads') AS x",
          expect: 'refused',
        },
        {
          name: 'admin columns through information_schema',
          sql: "SELECT column_name FROM information_schema.columns WHERE table_name = 'admin_users'",
          expect: () => false,
        },
        {
          name: 'a sleep past the statement timeout',
          sql: 'SELECT pg_sleep(10) AS slept',
          expect: 'refused',
          message: /timeout/,
        },
      ];
    case 'mysql':
      return [
        ...common(secretSchema),
        {
          name: '--x read as minus minus',
          sql: 'SELECT 0 --(SELECT password FROM admin_users LIMIT 1)\n AS c0',
          expect: 'refused',
          message: ADMIN,
        },
        { name: 'LOAD_FILE', sql: "SELECT LOAD_FILE('/etc/passwd') AS f", expect: (row) => row.f === null },
        {
          name: 'INTO OUTFILE',
          sql: `SELECT name FROM leads INTO OUTFILE '${file('outfile')}'`,
          expect: 'refused',
          files: [file('outfile')],
        },
        {
          name: 'INTO DUMPFILE behind --0',
          sql: `SELECT 0 --0\n INTO DUMPFILE '${file('dumpfile')}'`,
          expect: 'refused',
          files: [file('dumpfile')],
        },
        { name: 'mysql.user', sql: 'SELECT user, authentication_string FROM mysql.user', expect: 'refused' },
        {
          name: 'an executable comment',
          sql: 'SELECT 1 /*!50000 , (SELECT password FROM admin_users LIMIT 1) */ AS x',
          expect: 'refused',
          message: ADMIN,
        },
        { name: 'an insert', sql: "INSERT INTO leads (name) VALUES ('x')", expect: 'refused' },
        {
          name: 'LOAD DATA',
          sql: "LOAD DATA INFILE '/etc/passwd' INTO TABLE leads",
          expect: 'refused',
        },
        { name: 'HANDLER', sql: 'HANDLER leads OPEN', expect: 'refused' },
        { name: 'SLEEP past the timeout', sql: 'SELECT SLEEP(10) AS slept', expect: 'refused' },
        {
          // it burns CPU only until the statement timeout ends it
          name: 'BENCHMARK past the timeout',
          sql: "SELECT BENCHMARK(100000000000, MD5('x')) AS b",
          expect: () => true,
        },
        { name: 'DO', sql: 'DO SLEEP(1)', expect: 'refused' },
        {
          name: 'SELECT INTO a variable',
          sql: 'SELECT name FROM leads LIMIT 1 INTO @stolen',
          expect: 'refused',
        },
        {
          name: 'admin tables through information_schema',
          sql: "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_NAME = 'admin_users'",
          expect: () => false,
        },
        { name: 'sys_exec', sql: "SELECT sys_exec('id') AS x", expect: 'refused' },
        {
          name: 'privileges of other accounts',
          sql: "SELECT GRANTEE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE LIKE '%root%'",
          expect: () => false,
        },
      ];
    case 'sqlite':
      return [
        ...common(secretSchema),
        {
          name: "the \\' string",
          sql: "SELECT 'a\\' AS x, (SELECT password FROM admin_users LIMIT 1) AS t --'\n, 1 AS z",
          expect: 'refused',
          message: ADMIN,
        },
        { name: 'sqlite_master', sql: 'SELECT sql FROM sqlite_master', expect: 'refused' },
        { name: 'sqlite_schema', sql: 'SELECT name FROM sqlite_schema', expect: 'refused' },
        { name: 'sqlite_temp_master', sql: 'SELECT * FROM sqlite_temp_master', expect: 'refused' },
        {
          name: 'pragma_table_info',
          sql: "SELECT name FROM pragma_table_info('admin_users')",
          expect: 'refused',
        },
        { name: 'pragma_database_list', sql: 'SELECT * FROM pragma_database_list', expect: 'refused' },
        { name: 'dbstat', sql: 'SELECT * FROM dbstat', expect: 'refused' },
        {
          name: 'ATTACH',
          sql: `ATTACH DATABASE '${file('attach.db')}' AS evil`,
          expect: 'refused',
          files: [file('attach.db')],
        },
        { name: 'load_extension', sql: "SELECT load_extension('/tmp/evil') AS x", expect: 'refused' },
        { name: 'writefile', sql: "SELECT writefile('/tmp/x', 'y') AS x", expect: 'refused' },
        { name: 'PRAGMA', sql: 'PRAGMA query_only = OFF', expect: 'refused' },
        {
          name: 'VACUUM INTO',
          sql: `VACUUM INTO '${file('copy.db')}'`,
          expect: 'refused',
          files: [file('copy.db')],
        },
        { name: 'CREATE', sql: 'CREATE TABLE evil (x)', expect: 'refused' },
        {
          name: 'a write with RETURNING',
          sql: "UPDATE leads SET name = 'x' RETURNING id",
          expect: 'refused',
        },
      ];
  }
}
