import { errors } from '@strapi/utils';
import type { Dialect } from './sql-guard';

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/**
 * Dashboard filter values reach SQL only as bound parameters: each `{{name}}` in a tile's query
 * becomes a placeholder (`$n` on PostgreSQL, `?` elsewhere) with its value in `bindings`, never text spliced into the query.
 * `checked` is the text the SQL guard parses (each placeholder as NULL, which every dialect reads).
 */
export function bindParameters(sql: string, params: Record<string, unknown>, dialect: Dialect) {
  const bindings: unknown[] = [];
  const executed = sql.replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(params, name)) {
      throw new errors.ValidationError(`The query needs the parameter {{${name}}}`, {
        errors: [{ path: ['params', name], message: 'is required by the query', name: 'ValidationError' }],
      });
    }
    const value = params[name];
    bindings.push(value instanceof Date ? value.toISOString() : value);
    return dialect === 'postgres' ? `$${bindings.length}` : '?';
  });
  return { executed, checked: sql.replace(PLACEHOLDER, 'NULL'), bindings };
}

/** The text the SQL guard checks when no values are at hand (saving a tile): each placeholder as NULL. */
export const withPlaceholdersAsNull = (sql: string) => sql.replace(PLACEHOLDER, 'NULL');
