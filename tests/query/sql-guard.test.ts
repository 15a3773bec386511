import { checkSql, SqlRefusedError, type Dialect, type TableRef } from '../../server/query/sql-guard';
import { hostileSql, LEGITIMATE_SQL } from './hostile-sql';
import { loadPostgresParser } from '../../server/query/pg-guard';

beforeAll(() => loadPostgresParser());

/** The CRM tables of the playground (and their link tables) are allowed; nothing else is. */
const policy = {
  allowsTable: ({ schema, table }: TableRef) =>
    schema === null &&
    /^(leads|opportunities|stages|pipelines|activities|tasks|targets|teams|departments|stage_histories)(_\w+_lnk)?$/.test(
      table
    ),
};

describe.each<Dialect>(['postgres', 'mysql', 'sqlite'])('SQL guard on %s', (dialect) => {
  it('has a hostile corpus of at least 40 statements', () => {
    expect(hostileSql(dialect).length).toBeGreaterThanOrEqual(40);
  });

  it.each(hostileSql(dialect).map((sql) => [sql]))('refuses %s', (sql) => {
    expect(() => checkSql(sql, dialect, policy)).toThrow(SqlRefusedError);
  });

  it.each(LEGITIMATE_SQL[dialect].map((sql) => [sql]))('allows %s', (sql) => {
    expect(checkSql(sql, dialect, policy).tables.length).toBeGreaterThan(0);
  });
});

it('names the reason of a refusal', () => {
  const reasonOf = (sql: string) => {
    try {
      checkSql(sql, 'postgres', policy);
      return 'allowed';
    } catch (error) {
      return (error as SqlRefusedError).reason;
    }
  };
  expect(reasonOf('SELECT 1; SELECT 2')).toBe('multiple_statements');
  expect(reasonOf('DELETE FROM leads')).toBe('not_select');
  expect(reasonOf('SELECT * FROM admin_users')).toBe('table_not_allowed');
  expect(reasonOf('SELECT * FROM pg_catalog.pg_user')).toBe('catalog');
  expect(reasonOf('SELECT pg_sleep(1)')).toBe('denied_function');
  expect(reasonOf('SELECT * INTO x FROM leads')).toBe('select_into');
  expect(reasonOf('SELECT * FROM leads FOR UPDATE')).toBe('locking_read');
});
