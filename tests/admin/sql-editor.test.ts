import type { TableListing } from '../../contracts/query';
import { formatSql } from '../../admin/src/components/sql-editor/format';
import {
  defaultSchemaOf,
  filterTables,
  sqlIdentifier,
  tableName,
} from '../../admin/src/components/sql-editor/identifiers';

/** The SQL editor's pure helpers: names as a click inserts them, the schema tree's search, Format. */

const tables: TableListing[] = [
  {
    schema: 'public',
    name: 'leads',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'source', type: 'character varying' },
      { name: 'createdAt', type: 'timestamp' },
    ],
  },
  { schema: 'crm', name: 'Stage History', columns: [{ name: 'lead_id', type: 'integer' }] },
  { schema: 'public', name: 'teams', columns: [{ name: 'name', type: 'text' }] },
];

it('inserts plain names bare and quotes the others in the dialect’s quotes', () => {
  expect(sqlIdentifier('leads', 'postgres')).toBe('leads');
  expect(sqlIdentifier('createdAt', 'postgres')).toBe('"createdAt"');
  expect(sqlIdentifier('createdAt', 'sqlite')).toBe('"createdAt"');
  expect(sqlIdentifier('created`At', 'mysql')).toBe('`created``At`');
  expect(sqlIdentifier('a"b', 'postgres')).toBe('"a""b"');
  expect(defaultSchemaOf('postgres')).toBe('public');
  expect(tableName(tables[0], 'postgres', 'public')).toBe('leads');
  expect(tableName(tables[1], 'postgres', 'public')).toBe('crm."Stage History"');
  expect(tableName({ schema: null, name: 'leads', columns: [] }, 'sqlite', null)).toBe('leads');
});

it('searches table and column names, opening the tables whose columns match', () => {
  const shown = (search: string) =>
    filterTables(tables, search).map(({ table, columns, opened }) => [
      table.name,
      columns.map((column) => column.name),
      opened,
    ]);
  expect(shown('')).toEqual([
    ['leads', ['id', 'source', 'createdAt'], false],
    ['Stage History', ['lead_id'], false],
    ['teams', ['name'], false],
  ]);
  expect(shown('LEAD')).toEqual([
    ['leads', ['id', 'source', 'createdAt'], false],
    ['Stage History', ['lead_id'], true],
  ]);
  expect(shown('crm.')).toEqual([['Stage History', ['lead_id'], false]]);
  expect(shown(' sour ')).toEqual([['leads', ['source'], true]]);
  expect(shown('nothing')).toEqual([]);
});

it('formats in the dialect, keeping placeholders and refusing what it cannot read', () => {
  expect(formatSql('select id, `name` from leads where source = {{ source }} limit 5', 'mysql')).toBe(
    [
      'SELECT',
      '  id,',
      '  `name`',
      'FROM',
      '  leads',
      'WHERE',
      '  source = {{ source }}',
      'LIMIT',
      '  5',
    ].join('\n')
  );
  expect(formatSql('select "x"::int as n', 'postgres')).toBe(['SELECT', '  "x"::int AS n'].join('\n'));
  expect(() => formatSql('select (', 'sqlite')).toThrow();
});
