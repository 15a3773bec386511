import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { DashboardTagCount } from '../../contracts/dashboards';
import { UID } from '../content-types';

/*
 * A dashboard's tags are a JSON array of strings in its `tags` column. The list's tag filter and
 * the tag counts read that array in SQL, each database with its own JSON functions, so paging
 * and totals stay the database's. Tags compare case-insensitively through the database's own
 * lower() (on SQLite, ASCII letters only).
 */

/** `FROM <dashboards> AS tagged` joined with one row per tag, as `tag.value`. */
function taggedRows(strapi: Core.Strapi): { sql: string; bindings: string[] } {
  const table = strapi.db.metadata.get(UID.dashboard).tableName;
  switch (strapi.db.dialect.client) {
    case 'postgres':
      return {
        sql: `?? AS tagged CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(tagged.tags) = 'array' THEN tagged.tags ELSE '[]'::jsonb END) AS tag(value)`,
        bindings: [table],
      };
    case 'mysql':
      return {
        sql: `?? AS tagged CROSS JOIN JSON_TABLE(IF(JSON_TYPE(tagged.tags) = 'ARRAY', tagged.tags, '[]'), '$[*]' COLUMNS (value VARCHAR(255) PATH '$')) AS tag`,
        bindings: [table],
      };
    default:
      return {
        sql: `?? AS tagged CROSS JOIN json_each(CASE WHEN json_valid(tagged.tags) AND json_type(tagged.tags) = 'array' THEN tagged.tags ELSE '[]' END) AS tag`,
        bindings: [table],
      };
  }
}

/** The ids of the dashboards carrying `tag` (ignoring case): a subquery for `{ id: { $in } }`. */
export function taggedIds(strapi: Core.Strapi, tag: string): Knex.Raw {
  const from = taggedRows(strapi);
  return strapi.db.connection.raw(`SELECT tagged.id FROM ${from.sql} WHERE LOWER(tag.value) = LOWER(?)`, [
    ...from.bindings,
    tag,
  ]);
}

/**
 * Each tag (one spelling of those that differ only in case) of the dashboards whose ids `visible`
 * selects, with how many carry it, by name.
 */
export async function countTags(
  strapi: Core.Strapi,
  visible: Knex.QueryBuilder
): Promise<DashboardTagCount[]> {
  const knex = strapi.db.connection;
  const from = taggedRows(strapi);
  const rows: { name: string; count: number | string }[] = await knex
    .select(knex.raw('MIN(tag.value) AS name'), knex.raw('COUNT(DISTINCT tagged.id) AS count'))
    .from(knex.raw(from.sql, from.bindings))
    .whereIn('tagged.id', visible)
    .groupByRaw('LOWER(tag.value)')
    .orderByRaw('LOWER(tag.value)');
  return rows.map((row) => ({ name: String(row.name), count: Number(row.count) }));
}
