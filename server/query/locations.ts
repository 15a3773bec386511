import { invalidField } from '../http/errors';
import type { Dialect } from './sql-guard';

/** Where a datasource's connection points, and whether a tile may point it elsewhere. */
export interface Location {
  /** The connection's database, when the config names it. */
  database: string | null;
  /** Its default schema (PostgreSQL), when known. */
  schema: string | null;
  /** Strapi's own database: tiles stay in its database and schema. */
  fixed: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const SYSTEM_SCHEMAS = new Set([
  'pg_catalog',
  'information_schema',
  'pg_toast',
  'mysql',
  'performance_schema',
  'sys',
]);

/** The database a knex connection setting (object or URL) names. */
export function connectionDatabase(client: Dialect, connection: unknown): string | null {
  if (client === 'sqlite') return null;
  if (typeof connection === 'string') {
    try {
      return decodeURIComponent(new URL(connection).pathname.slice(1)) || null;
    } catch {
      return null;
    }
  }
  const database = (connection as Record<string, unknown> | null)?.database;
  return typeof database === 'string' ? database : null;
}

/**
 * The schema a tile's `catalog`/`schema` select, checked against what the client supports:
 * PostgreSQL: catalog = the connection's database (a connection cannot switch), schema = the
 * search path. MySQL/MariaDB: schema = the database (MySQL has no catalogs). SQLite: neither.
 * A 400 names the field otherwise.
 */
export function resolveSchema(
  client: Dialect,
  location: Location,
  catalog: string | null | undefined,
  schema: string | null | undefined
): string | undefined {
  for (const [field, value] of [
    ['catalog', catalog],
    ['schema', schema],
  ] as const) {
    if (value && !IDENTIFIER.test(value))
      throw invalidField([field], 'must be an identifier (letters, digits, _ and $)');
    if (value && SYSTEM_SCHEMAS.has(value.toLowerCase()))
      throw invalidField([field], `${value} is a system catalog, which tiles may not read`);
  }
  switch (client) {
    case 'sqlite':
      for (const [field, value] of [
        ['catalog', catalog],
        ['schema', schema],
      ] as const) {
        if (value && value !== 'main')
          throw invalidField([field], 'a SQLite datasource has no catalogs or schemas');
      }
      return undefined;
    case 'postgres':
      if (catalog && catalog !== location.database) {
        throw invalidField(
          ['catalog'],
          location.database
            ? `must be this datasource's database "${location.database}"`
            : "must be left out: this datasource's connection does not name its database"
        );
      }
      if (schema && location.fixed && schema !== location.schema) {
        throw invalidField(['schema'], `must be "${location.schema}" on Strapi's database`);
      }
      return schema || undefined;
    case 'mysql':
      if (catalog && catalog !== 'def') {
        throw invalidField(['catalog'], 'MySQL has no catalogs: name the database as the schema');
      }
      if (schema && location.fixed && schema !== location.database) {
        throw invalidField(['schema'], `must be "${location.database}" on Strapi's database`);
      }
      if (schema && !location.database) {
        throw invalidField(
          ['schema'],
          "must be left out: this datasource's connection does not name its database"
        );
      }
      return schema || undefined;
  }
}
