import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { modelMeta, type JoinTableMeta, type ModelMeta } from './metadata';
import { documentIdGenerator, type Random } from './random';
import { isoDay } from './time';

/** Attribute values of a row: times as epoch milliseconds (or Date), dates as YYYY-MM-DD or milliseconds. */
export type RowValues = Record<string, unknown> & { createdAt: number };
/** Relation attribute → the related row's id (or ids, in order, for a to-many relation). */
export type RowRelations = Record<string, number | readonly number[] | null | undefined>;

export interface WrittenRecord {
  id: number;
  documentId: string;
}

/** Bound values per INSERT statement: under SQLite's limit of 32,766 (PostgreSQL and MySQL allow 65,535). */
const MAX_BINDINGS = 30_000;

/** Inserts `rows` (value arrays in `columns` order) with multi-row INSERT statements. */
async function insertRows(
  db: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][]
): Promise<void> {
  const rowsPerStatement = Math.max(1, Math.floor(MAX_BINDINGS / columns.length));
  const columnList = columns.map(() => '??').join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const sql = `insert into ?? (${columnList}) values ${new Array(chunk.length).fill(tuple).join(', ')}`;
    try {
      await db.raw(sql, [table, ...columns, ...chunk.flat()]);
    } catch (error) {
      // knex puts the whole statement in the message: keep only the database's reason.
      const message = error instanceof Error ? error.message : String(error);
      const reason = message.slice(message.lastIndexOf(' - ') + 3);
      throw new Error(`Inserting ${chunk.length} rows into ${table} failed: ${reason}`, { cause: error });
    }
  }
}

const SYSTEM_ATTRIBUTES = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale']);
const NOT_A_COLUMN = new Set(['relation', 'component', 'dynamiczone', 'media']);

interface Column {
  attribute: string;
  name: string;
  /** The value Strapi itself would hand to knex for this attribute type. */
  toDb(value: unknown): unknown;
  fallback: unknown;
}

function converterFor(type: string): (value: unknown) => unknown {
  switch (type) {
    case 'datetime':
    case 'timestamp':
      // Strapi binds Date objects: epoch ms on SQLite, a timestamp on PostgreSQL and MySQL.
      return (value) => (typeof value === 'number' ? new Date(value) : value);
    case 'date':
      return (value) => (typeof value === 'number' ? isoDay(value) : value);
    default:
      return (value) => value;
  }
}

/**
 * A table rows are appended to, with explicit ids (one past the largest id found): relations can be
 * written without reading ids back, and the same seed gives the same ids even when batches are
 * written side by side.
 */
abstract class AppendedTable<Row extends unknown[]> {
  abstract readonly columns: string[];
  nextId = 1;
  protected rows: Row[] = [];

  constructor(readonly name: string) {}

  async startAfterExistingRows(knex: Knex): Promise<void> {
    const [{ last }] = await knex(this.name).max({ last: 'id' });
    this.nextId = Number(last ?? 0) + 1;
  }

  get pending(): number {
    return this.rows.length;
  }

  /** Empties the buffer, returning the insert of the rows it held. */
  takeRows(): (trx: Knex.Transaction) => Promise<void> {
    const rows = this.rows;
    this.rows = [];
    return (trx) => this.write(trx, rows);
  }

  protected async write(trx: Knex.Transaction, rows: Row[]): Promise<void> {
    if (rows.length > 0) await insertRows(trx, this.name, this.columns, rows);
  }
}

/** One relation's link table (Strapi 5 keeps every relation in one, even many-to-one). */
class LinkTable extends AppendedTable<number[]> {
  readonly columns: string[];
  /** Last order used per related row, for link tables that order the inverse side too. */
  private readonly inverseOrders = new Map<number, number>();

  constructor(private readonly meta: JoinTableMeta) {
    super(meta.name);
    this.columns = ['id', meta.joinColumn.name, meta.inverseJoinColumn.name];
    if (meta.orderColumnName) this.columns.push(meta.orderColumnName);
    if (meta.inverseOrderColumnName) this.columns.push(meta.inverseOrderColumnName);
  }

  add(sourceId: number, targetIds: readonly number[]): void {
    targetIds.forEach((targetId, index) => {
      const row = [this.nextId++, sourceId, targetId];
      if (this.meta.orderColumnName) row.push(index + 1);
      this.rows.push(row);
    });
  }

  protected override async write(trx: Knex.Transaction, rows: number[][]): Promise<void> {
    if (rows.length > 0 && this.meta.inverseOrderColumnName) await this.appendInverseOrders(trx, rows);
    await super.write(trx, rows);
  }

  /**
   * Numbers each new row after the rows the related record already has, as Strapi does. It reads
   * the database, so such rows must not be written in two batches at once (the writer's users are
   * written alone, before the records).
   */
  private async appendInverseOrders(trx: Knex.Transaction, rows: number[][]): Promise<void> {
    const { inverseJoinColumn, inverseOrderColumnName } = this.meta;
    const target = (row: number[]) => row[2];
    const unseen = [...new Set(rows.map(target))].filter((id) => !this.inverseOrders.has(id));
    if (unseen.length > 0) {
      const existing: Array<{ target: number; last: number | null }> = await trx(this.name)
        .select({ target: inverseJoinColumn.name })
        .max({ last: inverseOrderColumnName! })
        .whereIn(inverseJoinColumn.name, unseen)
        .groupBy(inverseJoinColumn.name);
      for (const id of unseen) this.inverseOrders.set(id, 0);
      for (const { target, last } of existing) this.inverseOrders.set(Number(target), Number(last ?? 0));
    }
    for (const row of rows) {
      const order = this.inverseOrders.get(target(row))! + 1;
      this.inverseOrders.set(target(row), order);
      row.push(order);
    }
  }
}

/** A content type's table and the link tables of its relations. */
class ContentTypeTable extends AppendedTable<unknown[]> {
  readonly columns: string[];
  readonly links = new Map<string, LinkTable>();
  added = 0;
  private readonly attributeColumns: Column[];
  private readonly newDocumentId: () => string;

  constructor(
    readonly uid: string,
    meta: ModelMeta,
    random: Random
  ) {
    super(meta.tableName);
    this.newDocumentId = documentIdGenerator(random.fork(`document-id:${uid}`));
    this.attributeColumns = Object.entries(meta.attributes)
      .filter(([attribute, spec]) => !SYSTEM_ATTRIBUTES.has(attribute) && !NOT_A_COLUMN.has(spec.type))
      .map(([attribute, spec]) => ({
        attribute,
        name: spec.columnName ?? attribute,
        toDb: converterFor(spec.type),
        fallback: typeof spec.default === 'function' || spec.default === undefined ? null : spec.default,
      }));
    for (const [attribute, spec] of Object.entries(meta.attributes)) {
      if (spec.type === 'relation' && spec.joinTable) {
        this.links.set(attribute, new LinkTable(spec.joinTable));
      }
    }
    const columnOf = (attribute: string) => meta.attributes[attribute].columnName ?? attribute;
    this.columns = [
      ...['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale'].map(columnOf),
      ...this.attributeColumns.map((column) => column.name),
    ];
  }

  add(values: RowValues, relations: RowRelations): WrittenRecord {
    const id = this.nextId++;
    const documentId = this.newDocumentId();
    const createdAt = new Date(values.createdAt);
    const updatedAt = values.updatedAt === undefined ? createdAt : new Date(values.updatedAt as number);
    // Draft & publish is off: Strapi publishes a row when it creates it.
    const row: unknown[] = [id, documentId, createdAt, updatedAt, createdAt, null];
    for (const column of this.attributeColumns) {
      const value = values[column.attribute];
      row.push(value === undefined ? column.fallback : value === null ? null : column.toDb(value));
    }
    this.rows.push(row);
    for (const [attribute, target] of Object.entries(relations)) {
      const link = this.links.get(attribute);
      if (!link) throw new Error(`${this.uid} has no relation "${attribute}" stored in a link table`);
      if (target !== null && target !== undefined) {
        link.add(id, typeof target === 'number' ? [target] : target);
      }
    }
    this.added += 1;
    return { id, documentId };
  }
}

/**
 * Buffers rows of several content types and writes them in batches: each batch in one
 * transaction, entity rows first and then their link-table rows. The caller generates the next
 * batch while earlier ones are written, and on PostgreSQL and MySQL two batches are written at
 * once (in separate transactions): so a row may only reference rows of its own batch or of
 * batches already drained.
 */
export class BulkWriter {
  private readonly tables = new Map<string, ContentTypeTable>();
  private writes: Promise<void>[] = [];
  /** SQLite has a single connection; the server databases insert faster from two. */
  private readonly parallelWrites: number;

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly random: Random
  ) {
    this.parallelWrites = strapi.db.dialect.client === 'sqlite' ? 1 : 2;
  }

  private get knex(): Knex {
    return this.strapi.db.connection as unknown as Knex;
  }

  /** Prepares the tables of `uids`: the next id of each is one past its largest id. */
  async open(uids: readonly string[]): Promise<void> {
    for (const uid of uids) {
      if (this.strapi.contentType(uid as any)?.options?.draftAndPublish) {
        throw new Error(`${uid} has draft & publish on: the bulk writer only writes published-only types`);
      }
      const table = new ContentTypeTable(uid, modelMeta(this.strapi, uid), this.random);
      for (const appended of [table, ...table.links.values()])
        await appended.startAfterExistingRows(this.knex);
      this.tables.set(uid, table);
    }
  }

  private table(uid: string): ContentTypeTable {
    const table = this.tables.get(uid);
    if (!table) throw new Error(`The bulk writer was not opened for ${uid}`);
    return table;
  }

  add(uid: string, values: RowValues, relations: RowRelations = {}): WrittenRecord {
    return this.table(uid).add(values, relations);
  }

  /** Rows buffered and not yet handed to a write. */
  get pending(): number {
    let count = 0;
    for (const table of this.tables.values()) {
      count += table.pending;
      for (const link of table.links.values()) count += link.pending;
    }
    return count;
  }

  /** Rows added per content type so far. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([uid, table]) => [uid, table.added]));
  }

  /**
   * Starts writing what is buffered, once fewer than `parallelWrites` batches are being written,
   * and returns without waiting for it, so the next batch can be generated meanwhile.
   */
  async flush(): Promise<void> {
    while (this.writes.length >= this.parallelWrites) await this.writes.shift();
    if (this.pending === 0) return;
    const tables = [...this.tables.values()];
    // Entity rows first: the link rows reference them.
    const inserts = [...tables, ...tables.flatMap((table) => [...table.links.values()])].map((table) =>
      table.takeRows()
    );
    const write = this.knex.transaction(async (trx) => {
      for (const insert of inserts) await insert(trx);
    });
    // The failure is raised by a later flush() or drain(); this only keeps Node from reporting it as unhandled.
    write.catch(() => {});
    this.writes.push(write);
  }

  /** Writes what is buffered and waits until every batch is written. */
  async drain(): Promise<void> {
    await this.flush();
    const writes = this.writes;
    this.writes = [];
    await Promise.all(writes);
  }

  /**
   * Drains, brings PostgreSQL's id sequences past the explicit ids (MySQL and SQLite move their
   * counters themselves) and refreshes the planner statistics of the tables written, which the
   * analytics queries right after a bulk load need.
   */
  async close(): Promise<void> {
    await this.drain();
    const client = this.strapi.db.dialect.client as 'sqlite' | 'postgres' | 'mysql';
    const analyze = { sqlite: 'analyze ??', postgres: 'analyze ??', mysql: 'analyze table ??' }[client];
    for (const table of this.tables.values()) {
      if (table.added === 0) continue;
      for (const appended of [table, ...table.links.values()]) {
        if (client === 'postgres' && appended.nextId > 1) {
          await this.knex.raw(`select setval(pg_get_serial_sequence(?, 'id'), ?)`, [
            appended.name,
            appended.nextId - 1,
          ]);
        }
        await this.knex.raw(analyze, [appended.name]);
      }
    }
  }
}
