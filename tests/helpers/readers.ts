import crypto from 'crypto';
import { engine, externalConnection, PREFIX, withMysql, withPostgres } from './database';
import { bootTestApp, type TestApp } from './strapi';

type Env = Record<string, string | undefined>;

/**
 * A database account made for tile SQL, as an administrator would make it: it can log in and read
 * nothing until `grant` gives it SELECT on some tables of a test database. PostgreSQL and MySQL
 * only (SQLite has no users).
 */
export interface ReaderAccount {
  user: string;
  password: string;
  /** SELECT on each table (`table` in the test database's default schema, or `schema.table`). */
  grant(env: Env, tables: string[]): Promise<void>;
  /** Runs SQL in the test database as its administrator (to give the reader too much on purpose). */
  asAdmin(env: Env, sql: string): Promise<void>;
  drop(): Promise<void>;
}

const pgName = (name: string) => `"${name.replace(/"/g, '""')}"`;
const myName = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export async function createReaderAccount(): Promise<ReaderAccount | null> {
  const user = `${PREFIX}${process.pid}_r${crypto.randomBytes(3).toString('hex')}`;
  const password = crypto.randomBytes(12).toString('hex');
  const split = (table: string, fallback: string) => {
    const dot = table.indexOf('.');
    return dot === -1 ? [fallback, table] : [table.slice(0, dot), table.slice(dot + 1)];
  };
  switch (engine()) {
    case 'sqlite':
      return null;
    case 'postgres': {
      await withPostgres((query) => query(`CREATE ROLE ${pgName(user)} LOGIN PASSWORD '${password}'`));
      const asAdmin = (env: Env, sql: string) =>
        withPostgres((query) => query(sql), env.DATABASE_NAME).then(() => undefined);
      return {
        user,
        password,
        asAdmin,
        async grant(env, tables) {
          const statements = [`GRANT CONNECT ON DATABASE ${pgName(env.DATABASE_NAME!)} TO ${pgName(user)}`];
          for (const table of tables) {
            const [schema, name] = split(table, 'public');
            statements.push(`GRANT USAGE ON SCHEMA ${pgName(schema)} TO ${pgName(user)}`);
            statements.push(`GRANT SELECT ON ${pgName(schema)}.${pgName(name)} TO ${pgName(user)}`);
          }
          await asAdmin(env, statements.join(';\n'));
        },
        // the test database is dropped first, and with it every privilege the role held there
        drop: () =>
          withPostgres((query) => query(`DROP ROLE IF EXISTS ${pgName(user)}`)).then(() => undefined),
      };
    }
    case 'mysql': {
      const account = `'${user}'@'%'`;
      await withMysql((query) => query(`CREATE USER ${account} IDENTIFIED BY '${password}'`));
      const asAdmin = (_env: Env, sql: string) => withMysql((query) => query(sql)).then(() => undefined);
      return {
        user,
        password,
        asAdmin,
        async grant(env, tables) {
          await withMysql(async (query) => {
            for (const table of tables) {
              const [database, name] = split(table, env.DATABASE_NAME!);
              await query(`GRANT SELECT ON ${myName(database)}.${myName(name)} TO ${account}`);
            }
          });
        },
        drop: () => withMysql((query) => query(`DROP USER IF EXISTS ${account}`)).then(() => undefined),
      };
    }
  }
}

/** The tables of the playground's api:: content types and their link tables (what tiles may read by default). */
export function apiTables(strapi: { db: { metadata: unknown } }): string[] {
  const tables = new Set<string>();
  for (const [uid, meta] of strapi.db.metadata as Map<string, any>) {
    if (!uid.startsWith('api::')) continue;
    tables.add(meta.tableName);
    for (const attribute of Object.values<any>(meta.attributes)) {
      if (attribute.joinTable) tables.add(attribute.joinTable.name);
    }
  }
  return [...tables].sort();
}

export interface AppWithReader {
  app: TestApp;
  /** The test database's settings (the playground's DATABASE_* variables). */
  env: Env;
  /** The external datasource's account (null on SQLite). */
  reader: ReaderAccount | null;
  close(): Promise<void>;
}

/**
 * Boots the playground with an external datasource `id` on the test database whose account is a
 * reader with SELECT on `tables` (granted once Strapi has made them), as an administrator would set it up.
 */
export async function bootWithReaderDatasource(options: {
  id: string;
  tables: string[];
  datasource?: Record<string, unknown>;
  config?: Record<string, any>;
}): Promise<AppWithReader> {
  const reader = await createReaderAccount();
  let env: Env = {};
  const app = await bootTestApp({
    configure: (given) => {
      env = given;
      return {
        ...options.config,
        datasources: { [options.id]: { ...externalConnection(given, reader), ...options.datasource } },
      };
    },
  });
  await reader?.grant(env, options.tables);
  return {
    app,
    env,
    reader,
    async close() {
      await app.close();
      await reader?.drop();
    },
  };
}
