/**
 * SQL that may not run, with a message in plain words for the tile's author and a reason code
 * (not_select, table_not_allowed, catalog, denied_function, unparsable, too_long, reader_unsafe …).
 */
export class SqlRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: string
  ) {
    super(message);
    this.name = 'SqlRefusedError';
  }
}

const quoted = (schema: string | null, table: string) => `\`${schema ? `${schema}.` : ''}${table}\``;

/** The one wording of a table outside the allow list, whichever check found it. */
export const tableNotAllowed = (schema: string | null, table: string) =>
  new SqlRefusedError(`${quoted(schema, table)} is not a table this datasource allows`, 'table_not_allowed');

/**
 * The database's refusal of a table (the reader holds no privilege on it) in the same words as
 * the text checks'; any other error as it is.
 */
export function friendlyDatabaseError(error: unknown): unknown {
  const { code, errno, message } = (error ?? {}) as { code?: string; errno?: number; message?: string };
  if (code === '42501') {
    const table = /permission denied for (?:table|relation|view|materialized view) (\S+)/.exec(message ?? '');
    if (table) return tableNotAllowed(null, table[1].replace(/"/g, ''));
  }
  if (errno === 1142) {
    // SELECT command denied to user 'r'@'h' for table `db`.`admin_users`
    const table = /for table [`']?(?:([^`'.]+)[`']?\.)?[`']?([^`']+)[`']?/.exec(message ?? '');
    if (table) return tableNotAllowed(null, table[2]);
  }
  return error;
}
