/** The SQL editor's pure helpers: dialects, quoting of inserted names, the schema tree's search. */

import type { TableListing } from '../../../../contracts/query';

export type SqlClient = 'postgres' | 'mysql' | 'sqlite';

/** A name as it can be written in a query: bare when it is a plain lower-case word, quoted otherwise. */
export function sqlIdentifier(name: string, client: SqlClient): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name)) return name;
  return client === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

/** A table as a query names it: with its schema unless it is the one unqualified names read. */
export function tableName(table: TableListing, client: SqlClient, defaultSchema: string | null): string {
  const name = sqlIdentifier(table.name, client);
  return table.schema && table.schema !== defaultSchema
    ? `${sqlIdentifier(table.schema, client)}.${name}`
    : name;
}

/** PostgreSQL reads unqualified names from `public` unless the datasource says otherwise. */
export const defaultSchemaOf = (client: SqlClient): string | null =>
  client === 'postgres' ? 'public' : null;

export interface FilteredTable {
  table: TableListing;
  /** The columns to show: all of them, or those that match the search when the table's name does not. */
  columns: TableListing['columns'];
  /** Whether the search opened the table (one of its columns matches). */
  opened: boolean;
}

/** The schema tree's tables for a search (case-insensitive, on table and column names). */
export function filterTables(tables: readonly TableListing[], search: string): FilteredTable[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return tables.map((table) => ({ table, columns: table.columns, opened: false }));
  const result: FilteredTable[] = [];
  for (const table of tables) {
    const label = table.schema ? `${table.schema}.${table.name}` : table.name;
    const columns = table.columns.filter((column) => column.name.toLowerCase().includes(needle));
    if (label.toLowerCase().includes(needle)) {
      result.push({ table, columns: table.columns, opened: columns.length > 0 });
    } else if (columns.length > 0) {
      result.push({ table, columns, opened: true });
    }
  }
  return result;
}
