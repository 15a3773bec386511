/** Contracts of the query engine's routes, shared by the server and the admin app. */

/** Why a datasource's reader may not run tile SQL, and the statement that fixes it. */
export interface SqlAccessProblem {
  /** Plain words: what the reader can do that it must not (or why it cannot connect). */
  message: string;
  /** The GRANT/REVOKE/ALTER statement (or config change) that fixes it, when there is one. */
  fix: string | null;
}

/** Whether tiles may run SQL on a datasource: the privilege probe's verdict on its reader. */
export interface SqlAccess {
  enabled: boolean;
  /** The database identity tile SQL runs as (never its password). */
  reader: string | null;
  problems: SqlAccessProblem[];
}

/** `GET /datasources`: a datasource as the tile editor sees it (never its connection). */
export interface DatasourceListing {
  id: string;
  label: string;
  client: 'postgres' | 'mysql' | 'sqlite';
  sql: SqlAccess;
}

/** Why a result holds fewer rows than the query returned. */
export type TruncatedReason = 'rows' | 'bytes' | 'response_bytes';

/** `GET /datasources/:id/tables`: a table of a datasource with its columns. */
export interface TableListing {
  schema: string | null;
  name: string;
  columns: { name: string; type: string }[];
}

/** `GET /content-types`: a content type the caller may read, with its fields. */
export interface ContentTypeListing {
  uid: string;
  name: string;
  fields: { name: string; type: string; target?: string }[];
}

/** The listing routes answer `{ data: [...] }`. */
export interface Listing<T> {
  data: T[];
}

/** A query's raw result, before it is shaped for a chart. */
export interface RawResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated?: boolean;
}

/** `POST /:id/tiles/preview`: the unsaved tile's raw result, or why it has none. */
export interface TilePreviewResponse {
  data: RawResult | null;
  error: string | null;
}
