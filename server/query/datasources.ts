import type { Core } from '@strapi/strapi';
import knexFactory, { type Knex } from 'knex';
import { getConfig, type DatasourceConfig } from '../config';
import { mysqlRunner, postgresRunner, sqliteRunner, type Runner } from './runners';
import type { Dialect, GuardPolicy, TableRef } from './sql-guard';
import { Semaphore } from './semaphore';
import { connectionDatabase, type Location } from './locations';

export const STRAPI_DATASOURCE = 'strapi';

export interface Datasource {
  id: string;
  label: string;
  client: Dialect;
  policy: GuardPolicy;
  location: Location;
  /** Bounds how many queries run on it at once. */
  slots: Semaphore;
  runner(): Runner;
}

const KNEX_CLIENT: Record<Exclude<Dialect, 'sqlite'>, string> = { postgres: 'pg', mysql: 'mysql2' };

/** `table`, `schema.table`, with `*` as a wildcard, matched case-insensitively. */
export function tablePolicy(patterns: string[]): GuardPolicy {
  const matchers = patterns.map((pattern) => {
    const [schema, table] = pattern.includes('.') ? pattern.split('.', 2) : [null, pattern];
    const regex = (text: string) =>
      new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    return { schema: schema === null ? null : regex(schema), table: regex(table) };
  });
  return {
    allowsTable: ({ schema, table }: TableRef) =>
      matchers.some(
        (matcher) =>
          matcher.table.test(table) &&
          (matcher.schema === null ? true : schema !== null && matcher.schema.test(schema))
      ),
  };
}

/** The tables of the app's own api:: content types and their link tables: never admin, users-permissions, core or plugin tables. */
function apiTables(strapi: Core.Strapi): string[] {
  const tables = new Set<string>();
  for (const [uid, meta] of strapi.db.metadata as unknown as Map<string, any>) {
    if (!uid.startsWith('api::')) continue;
    tables.add(meta.tableName);
    for (const attribute of Object.values<any>(meta.attributes)) {
      if (attribute.joinTable) tables.add(attribute.joinTable.name);
    }
  }
  return [...tables];
}

type PoolConfig = NonNullable<DatasourceConfig['pool']>;

function ownKnex(client: Dialect, connection: unknown, pool: PoolConfig): Knex {
  return knexFactory({
    client: KNEX_CLIENT[client as Exclude<Dialect, 'sqlite'>],
    connection: connection as Knex.StaticConnectionConfig,
    pool: { min: 0, ...pool },
  });
}

function createRunner(client: Dialect, connection: any, pool: PoolConfig): Runner {
  if (client === 'sqlite') {
    const filename = typeof connection === 'string' ? connection : connection.filename;
    return sqliteRunner(filename);
  }
  const knex = ownKnex(client, connection, pool);
  return client === 'postgres' ? postgresRunner(knex, true) : mysqlRunner(knex, true);
}

/** The datasources tiles may query: the plugin config's, plus Strapi's own database. */
export function createDatasourceRegistry(strapi: Core.Strapi) {
  const runners = new Map<string, Runner>();
  let datasources: Map<string, Datasource> | undefined;

  const lazyRunner = (id: string, make: () => Runner) => () => {
    if (!runners.has(id)) runners.set(id, make());
    return runners.get(id)!;
  };

  /** Strapi's own database: a datasource when enabled, and always where content-type queries run. */
  function strapiDatabase(): Datasource {
    const config = getConfig(strapi);
    const client = strapi.db.dialect.client as Dialect;
    const connection = (strapi.db.config.connection as any).connection;
    const { maxConcurrency } = config.strapiDatasource;
    return {
      id: STRAPI_DATASOURCE,
      label: config.strapiDatasource.label,
      client,
      policy: tablePolicy(config.strapiDatasource.allowedTables ?? apiTables(strapi)),
      location: {
        database: connectionDatabase(client, connection),
        schema: client === 'postgres' ? (connection.schema ?? 'public') : null,
        fixed: true,
      },
      slots: new Semaphore(client === 'sqlite' ? 1 : maxConcurrency),
      runner: lazyRunner(STRAPI_DATASOURCE, () => createRunner(client, connection, { max: maxConcurrency })),
    };
  }

  let strapiDb: Datasource | undefined;

  function build() {
    const config = getConfig(strapi);
    const all = new Map<string, Datasource>();
    strapiDb ??= strapiDatabase();
    if (config.strapiDatasource.enabled) all.set(STRAPI_DATASOURCE, strapiDb);
    for (const [id, source] of Object.entries<DatasourceConfig>(config.datasources)) {
      all.set(id, {
        id,
        label: source.label ?? id,
        client: source.client,
        policy: tablePolicy(source.allowedTables),
        location: {
          database: connectionDatabase(source.client, source.connection),
          schema: null,
          fixed: false,
        },
        slots: new Semaphore(source.client === 'sqlite' ? 1 : source.maxConcurrency),
        runner: lazyRunner(id, () =>
          createRunner(source.client, source.connection, {
            max: source.maxConcurrency,
            ...source.pool,
          })
        ),
      });
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
      await Promise.all([...runners.values()].map((runner) => runner.destroy()));
      runners.clear();
    },
  };
}

export type DatasourceRegistry = ReturnType<typeof createDatasourceRegistry>;
