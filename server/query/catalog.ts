import type { Datasource } from './datasources';
import type { ContentModels } from './content-plan';

export interface TableListing {
  schema: string | null;
  name: string;
  columns: { name: string; type: string }[];
}

/** Each dialect's own catalog, read with trusted SQL (never a tile's): schema, table, column, type. */
const COLUMNS_SQL: Record<Datasource['client'], string> = {
  sqlite:
    'SELECT NULL AS t_schema, m.name AS t_name, p.name AS c_name, p.type AS c_type ' +
    "FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type IN ('table', 'view') " +
    "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid",
  postgres:
    'SELECT table_schema AS t_schema, table_name AS t_name, column_name AS c_name, data_type AS c_type ' +
    "FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema') " +
    "AND table_schema NOT LIKE 'pg\\_%' AND (CAST($1 AS text) IS NULL OR table_schema = $2) " +
    'ORDER BY table_schema, table_name, ordinal_position',
  mysql:
    'SELECT table_schema AS t_schema, table_name AS t_name, column_name AS c_name, data_type AS c_type ' +
    'FROM information_schema.columns WHERE table_schema = COALESCE(?, DATABASE()) ' +
    'ORDER BY table_name, ordinal_position',
};

/** The tables and columns of a datasource that its allow list lets tiles read, for the tile editor. */
export async function listTables(datasource: Datasource, schema: string | undefined, timeoutMs: number) {
  const { client, policy, location } = datasource;
  const bindings =
    client === 'sqlite' ? [] : client === 'postgres' ? [schema ?? null, schema ?? null] : [schema ?? null];
  const { rows } = await datasource.slots.use(() =>
    datasource.runner().run(COLUMNS_SQL[client], bindings, {
      rowCap: 100_000,
      timeoutMs,
      maxBytes: 64 * 1024 * 1024,
    })
  );
  const tables = new Map<string, TableListing>();
  for (const row of rows) {
    const tableSchema = (row.t_schema as string | null) ?? null;
    const name = String(row.t_name);
    if (location.fixed && client === 'postgres' && tableSchema !== location.schema) continue;
    if (!policy.allowsTable({ schema: tableSchema, table: name })) continue;
    const key = `${tableSchema}.${name}`;
    if (!tables.has(key)) tables.set(key, { schema: tableSchema, name, columns: [] });
    tables.get(key)!.columns.push({ name: String(row.c_name), type: String(row.c_type).toLowerCase() });
  }
  return [...tables.values()];
}

export interface ContentTypeListing {
  uid: string;
  name: string;
  fields: { name: string; type: string; target?: string }[];
}

/** The content types a structured query may use, with the fields the caller may read (never private ones). */
export function listContentTypes(
  contentTypes: Record<string, { info?: { displayName?: string } }>,
  models: ContentModels
): ContentTypeListing[] {
  const listing: ContentTypeListing[] = [];
  for (const [uid, schema] of Object.entries(contentTypes)) {
    const model = models.model(uid);
    if (!model || !models.readsContent(uid)) continue;
    const fields: ContentTypeListing['fields'] = [];
    for (const [name, attribute] of Object.entries(model.attributes)) {
      if (attribute.private || !models.readsContent(uid, name)) continue;
      if (attribute.type === 'relation') {
        const target = attribute.target;
        if (target && attribute.joinTable && models.model(target) && models.readsContent(target)) {
          fields.push({ name, type: 'relation', target });
        }
        continue;
      }
      fields.push({ name, type: attribute.type });
    }
    listing.push({ uid, name: schema.info?.displayName ?? uid, fields });
  }
  return listing.sort((a, b) => a.uid.localeCompare(b.uid));
}
