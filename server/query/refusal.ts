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

const NOT_ALLOWED = ' is not a table this datasource allows';

/**
 * The one wording of a table outside the allow list (or missing: a tile cannot probe names),
 * whichever check found it.
 */
export const tableNotAllowed = (schema: string | null, table: string) =>
  new SqlRefusedError(`${quoted(schema, table)}${NOT_ALLOWED}`, 'table_not_allowed');

/** The table a `tableNotAllowed` refusal names (as written), read back from its message. */
export function refusedTable(error: SqlRefusedError): string | null {
  if (error.reason !== 'table_not_allowed' || !error.message.endsWith(NOT_ALLOWED)) return null;
  const named = /^`([^`]+)`$/.exec(error.message.slice(0, -NOT_ALLOWED.length));
  return named ? named[1] : null;
}

/** The refusal of a table with the nearest allowed table's name: "`lead` is not a table of this datasource — did you mean `leads`?" */
export const tableWithSuggestion = (table: string, suggestion: string) =>
  new SqlRefusedError(
    `\`${table}\` is not a table of this datasource — did you mean \`${suggestion}\`?`,
    'table_not_allowed'
  );

/** The number of single-character edits (insert, delete, replace) between two names, ignoring case. */
export function editDistance(a: string, b: string): number {
  const left = Array.from(a.toLowerCase());
  const right = Array.from(b.toLowerCase());
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const replace = previous[j - 1] + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, replace));
    }
    previous = current;
  }
  return previous[right.length];
}

/**
 * The candidate nearest to `name` when it is near enough to be a typing slip (one edit for a
 * name of up to five characters, two up to eight, three beyond); the first in alphabetical order on a tie.
 */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  const length = Array.from(name).length;
  const limit = length <= 5 ? 1 : length <= 8 ? 2 : 3;
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of [...new Set(candidates)].sort()) {
    if (candidate.toLowerCase() === name.toLowerCase()) continue;
    const distance = editDistance(name, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}

/** Lexer and grammar troubles PostgreSQL names, in the author's terms (added after the place). */
const SYNTAX_DETAILS: [RegExp, string][] = [
  [/^unterminated quoted string/, 'a quoted string is not closed'],
  [/^unterminated quoted identifier/, 'a quoted name is not closed'],
  [/^unterminated dollar-quoted string/, 'a dollar-quoted string is not closed'],
  [/^unterminated \/\* comment/, 'a comment is not closed'],
  [/^unterminated (bit|hexadecimal) string/, 'a bit string is not closed'],
  [/^zero-length delimited identifier/, 'a quoted name is empty'],
];

/** The token at the start of `text`: a word, a quoted text up to its closing quote, or one character. */
const TOKEN = /^(?:[\p{L}\p{N}_$]+|'[^'\n]*'?|"[^"\n]*"?|`[^`\n]*`?|\S)/u;

/**
 * The one wording of a syntax error, whichever parser found it: "Syntax error near `FRO` (line 2)",
 * quoting only the author's own text (never the grammar's expectations). `offset` counts UTF-16
 * units from 0; `line` is omitted when the place is unknown; `parserMessage` (PostgreSQL's) may
 * add what is wrong there.
 */
export function syntaxError(
  sql: string,
  offset: number | null,
  parserMessage = '',
  nearText?: string
): SqlRefusedError {
  const detail = SYNTAX_DETAILS.find(([pattern]) => pattern.test(parserMessage))?.[1];
  const suffix = detail ? `: ${detail}` : '';
  if (offset === null || !Number.isFinite(offset)) {
    const near = nearText?.trim();
    return new SqlRefusedError(
      near ? `Syntax error near \`${excerpt(near)}\`${suffix}` : `Syntax error in the query${suffix}`,
      'unparsable'
    );
  }
  const rest = sql.slice(Math.min(Math.max(0, offset), sql.length));
  const start = sql.length - rest.trimStart().length;
  const line = sql.slice(0, start).split('\n').length;
  const token = TOKEN.exec(rest.trimStart())?.[0];
  if (!token) return new SqlRefusedError(`Syntax error at the end of the query (line ${line})`, 'unparsable');
  return new SqlRefusedError(`Syntax error near \`${excerpt(token)}\` (line ${line})${suffix}`, 'unparsable');
}

/**
 * A reserved word written as an alias (`COUNT(*) AS count` for SQLite's grammar, `AS order` …): "`count`
 * cannot be used as a column name here, rename it" (or "as a table alias" after FROM/JOIN), as written.
 */
export function reservedWordRefusal(sql: string, word: string): SqlRefusedError {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const written = new RegExp(`\\bAS\\s+(${escaped})\\b`, 'i').exec(sql)?.[1] ?? word;
  const tableAlias = new RegExp(`\\b(?:FROM|JOIN)\\s+[\\w.\`"]+\\s+AS\\s+${escaped}\\b`, 'i').test(sql);
  return new SqlRefusedError(
    `\`${written}\` cannot be used as ${tableAlias ? 'a table alias' : 'a column name'} here, rename it`,
    'reserved_word'
  );
}

/** At most 24 characters of the author's text. */
function excerpt(text: string): string {
  const characters = Array.from(text);
  return characters.length > 24 ? `${characters.slice(0, 24).join('')}…` : text;
}

/**
 * The database's refusal of a table (the reader holds no privilege on it) in the same words as
 * the text checks'; any other error as it is.
 */
export function friendlyDatabaseError(error: unknown, sql?: string): unknown {
  const { code, errno, message } = (error ?? {}) as { code?: string; errno?: number; message?: string };
  if (code === '42601' && sql !== undefined) {
    // PostgreSQL's `position` counts in the statement the runner sent (the query inside a cursor's
    // DECLARE): the place is found by the text it names, when the query holds it once.
    if (/at end of input/.test(message ?? '')) return syntaxError(sql, sql.length, message);
    const near = /at or near "((?:[^"]|"")*)"/.exec(message ?? '');
    if (near) {
      const token = near[1].replace(/""/g, '"');
      const first = sql.indexOf(token);
      const once = first !== -1 && sql.indexOf(token, first + 1) === -1;
      return once ? syntaxError(sql, first, message) : syntaxError(sql, null, message, token);
    }
  }
  if (errno === 1064) {
    // You have an error in your SQL syntax; check the manual … for the right syntax to use near 'FRM leads' at line 1
    const near = /near '([\s\S]*)' at line (\d+)$/.exec(message ?? '');
    if (near) {
      const token = TOKEN.exec(near[1].trimStart())?.[0];
      return new SqlRefusedError(
        token
          ? `Syntax error near \`${excerpt(token)}\` (line ${near[2]})`
          : `Syntax error at the end of the query (line ${near[2]})`,
        'unparsable'
      );
    }
  }
  // a table that does not exist: the same answer as one that is not allowed (a tile cannot probe names)
  if (code === '42P01') {
    const table = /^relation "([^"]+)" does not exist/.exec(message ?? '');
    if (table) return tableNotAllowed(null, table[1]);
  }
  if (errno === 1146) {
    // Table 'db.lead' doesn't exist
    const table = /^Table '(?:[^'.]+\.)?([^']+)' doesn't exist/.exec(message ?? '');
    if (table) return tableNotAllowed(null, table[1]);
  }
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
