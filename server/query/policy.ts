/** Which tables of a datasource tile SQL may read: the allow list, as data a worker can be handed. */

export interface TableRef {
  /** The schema (PostgreSQL) or database (MySQL) the statement names; null when it names none. */
  schema: string | null;
  table: string;
}

export interface PolicySpec {
  /** `table`, `schema.table`, with `*` as a wildcard, matched case-insensitively. */
  patterns: string[];
  /**
   * The schema an unqualified table is read from (the connection's database or schema, or the one a
   * tile selected). A pattern without a schema matches only there, never another schema's table.
   */
  defaultSchema: string | null;
  /** Tables never allowed, whatever the patterns say (Strapi's admin, users and core tables). */
  denied?: string[];
}

export interface GuardPolicy {
  /** Whether a tile may read this table of the datasource. */
  allowsTable(ref: TableRef): boolean;
}

export interface TablePolicy extends GuardPolicy {
  spec: PolicySpec;
}

const wildcard = (text: string) =>
  new RegExp(`^${text.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');

const same = (a: string | null, b: string | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

export function tablePolicy(spec: PolicySpec): TablePolicy {
  const matchers = spec.patterns.map((pattern) => {
    const dot = pattern.indexOf('.');
    const [schema, table] = dot === -1 ? [null, pattern] : [pattern.slice(0, dot), pattern.slice(dot + 1)];
    return { schema: schema === null ? null : wildcard(schema), table: wildcard(table) };
  });
  const denied = new Set((spec.denied ?? []).map((table) => table.toLowerCase()));
  return {
    spec,
    allowsTable: ({ schema, table }) => {
      const qualified = schema !== null && !same(schema, spec.defaultSchema);
      if (!qualified && denied.has(table.toLowerCase())) return false;
      return matchers.some((matcher) => {
        if (!matcher.table.test(table)) return false;
        if (matcher.schema === null) return !qualified;
        return matcher.schema.test(schema ?? spec.defaultSchema ?? '');
      });
    },
  };
}

/** The same allow list, where unqualified tables are read from `schema` (a tile's chosen schema). */
export const withDefaultSchema = (policy: TablePolicy, schema: string | undefined): TablePolicy =>
  schema === undefined ? policy : tablePolicy({ ...policy.spec, defaultSchema: schema });
