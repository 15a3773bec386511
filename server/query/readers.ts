import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'crypto';
import type { Knex } from 'knex';
import type { SqlAccess, SqlAccessProblem } from '../../contracts/query';
import type { TablePolicy } from './policy';
import type { Runner } from './runners';
import type { Dialect } from './sql-guard';

/**
 * Readers: the database identities tile SQL runs as, limited by the database itself to SELECT on
 * a datasource's allowed tables, and the probe that checks what a reader can really do.
 */

type Row = Record<string, any>;

const PROBE_LIMITS = { rowCap: 100_000, timeoutMs: 10_000, maxBytes: 64 * 1024 * 1024 };

const pgName = (name: string) => `"${name.replace(/"/g, '""')}"`;
const mysqlName = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** The password of the managed reader: derived from the app's secret, so every instance agrees on it. */
export const managedPassword = (secret: string, role: string) =>
  createHmac('sha256', secret).update(`strapi-plugin-dashboards:reader:${role}`).digest('hex');

/**
 * A SCRAM-SHA-256 verifier of `password` (RFC 7677, as PostgreSQL stores it): the role's password
 * is set from it, so the password itself never reaches the server's statement log.
 */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey}:${serverKey}`;
}

/** The managed role's default name for a database (an identifier of at most 63 characters). */
export const managedRoleName = (database: string) =>
  `dashboards_reader_${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);

/**
 * Creates (or brings in step) the PostgreSQL login role tile SQL runs as on Strapi's database:
 * no superuser or other role attributes, CONNECT on the database, USAGE on Strapi's schema and
 * SELECT on exactly `tables`; every other table's privileges revoked. One transaction under an
 * advisory lock, so instances booting together agree.
 */
export async function syncManagedPostgresReader(
  knex: Knex,
  { role, password, schema, tables }: { role: string; password: string; schema: string; tables: string[] }
) {
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`dashboards-reader:${role}`]);
    const { rows } = await trx.raw('SELECT 1 FROM pg_roles WHERE rolname = ?', [role]);
    const attributes =
      'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT CONNECTION LIMIT 64';
    // a literal (utility statements take no parameters) of base64 and $ signs only
    const literal = `'${scramVerifier(password)}'`;
    await trx.raw(
      `${rows.length ? 'ALTER' : 'CREATE'} ROLE ${pgName(role)} ${attributes} PASSWORD ${literal}`
    );
    const database = (await trx.raw('SELECT current_database() AS name')).rows[0].name as string;
    await trx.raw(`GRANT CONNECT ON DATABASE ${pgName(database)} TO ${pgName(role)}`);
    await trx.raw(`GRANT USAGE ON SCHEMA ${pgName(schema)} TO ${pgName(role)}`);
    await trx.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA ${pgName(schema)} FROM ${pgName(role)}`);
    await trx.raw(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${pgName(schema)} FROM ${pgName(role)}`);
    if (tables.length > 0) {
      const list = tables.map((table) => `${pgName(schema)}.${pgName(table)}`).join(', ');
      await trx.raw(`GRANT SELECT ON ${list} TO ${pgName(role)}`);
    }
  });
}

/** The statements that make a MySQL/MariaDB reader for `tables` of `database`. */
export function mysqlReaderStatements(database: string, tables: string[], user = 'dashboards_reader') {
  const account = `'${user}'@'%'`;
  return [
    `CREATE USER ${account} IDENTIFIED BY '<a long random password>';`,
    ...tables.map((table) => `GRANT SELECT ON ${mysqlName(database)}.${mysqlName(table)} TO ${account};`),
  ].join('\n');
}

const list = (names: string[], max = 8) =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

interface ProbeTarget {
  client: Dialect;
  policy: TablePolicy;
}

/** What a PostgreSQL reader can do that tile SQL must not: role attributes, file roles, other tables, writes. */
async function probePostgres(runner: Runner, { policy }: ProbeTarget): Promise<SqlAccess> {
  const run = async (sql: string, bindings: unknown[] = []) =>
    (await runner.run(sql, bindings, PROBE_LIMITS)).rows as Row[];
  const [role] = await run(
    'SELECT current_user AS reader, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, ' +
      "current_setting('lo_compat_privileges') AS lo_compat FROM pg_roles WHERE rolname = current_user"
  );
  const reader = String(role.reader);
  const problems: SqlAccessProblem[] = [];
  const attributes = (
    [
      ['rolsuper', 'SUPERUSER'],
      ['rolcreaterole', 'CREATEROLE'],
      ['rolcreatedb', 'CREATEDB'],
      ['rolreplication', 'REPLICATION'],
      ['rolbypassrls', 'BYPASSRLS'],
    ] as const
  ).filter(([column]) => role[column]);
  if (attributes.length > 0) {
    problems.push({
      message: `The reader ${reader} has the role attributes ${attributes.map(([, name]) => name).join(', ')}`,
      fix: `ALTER ROLE ${pgName(reader)} ${attributes.map(([, name]) => `NO${name}`).join(' ')};`,
    });
  }
  if (role.rolsuper) return { enabled: false, reader, problems };
  if (role.lo_compat === 'on') {
    problems.push({
      message: 'lo_compat_privileges is on: any role can read and write every large object',
      fix: 'ALTER SYSTEM SET lo_compat_privileges = off; SELECT pg_reload_conf();',
    });
  }
  const memberships = await run(
    'SELECT rolname FROM pg_roles WHERE rolname = ANY($1) AND pg_has_role(current_user, oid, $2)',
    [
      [
        'pg_read_server_files',
        'pg_write_server_files',
        'pg_execute_server_program',
        'pg_read_all_data',
        'pg_write_all_data',
        'pg_read_all_settings',
        'pg_read_all_stats',
        'pg_signal_backend',
      ],
      'MEMBER',
    ]
  );
  for (const { rolname } of memberships) {
    problems.push({
      message: `The reader ${reader} is a member of ${rolname}`,
      fix: `REVOKE ${pgName(rolname)} FROM ${pgName(reader)};`,
    });
  }
  const tables = await run(
    'SELECT n.nspname AS schema_name, c.relname AS table_name, ' +
      "has_any_column_privilege(c.oid, 'SELECT') AS can_read, " +
      "has_table_privilege('public', c.oid, 'SELECT') AS public_reads, " +
      "(has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER') " +
      "OR has_any_column_privilege(c.oid, 'INSERT, UPDATE')) AS can_write " +
      'FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ' +
      "WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') " +
      "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY 1, 2"
  );
  const qualified = (row: Row) => `${pgName(row.schema_name)}.${pgName(row.table_name)}`;
  const readable = tables.filter(
    (row) => row.can_read && !policy.allowsTable({ schema: row.schema_name, table: row.table_name })
  );
  const viaPublic = readable.filter((row) => row.public_reads);
  const direct = readable.filter((row) => !row.public_reads);
  if (direct.length > 0) {
    problems.push({
      message: `The reader can read ${direct.length === 1 ? 'a table' : `${direct.length} tables`} this datasource does not allow: ${list(direct.map((row) => `${row.schema_name}.${row.table_name}`))}`,
      fix: `REVOKE ALL ON ${direct.map(qualified).join(', ')} FROM ${pgName(reader)};`,
    });
  }
  if (viaPublic.length > 0) {
    problems.push({
      message: `Every role (PUBLIC) can read ${list(viaPublic.map((row) => `${row.schema_name}.${row.table_name}`))}, which this datasource does not allow`,
      fix: `REVOKE SELECT ON ${viaPublic.map(qualified).join(', ')} FROM PUBLIC;`,
    });
  }
  const writable = tables.filter((row) => row.can_write);
  if (writable.length > 0) {
    problems.push({
      message: `The reader can write to ${list(writable.map((row) => `${row.schema_name}.${row.table_name}`))}`,
      fix: `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER ON ${writable.map(qualified).join(', ')} FROM ${pgName(reader)};`,
    });
  }
  return { enabled: problems.length === 0, reader, problems };
}

/** What a MySQL/MariaDB account can do beyond SELECT on the allowed tables. */
async function probeMysql(runner: Runner, { policy }: ProbeTarget): Promise<SqlAccess> {
  const run = async (sql: string, bindings: unknown[] = []) =>
    (await runner.run(sql, bindings, PROBE_LIMITS)).rows as Row[];
  const [{ reader: current }] = await run('SELECT CURRENT_USER() AS reader');
  const at = String(current).lastIndexOf('@');
  const [user, host] = [String(current).slice(0, at), String(current).slice(at + 1)];
  const grantee = `'${user}'@'${host}'`;
  const problems: SqlAccessProblem[] = [];

  const global = (
    await run(
      'SELECT PRIVILEGE_TYPE AS privilege FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?',
      [grantee]
    )
  )
    .map((row) => String(row.privilege))
    .filter((privilege) => privilege !== 'USAGE');
  if (global.length > 0) {
    problems.push({
      message: `The reader ${grantee} holds ${list(global)} on the whole server`,
      fix: `REVOKE ${global.join(', ')} ON *.* FROM ${grantee};`,
    });
  }
  const schemaGrants = await run(
    'SELECT TABLE_SCHEMA AS schema_name, PRIVILEGE_TYPE AS privilege FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?',
    [grantee]
  );
  const tableGrants = await run(
    'SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, PRIVILEGE_TYPE AS privilege ' +
      'FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?',
    [grantee]
  );
  const writes = [
    ...schemaGrants
      .filter((row) => row.privilege !== 'SELECT')
      .map((row) => ({ on: `${mysqlName(row.schema_name)}.*`, privilege: String(row.privilege) })),
    ...tableGrants
      .filter((row) => row.privilege !== 'SELECT')
      .map((row) => ({
        on: `${mysqlName(row.schema_name)}.${mysqlName(row.table_name)}`,
        privilege: String(row.privilege),
      })),
  ];
  for (const on of [...new Set(writes.map((write) => write.on))]) {
    const privileges = writes.filter((write) => write.on === on).map((write) => write.privilege);
    problems.push({
      message: `The reader ${grantee} holds ${list(privileges)} on ${on}`,
      fix: `REVOKE ${privileges.join(', ')} ON ${on} FROM ${grantee};`,
    });
  }
  // information_schema lists exactly the tables an account holds some privilege on
  const visible = await run(
    'SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name FROM information_schema.TABLES ' +
      "WHERE TABLE_SCHEMA NOT IN ('information_schema', 'performance_schema') ORDER BY 1, 2"
  );
  const readable = visible.filter(
    (row) => !policy.allowsTable({ schema: row.schema_name, table: row.table_name })
  );
  if (readable.length > 0) {
    const wholeSchemas = new Set(
      schemaGrants.filter((row) => row.privilege === 'SELECT').map((row) => String(row.schema_name))
    );
    const fixes = [
      ...[...wholeSchemas].map((schema) => `REVOKE SELECT ON ${mysqlName(schema)}.* FROM ${grantee};`),
      ...readable
        .filter((row) => !wholeSchemas.has(row.schema_name))
        .map(
          (row) =>
            `REVOKE SELECT ON ${mysqlName(row.schema_name)}.${mysqlName(row.table_name)} FROM ${grantee};`
        ),
    ];
    problems.push({
      message: `The reader can read ${readable.length === 1 ? 'a table' : `${readable.length} tables`} this datasource does not allow: ${list(readable.map((row) => `${row.schema_name}.${row.table_name}`))}`,
      fix: fixes.join('\n'),
    });
  }
  return { enabled: problems.length === 0, reader: grantee, problems };
}

/**
 * Checks what a datasource's reader can really do, asking the database as that reader. SQLite has
 * no users: its boundary is the plan check, always on.
 */
export async function probeReader(runner: Runner, target: ProbeTarget): Promise<SqlAccess> {
  try {
    if (target.client === 'sqlite') return { enabled: true, reader: null, problems: [] };
    return target.client === 'postgres'
      ? await probePostgres(runner, target)
      : await probeMysql(runner, target);
  } catch (error) {
    return {
      enabled: false,
      reader: null,
      problems: [
        {
          message: `The reader could not be checked: ${error instanceof Error ? error.message : String(error)}`,
          fix: null,
        },
      ],
    };
  }
}
