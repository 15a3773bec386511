import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import mysql from 'mysql2/promise';

/** The database engine a test run uses: `DB=sqlite` (default), `DB=postgres` or `DB=mysql`. */
export type Engine = 'sqlite' | 'postgres' | 'mysql';

export function engine(): Engine {
  const value = (process.env.DB ?? 'sqlite').toLowerCase();
  if (value === 'sqlite' || value === 'postgres' || value === 'mysql') return value;
  if (value === 'mariadb') return 'mysql';
  throw new Error(`DB must be sqlite, postgres or mysql (got "${value}")`);
}

export const PREFIX = 'dashtest_';

export const postgresAdmin = () => ({
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
  database: 'test',
});

export const mysqlAdmin = () => ({
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
});

export async function withPostgres<T>(
  run: (query: (sql: string) => Promise<{ rows: any[] }>) => Promise<T>,
  database = 'test'
): Promise<T> {
  const client = new Client({ ...postgresAdmin(), database });
  await client.connect();
  try {
    return await run((sql) => client.query(sql));
  } finally {
    await client.end();
  }
}

/**
 * Holds a table of a test's PostgreSQL database (`env`: its TestDatabase env) in ACCESS EXCLUSIVE
 * mode: whatever reads it waits until the returned release is called.
 */
export async function holdPostgresTable(env: Record<string, string>, table: string) {
  const holder = new Client({
    host: env.DATABASE_HOST,
    port: Number(env.DATABASE_PORT),
    user: env.DATABASE_USERNAME,
    password: env.DATABASE_PASSWORD || undefined,
    database: env.DATABASE_NAME,
  });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return async () => {
    await holder.query('COMMIT');
    await holder.end();
  };
}

export async function withMysql<T>(run: (query: (sql: string) => Promise<any[]>) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection(mysqlAdmin());
  try {
    return await run(async (sql) => (await connection.query(sql))[0] as any[]);
  } finally {
    await connection.end();
  }
}

export interface TestDatabase {
  /** Environment variables that point the playground's config/database.ts at this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file on the run's engine (or the one given). */
export async function createTestDatabase(on: Engine = engine()): Promise<TestDatabase> {
  const name = `${PREFIX}${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  switch (on) {
    case 'sqlite': {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
      return {
        env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
        drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'postgres': {
      await withPostgres((query) => query(`CREATE DATABASE ${name}`));
      const admin = postgresAdmin();
      return {
        env: {
          DATABASE_CLIENT: 'postgres',
          DATABASE_HOST: admin.host,
          DATABASE_PORT: String(admin.port),
          DATABASE_USERNAME: admin.user,
          DATABASE_PASSWORD: admin.password,
          DATABASE_NAME: name,
        },
        // the role the plugin keeps for tile SQL on this database goes with it
        drop: () =>
          withPostgres(async (query) => {
            await query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await query(`DROP ROLE IF EXISTS dashboards_reader_${name}`);
          }).then(() => {}),
      };
    }
    case 'mysql': {
      await withMysql((query) =>
        query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
      );
      const admin = mysqlAdmin();
      return {
        env: {
          DATABASE_CLIENT: 'mysql',
          DATABASE_HOST: admin.host,
          DATABASE_PORT: String(admin.port),
          DATABASE_USERNAME: admin.user,
          DATABASE_PASSWORD: admin.password,
          DATABASE_NAME: name,
        },
        drop: () => withMysql((query) => query(`DROP DATABASE IF EXISTS ${name}`)).then(() => {}),
      };
    }
  }
}

/** A plugin datasource config reaching the test database through its own connection. */
export function externalConnection(
  env: Record<string, string | undefined>,
  account?: { user: string; password: string } | null
) {
  switch (engine()) {
    case 'sqlite':
      return { client: 'sqlite', connection: { filename: env.DATABASE_FILENAME } };
    case 'postgres':
    case 'mysql':
      return {
        client: engine(),
        connection: {
          host: env.DATABASE_HOST,
          port: Number(env.DATABASE_PORT),
          user: account?.user ?? env.DATABASE_USERNAME,
          password: account?.password ?? env.DATABASE_PASSWORD,
          database: env.DATABASE_NAME,
        },
      };
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Our databases whose test process is gone (killed before it could drop them). */
const isLeftover = (name: string) => !isAlive(Number(name.slice(PREFIX.length).split('_')[0]));

/** Databases left by an earlier run that was killed before it could drop them. */
export async function dropLeftoverDatabases() {
  switch (engine()) {
    case 'sqlite':
      return;
    case 'postgres':
      return withPostgres(async (query) => {
        const { rows } = await query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
        for (const { datname } of rows.filter((row) => isLeftover(row.datname)))
          await query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
        const roles = await query(
          `SELECT rolname FROM pg_roles WHERE rolname LIKE 'dashboards_reader_${PREFIX}%' OR rolname LIKE '${PREFIX}%'`
        );
        for (const { rolname } of roles.rows) {
          const owner = rolname.replace(/^dashboards_reader_/, '');
          if (isLeftover(owner)) await query(`DROP ROLE IF EXISTS ${rolname}`);
        }
      });
    case 'mysql':
      return withMysql(async (query) => {
        const rows = await query(`SHOW DATABASES LIKE '${PREFIX}%'`);
        for (const name of rows.map((row) => String(Object.values(row)[0])).filter(isLeftover)) {
          await query(`DROP DATABASE IF EXISTS \`${name}\``);
        }
        const users = await query(
          `SELECT User AS name, Host AS host FROM mysql.user WHERE User LIKE '${PREFIX}%'`
        );
        for (const { name, host } of users.filter((row) => isLeftover(row.name))) {
          await query(`DROP USER IF EXISTS '${name}'@'${host}'`);
        }
      });
  }
}
