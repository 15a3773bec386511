import type { Core } from '@strapi/strapi';
import type { SqlAccess } from '../../contracts/query';
import { getConfig, type DatasourceConfig } from '../config';
import { mysqlRunner, postgresRunner, type Runner } from './runners';
import { sqliteRunner } from './sqlite-runner';
import type { Dialect } from './sql-guard';
import { tablePolicy, type TablePolicy } from './policy';
import { Semaphore } from './semaphore';
import { allMetadata } from '../db/metadata';
import { connectionDatabase, type Location } from './locations';
import {
  managedPassword,
  managedRoleName,
  mysqlReaderStatements,
  probeReader,
  syncManagedPostgresReader,
} from './readers';

export const STRAPI_DATASOURCE = 'strapi';

/** How long a probe's verdict on a reader is trusted before it is asked again. */
const PROBE_TTL_MS = 60_000;

export interface Datasource {
  id: string;
  label: string;
  client: Dialect;
  policy: TablePolicy;
  location: Location;
  /** Bounds how many queries run on it at once. */
  slots: Semaphore;
  /** Runs the plugin's own SQL (catalog listings; content-type queries on Strapi's database). */
  runner(): Runner;
  /** Runs tile SQL as the datasource's reader; null when it has none (access() says why). */
  reader(): Runner | null;
  /** Whether tile SQL may run here: the probe's verdict on the reader (cached, `fresh` asks again). */
  access(fresh?: boolean): Promise<SqlAccess>;
}

type PoolConfig = NonNullable<DatasourceConfig['pool']>;
type Connection = string | Record<string, unknown>;

/** A driver pool (pg or mysql2) for a knex-style connection setting. */
function driverRunner(client: Exclude<Dialect, 'sqlite'>, connection: Connection, pool: PoolConfig): Runner {
  const settings = typeof connection === 'string' ? { connectionString: connection } : connection;
  if (client === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Pool } = require('pg') as typeof import('pg');
    const { schema: _schema, searchPath: _searchPath, ...rest } = settings as Record<string, unknown>;
    return postgresRunner(
      new Pool({
        ...rest,
        min: pool.min ?? 0,
        max: pool.max ?? 4,
        idleTimeoutMillis: pool.idleTimeoutMillis ?? 10_000,
        connectionTimeoutMillis: 10_000,
        allowExitOnIdle: true,
      })
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2') as typeof import('mysql2');
  const given = typeof connection === 'string' ? { uri: connection } : connection;
  return mysqlRunner(
    mysql.createPool({
      ...(given as object),
      connectionLimit: pool.max ?? 4,
      maxIdle: pool.min ?? 0,
      idleTimeout: pool.idleTimeoutMillis ?? 10_000,
      maxPreparedStatements: 64,
      multipleStatements: false,
    })
  );
}

function createRunner(client: Dialect, connection: any, pool: PoolConfig): Runner {
  if (client === 'sqlite') {
    const filename = typeof connection === 'string' ? connection : connection.filename;
    return sqliteRunner(filename);
  }
  return driverRunner(client, connection, pool);
}

/** The connection with another account's credentials. */
function asAccount(connection: Connection, user: string, password: string): Connection {
  if (typeof connection === 'string') {
    const url = new URL(connection);
    url.username = encodeURIComponent(user);
    url.password = encodeURIComponent(password);
    return url.toString();
  }
  return { ...connection, user, password };
}

/** Tables of the app's own api:: content types (and their link tables), and all the others Strapi keeps. */
function strapiTables(strapi: Core.Strapi) {
  const api = new Set<string>();
  const other = new Set<string>([
    'strapi_migrations',
    'strapi_migrations_internal',
    'strapi_database_schema',
  ]);
  for (const [uid, meta] of allMetadata(strapi)) {
    const into = uid.startsWith('api::') ? api : other;
    into.add(meta.tableName);
    for (const attribute of Object.values(meta.attributes)) {
      if (attribute.joinTable) into.add(attribute.joinTable.name);
    }
  }
  for (const table of api) other.delete(table);
  return { api: [...api], other: [...other] };
}

/** The datasources tiles may query: the plugin config's, plus Strapi's own database. */
export function createDatasourceRegistry(strapi: Core.Strapi) {
  const runners = new Map<string, Runner>();
  let datasources: Map<string, Datasource> | undefined;

  const lazyRunner = (key: string, make: () => Runner) => () => {
    if (!runners.has(key)) runners.set(key, make());
    return runners.get(key)!;
  };

  /**
   * The probe's verdict on a reader, cached for a while. It asks on a connection of its own (MySQL
   * grants reach a session only when it starts), a verdict that could not be reached is asked again
   * next time, and when the verdict changes the reader's pool is replaced, so no session keeps
   * privileges the probe no longer sees.
   */
  function probed(
    key: string,
    client: Dialect,
    policy: TablePolicy,
    probeRunner: (() => Runner) | null,
    before: () => Promise<SqlAccess | null>
  ) {
    let verdict: { access: Promise<SqlAccess>; at: number; retry: boolean } | null = null;
    let enabled: boolean | null = null;
    return (fresh = false) => {
      if (fresh || !verdict || verdict.retry || Date.now() - verdict.at > PROBE_TTL_MS) {
        const current: NonNullable<typeof verdict> = {
          access: Promise.resolve(null as never),
          at: Date.now(),
          retry: false,
        };
        current.access = (async () => {
          const refused = await before();
          if (refused) return refused;
          if (!probeRunner) return { enabled: true, reader: null, problems: [] };
          const runner = probeRunner();
          try {
            return await probeReader(runner, { client, policy });
          } finally {
            await runner.destroy().catch(() => undefined);
          }
        })().then(async (result) => {
          current.retry = result.problems.some((problem) => problem.fix === null);
          if (enabled !== null && enabled !== result.enabled) await recycle(key);
          enabled = result.enabled;
          if (!result.enabled) {
            strapi.log.warn(
              `[dashboards] SQL tiles are off on datasource "${key}": ${result.problems.map((problem) => problem.message).join('; ')}`
            );
          }
          return result;
        });
        verdict = current;
      }
      return verdict.access;
    };
  }

  /** Ends a datasource's reader pool; the next query opens a new one. */
  async function recycle(key: string) {
    for (const name of [key, `${key}:reader`]) {
      const runner = runners.get(name);
      runners.delete(name);
      await runner?.destroy().catch(() => undefined);
    }
  }

  /** Strapi's own database: a datasource when enabled, and always where content-type queries run. */
  function strapiDatabase(): Datasource {
    const config = getConfig(strapi);
    const client = strapi.db.dialect.client as Dialect;
    const connection = (strapi.db.config.connection as any).connection;
    const { maxConcurrency, reader: readerConfig } = config.strapiDatasource;
    const database = connectionDatabase(client, connection);
    const schema = client === 'postgres' ? (connection.schema ?? 'public') : null;
    const tables = strapiTables(strapi);
    const policy = tablePolicy({
      patterns: config.strapiDatasource.allowedTables ?? tables.api,
      defaultSchema: client === 'postgres' ? schema : client === 'mysql' ? database : null,
      denied: tables.other,
    });
    const role = config.strapiDatasource.readerRole ?? managedRoleName(database ?? 'strapi');
    const secret = (config.sharing.secret ?? strapi.config.get('admin.auth.secret') ?? '') as string;
    const managed = readerConfig === 'managed';

    /** The allowed tables that exist, for the managed role's grants and the MySQL instructions. */
    const allowedTables = async (): Promise<string[]> => {
      const names: string[] =
        client === 'postgres'
          ? (
              await strapi.db.connection.raw('SELECT tablename FROM pg_tables WHERE schemaname = ?', [schema])
            ).rows.map((row: { tablename: string }) => row.tablename)
          : client === 'mysql'
            ? (
                await strapi.db.connection.raw(
                  'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
                )
              )[0].map((row: { name: string }) => row.name)
            : [];
      return names.filter((table) => policy.allowsTable({ schema: null, table })).sort();
    };

    let managedRole: Promise<SqlAccess | null> | null = null;
    /** Keeps the managed PostgreSQL role in step (once per instance); a verdict when it cannot. */
    const prepareReader = (): Promise<SqlAccess | null> => {
      if (client === 'mysql' && managed) {
        return allowedTables().then((names) => ({
          enabled: false,
          reader: null,
          problems: [
            {
              message:
                "SQL on Strapi's MySQL/MariaDB database needs an account of its own that can only read the allowed tables; none is configured",
              fix: `${mysqlReaderStatements(database ?? 'strapi', names)}\n-- then set strapiDatasource.reader: { user: 'dashboards_reader', password } in config/plugins`,
            },
          ],
        }));
      }
      if (client !== 'postgres' || !managed) return Promise.resolve(null);
      managedRole ??= (async () => {
        try {
          await syncManagedPostgresReader(strapi.db.connection, {
            role,
            password: managedPassword(secret, role),
            schema: schema!,
            tables: await allowedTables(),
          });
          strapi.log.info(
            `[dashboards] SQL tiles on Strapi's database run as the role ${role}, which can only SELECT the allowed tables`
          );
          return null;
        } catch (error) {
          managedRole = null;
          return {
            enabled: false,
            reader: role,
            problems: [
              {
                message: `The plugin could not create its reader role ${role}: ${error instanceof Error ? error.message : String(error)}`,
                fix: `ALTER ROLE ${connection.user ?? 'CURRENT_USER'} CREATEROLE; -- or set strapiDatasource.reader to the credentials of a role with SELECT on the allowed tables only`,
              },
            ],
          };
        }
      })();
      return managedRole;
    };

    const readerAccount =
      client === 'sqlite'
        ? null
        : managed
          ? client === 'postgres'
            ? { user: role, password: managedPassword(secret, role) }
            : null
          : readerConfig;
    const pool = { max: maxConcurrency };
    const reader = () =>
      client === 'sqlite'
        ? lazyRunner(`${STRAPI_DATASOURCE}:trusted`, () => createRunner(client, connection, pool))()
        : readerAccount
          ? lazyRunner(`${STRAPI_DATASOURCE}:reader`, () =>
              createRunner(client, asAccount(connection, readerAccount.user, readerAccount.password), pool)
            )()
          : null;
    return {
      id: STRAPI_DATASOURCE,
      label: config.strapiDatasource.label,
      client,
      policy,
      location: { database, schema, fixed: true },
      slots: new Semaphore(client === 'sqlite' ? 1 : maxConcurrency),
      runner: lazyRunner(`${STRAPI_DATASOURCE}:trusted`, () => createRunner(client, connection, pool)),
      reader,
      access: probed(
        STRAPI_DATASOURCE,
        client,
        policy,
        readerAccount
          ? () =>
              createRunner(client, asAccount(connection, readerAccount.user, readerAccount.password), {
                max: 1,
              })
          : null,
        prepareReader
      ),
    };
  }

  let strapiDb: Datasource | undefined;

  function external(id: string, source: DatasourceConfig): Datasource {
    const database = connectionDatabase(source.client, source.connection);
    const schema = source.client === 'postgres' ? 'public' : null;
    const policy = tablePolicy({
      patterns: source.allowedTables,
      defaultSchema: source.client === 'postgres' ? schema : database,
    });
    // the configured account is the datasource's reader: tile SQL and the catalog both use it
    const runner = lazyRunner(id, () =>
      createRunner(source.client, source.connection, { max: source.maxConcurrency, ...source.pool })
    );
    return {
      id,
      label: source.label ?? id,
      client: source.client,
      policy,
      location: { database, schema, fixed: false },
      slots: new Semaphore(source.client === 'sqlite' ? 1 : source.maxConcurrency),
      runner,
      reader: runner,
      access: probed(
        id,
        source.client,
        policy,
        source.client === 'sqlite' ? null : () => createRunner(source.client, source.connection, { max: 1 }),
        async () => null
      ),
    };
  }

  function build() {
    const config = getConfig(strapi);
    const all = new Map<string, Datasource>();
    strapiDb ??= strapiDatabase();
    if (config.strapiDatasource.enabled) all.set(STRAPI_DATASOURCE, strapiDb);
    for (const [id, source] of Object.entries<DatasourceConfig>(config.datasources)) {
      all.set(id, external(id, source));
    }
    return all;
  }

  return {
    get(id: string): Datasource | undefined {
      datasources ??= build();
      return datasources.get(id);
    },
    list(): Datasource[] {
      datasources ??= build();
      return [...datasources.values()];
    },
    /** Strapi's database, whether or not tiles may run SQL on it. */
    strapiDatabase(): Datasource {
      strapiDb ??= strapiDatabase();
      return strapiDb;
    },
    async destroy() {
      await Promise.all([...runners.values()].map((runner) => runner.destroy().catch(() => undefined)));
      runners.clear();
    },
  };
}

export type DatasourceRegistry = ReturnType<typeof createDatasourceRegistry>;
