import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import mysql from 'mysql2/promise';
import { managedRoleName } from '../../server/query/readers';

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

/**
 * Where global setup left a database the playground has booted on once (its schema made, its
 * bootstrap rows written): a SQLite file, or a PostgreSQL or MySQL database's name.
 */
const TEMPLATE = 'DASHBOARDS_TEST_TEMPLATE';

/**
 * A fresh database for one test file on the run's engine (or the one given): empty, or with
 * `fromTemplate` a copy of the database the playground booted on once, where there is one (a
 * first boot makes ~100 tables: a copy saves it ~8 s).
 */
export async function createTestDatabase(
  on: Engine = engine(),
  { fromTemplate = false } = {}
): Promise<TestDatabase> {
  const name = `${PREFIX}${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const template = fromTemplate && on === engine() ? process.env[TEMPLATE] : undefined;
  switch (on) {
    case 'sqlite': {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
      if (template) fs.copyFileSync(template, path.join(dir, 'data.db'));
      return {
        env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
        drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    }
    case 'postgres': {
      await withPostgres((query) =>
        query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`)
      );
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
      await withMysql(async (query) => {
        await query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        if (template) await copyMysqlDatabase(query, template, name);
      });
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

/** Copies every table of one MySQL database (its definition, keys and rows) into another, empty one. */
async function copyMysqlDatabase(query: (sql: string) => Promise<any[]>, template: string, into: string) {
  const tables = (await query(`SHOW FULL TABLES FROM \`${template}\` WHERE Table_type = 'BASE TABLE'`)).map(
    (row) => String(Object.values(row)[0])
  );
  await query('SET FOREIGN_KEY_CHECKS = 0');
  await query(`USE \`${into}\``);
  for (const table of tables) {
    const [definition] = await query(`SHOW CREATE TABLE \`${template}\`.\`${table}\``);
    await query(definition['Create Table']);
    await query(`INSERT INTO \`${table}\` SELECT * FROM \`${template}\`.\`${table}\``);
  }
  await query('SET FOREIGN_KEY_CHECKS = 1');
}

/**
 * Boots the playground once on a new database of the run's engine and names it in the environment,
 * for `createTestDatabase(engine, { fromTemplate: true })` to copy.
 */
export async function createTemplateDatabase(
  appEnv: (env: Record<string, string>) => Record<string, string>
) {
  const database = await createTestDatabase();
  const boot = path.resolve(__dirname, '..', '..', 'playground', 'dist', 'scripts', 'boot.js');
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(boot)}).withPlayground(async () => {})`], {
    env: { ...process.env, ...appEnv(database.env) },
    stdio: 'inherit',
  });
  if (engine() === 'sqlite') {
    process.env[TEMPLATE] = database.env.DATABASE_FILENAME;
    return;
  }
  if (engine() === 'mysql') {
    process.env[TEMPLATE] = database.env.DATABASE_NAME;
    return;
  }
  // the copies make their own reader role: the template's goes, with its grants
  const role = managedRoleName(database.env.DATABASE_NAME);
  const { rows } = await withPostgres((query) => query(`SELECT 1 FROM pg_roles WHERE rolname = '${role}'`));
  if (rows.length > 0) {
    await withPostgres((query) => query(`DROP OWNED BY ${role}`), database.env.DATABASE_NAME);
    await withPostgres((query) => query(`DROP ROLE ${role}`));
  }
  process.env[TEMPLATE] = database.env.DATABASE_NAME;
}

/** Drops the template database global setup made, if any. */
export async function dropTemplateDatabase() {
  const template = process.env[TEMPLATE];
  if (!template) return;
  if (engine() === 'sqlite') fs.rmSync(path.dirname(template), { recursive: true, force: true });
  else if (engine() === 'mysql') await withMysql((query) => query(`DROP DATABASE IF EXISTS \`${template}\``));
  else await withPostgres((query) => query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  delete process.env[TEMPLATE];
}
