import { checkSql, SqlRefusedError, type Dialect, type TableRef } from '../../server/query/sql-guard';
import { hostileSql, LEGITIMATE_SQL } from './hostile-sql';
import { loadPostgresParser } from '../../server/query/pg-guard';
import {
  editDistance,
  nearestName,
  refusedTable,
  tableNotAllowed,
  tableWithSuggestion,
} from '../../server/query/refusal';

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

describe('refusals in plain words', () => {
  const messageOf = (sql: string, dialect: Dialect) => {
    try {
      checkSql(sql, dialect, policy);
      return 'allowed';
    } catch (error) {
      return `${(error as SqlRefusedError).reason}: ${(error as SqlRefusedError).message}`;
    }
  };
  const onEach = (sql: string) =>
    Object.fromEntries((['postgres', 'mysql', 'sqlite'] as Dialect[]).map((d) => [d, messageOf(sql, d)]));

  it('words a syntax error the same way on every dialect, quoting the author’s text and its line', () => {
    const near = 'unparsable: Syntax error near `leads` (line 2)';
    expect(onEach('SELECT name\nFRM leads')).toEqual({ postgres: near, mysql: near, sqlite: near });
    const end = 'unparsable: Syntax error at the end of the query (line 3)';
    expect(onEach('SELECT name\nFROM leads\nWHERE')).toEqual({ postgres: end, mysql: end, sqlite: end });
    const equals = 'unparsable: Syntax error near `=` (line 1)';
    expect(onEach('SELECT id FROM leads WHERE id = = 1')).toEqual({
      postgres: equals,
      mysql: equals,
      sqlite: equals,
    });
  });

  it('never shows the parser’s expectations', () => {
    for (const sql of ['SELECT name FRM leads', 'SELECT (1', 'SELECT * FROM leads WHERE', "SELECT 'a"]) {
      for (const message of Object.values(onEach(sql))) {
        expect(message).toMatch(
          /^unparsable: Syntax error (near `[^`]+` \(line \d+\)|at the end of the query)/
        );
        expect(message).not.toMatch(/Expected|but .* found|\[A-Za-z|syntax error at or near|gram\.y/);
      }
    }
  });

  it('names a reserved word used as an alias, where the dialect’s parser refuses it', () => {
    expect(onEach('SELECT COUNT(*) AS count FROM leads')).toEqual({
      postgres: 'allowed',
      mysql: 'allowed',
      sqlite: 'reserved_word: `count` cannot be used as a column name here, rename it',
    });
    expect(onEach('SELECT id AS Order FROM leads')).toEqual({
      postgres: 'allowed',
      mysql: 'reserved_word: `Order` cannot be used as a column name here, rename it',
      sqlite: 'reserved_word: `Order` cannot be used as a column name here, rename it',
    });
    const alias = 'reserved_word: `order` cannot be used as a table alias here, rename it';
    expect(onEach('SELECT id FROM leads AS order')).toEqual({ postgres: alias, mysql: alias, sqlite: alias });
  });
});

it('names the table the grammar stumbled on rather than a syntax error (MySQL’s grammar reads `lead` as LEAD())', () => {
  for (const dialect of ['postgres', 'mysql', 'sqlite'] as Dialect[]) {
    expect(() => checkSql('SELECT name FROM lead', dialect, policy)).toThrow(
      '`lead` is not a table this datasource allows'
    );
  }
  expect(() => checkSql('SELECT EXTRACT(YEAR FROM created_at) FROM leads WHERE', 'mysql', policy)).toThrow(
    'Syntax error at the end of the query (line 1)'
  );
});

describe('the nearest allowed table', () => {
  it('is a slip of one edit for short names, up to three for long ones, and never the same name', () => {
    const tables = ['leads', 'opportunities', 'stages', 'stage_histories', 'tasks', 'teams'];
    expect(nearestName('lead', tables)).toBe('leads');
    expect(nearestName('Lead', tables)).toBe('leads');
    expect(nearestName('stage', tables)).toBe('stages');
    expect(nearestName('opportunity', tables)).toBe('opportunities');
    expect(nearestName('stage_history', tables)).toBe('stage_histories');
    expect(nearestName('task', tables)).toBe('tasks');
    // a tie goes to the first in alphabetical order
    expect(nearestName('team', ['tram', 'teams'])).toBe('teams');
    expect(nearestName('admin_users', tables)).toBeNull();
    expect(nearestName('up_users', tables)).toBeNull();
    expect(nearestName('leads', tables)).toBeNull();
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('is read back from the refusal of a table', () => {
    expect(refusedTable(tableNotAllowed(null, 'lead'))).toBe('lead');
    expect(refusedTable(tableNotAllowed('crm', 'lead'))).toBe('crm.lead');
    expect(refusedTable(new SqlRefusedError('The query is empty', 'unparsable'))).toBeNull();
    expect(tableWithSuggestion('lead', 'leads').message).toBe(
      '`lead` is not a table of this datasource — did you mean `leads`?'
    );
  });
});
