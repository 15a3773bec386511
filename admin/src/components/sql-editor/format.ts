import { formatDialect, mysql, postgresql, sqlite, type DialectOptions } from 'sql-formatter';

import type { SqlClient } from './identifiers';

const DIALECTS: Record<SqlClient, DialectOptions> = { postgres: postgresql, mysql, sqlite };

/** A dashboard filter's placeholder, `{{name}}`, is kept as written (one parameter to the formatter). */
const PLACEHOLDER = String.raw`\{\{\s*[A-Za-z_]\w*\s*\}\}`;

/**
 * The editor's "Format": sql-formatter in the datasource's dialect, keywords upper-case, two-space
 * indent, placeholders untouched. Throws when the formatter cannot read the text.
 */
export function formatSql(sql: string, client: SqlClient): string {
  return formatDialect(sql, {
    dialect: DIALECTS[client],
    keywordCase: 'upper',
    tabWidth: 2,
    paramTypes: { custom: [{ regex: PLACEHOLDER }] },
  });
}
