import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../content-types';
import { contentSource } from '../cache/service';
import { getConfig } from '../config';
import { isQueryable } from './content-models';
import type { ContentPlan } from './content-plan';
import type { BucketBounds, BuiltQuery } from './content-sql';
import { boundsFor } from './content-results';
import type { Dialect } from './sql-guard';
import type { QueryResult } from './runners';
import {
  addCells,
  cellsOf,
  dayStart,
  entryCells,
  liveCells,
  rollupAggregateQuery,
  rollupDays,
  rollupDefinition,
  rollupRangeQuery,
  specKey,
  type Cell,
  type RollupDefinition,
} from './content-rollup-sql';
import { chunks, numbers } from '../db/ids';

/**
 * Content rollups (docs/rollups.md). A content-type tile whose query a rollup can answer registers
 * that rollup the first time it runs; the rollup is built in the background (the tile reads the
 * table meanwhile) and then kept in step with Strapi's writes to the content type, in the writing
 * transaction: the cells of the entries written are taken out before the write and put back after.
 * Writers of a content type take turns on its cache version row (which the cache bumps in the same
 * transaction anyway), and so does a build: no write is counted twice or missed.
 */

const WRITES = ['Create', 'Update', 'Delete', 'CreateMany', 'UpdateMany', 'DeleteMany'] as const;

interface WriteEvent {
  action: string;
  model: { uid: string };
  params?: { where?: unknown };
  result?: { id?: number; ids?: number[] } | null;
  state: { contentRollups?: { ids: number[]; before: Map<string, Map<string, Cell>> } };
}

interface Spec {
  spec: string;
  definition: RollupDefinition;
}

type Row = Record<string, unknown>;
type Run = (query: BuiltQuery) => Promise<QueryResult>;

const parsed = (definition: unknown): RollupDefinition =>
  (typeof definition === 'string' ? JSON.parse(definition) : definition) as RollupDefinition;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cellsTable = () => strapi.db.metadata.get(UID.contentRollup).tableName;
  const specsTable = () => strapi.db.metadata.get(UID.contentRollupSpec).tableName;
  const versionsTable = () => strapi.db.metadata.get(UID.cacheVersion).tableName;
  const dialect = () => strapi.db.dialect.client as Dialect;
  /** PostgreSQL and MySQL datetimes reach the database in Node's local time: UTC days need a process in UTC. */
  const serves = () =>
    dialect() === 'sqlite' || [0, 6].every((month) => new Date(2026, month, 1).getTimezoneOffset() === 0);
  /** MySQL reads a transaction's first snapshot unless the read locks. */
  const latest = (query: Knex.QueryBuilder) => (dialect() === 'mysql' ? query.forShare() : query);

  /** Takes the content type's turn: its cache version row, locked until the transaction ends. */
  async function takeTurn(trx: Knex, uid: string) {
    const source = contentSource(uid);
    await trx(versionsTable())
      .insert({ source, version: 0, document_id: crypto.randomBytes(12).toString('hex') })
      .onConflict('source')
      .ignore();
    if (dialect() !== 'sqlite')
      await trx(versionsTable()).select('version').where('source', source).forUpdate();
  }

  /** The built rollups of a content type. */
  async function readySpecs(trx: Knex, uid: string): Promise<Spec[]> {
    const rows = await latest(
      trx(specsTable()).select('spec', 'definition').where('uid', uid).where('ready', true)
    );
    return rows.map((row: Row) => ({ spec: String(row.spec), definition: parsed(row.definition) }));
  }

  /** The cells some entries are counted in now. */
  async function cellsOfEntries(trx: Knex, definition: RollupDefinition, ids: number[]) {
    const cells = new Map<string, Cell>();
    for (const chunk of chunks(ids)) {
      const rows = await latest(entryCells(trx, dialect(), definition, chunk));
      addCells(cells, cellsOf(rows).values());
    }
    return cells;
  }

  /** Adds some cells' changes to a rollup: the days they fall on are read, summed and written back. */
  async function apply(trx: Knex, spec: string, changes: Map<string, Cell>) {
    const changed = [...changes.values()].filter((cell) => cell.n !== 0 || cell.nv !== 0 || cell.total !== 0);
    if (changed.length === 0) return;
    const days = numbers(changed.map((cell) => cell.day));
    const withNull = changed.some((cell) => cell.day === null);
    const ofDays = (query: Knex.QueryBuilder) =>
      query.where('spec', spec).where((inDays) => {
        if (days.length > 0) inDays.whereIn('day', days);
        if (withNull) inDays.orWhereNull('day');
      });
    const stored = await latest(ofDays(trx(cellsTable()).select('day', 'dim', 'n', 'nv', 'total')));
    const cells = addCells(
      new Map(),
      stored.map((row: Row) => ({
        day: row.day === null ? null : Number(row.day),
        dim: row.dim === null ? null : String(row.dim),
        n: Number(row.n),
        nv: Number(row.nv),
        total: Number(row.total ?? 0),
      }))
    );
    addCells(cells, changed);
    await ofDays(trx(cellsTable())).del();
    const rows = [...cells.values()]
      .filter((cell) => cell.n > 0)
      .map((cell) => ({ spec, ...cell, total: cell.nv > 0 ? cell.total : null }));
    for (const chunk of chunks(rows, 200)) await trx(cellsTable()).insert(chunk);
  }

  /** Builds a registered rollup from its table, once (another instance may have built it meanwhile). */
  async function build(spec: string, { force = false } = {}) {
    await strapi.db.transaction(async ({ trx }) => {
      const [registered] = await trx(specsTable()).select('uid', 'definition', 'ready').where('spec', spec);
      if (!registered) return;
      await takeTurn(trx, String(registered.uid));
      const [row] = await latest(trx(specsTable()).select('ready').where('spec', spec));
      if (!row || (row.ready && !force)) return;
      const definition = parsed(registered.definition);
      if (dialect() === 'postgres') await trx.raw('SET LOCAL jit = off');
      await trx(cellsTable()).where('spec', spec).del();
      const { sql, bindings } = liveCells(trx, dialect(), definition).toSQL();
      await trx.raw(`INSERT INTO ?? (??, ??, ??, ??, ??, ??) SELECT ?, c.* FROM (${sql}) c`, [
        cellsTable(),
        'spec',
        'day',
        'dim',
        'n',
        'nv',
        'total',
        spec,
        ...bindings,
      ]);
      await trx(specsTable()).update({ ready: true }).where('spec', spec);
    });
  }

  /** The builds this instance runs, one at a time, and the rollups waiting for theirs. */
  let builds: Promise<void> = Promise.resolve();
  const queued = new Set<string>();
  function queueBuild(spec: string) {
    if (queued.has(spec)) return builds;
    queued.add(spec);
    builds = builds
      .then(() => build(spec))
      .catch((error: Error) => {
        strapi.log.error(`[dashboards] A content rollup was not built: ${error.message}`);
      })
      .finally(() => queued.delete(spec));
    return builds;
  }

  /** Registers a rollup (once across instances) and queues its build. */
  async function register(definition: RollupDefinition, spec: string) {
    await strapi.db
      .connection(specsTable())
      .insert({
        spec,
        uid: definition.uid,
        definition: JSON.stringify(definition),
        ready: false,
        document_id: crypto.randomBytes(12).toString('hex'),
      })
      .onConflict('spec')
      .ignore();
    void queueBuild(spec);
  }

  function subscriber() {
    const before = async (event: WriteEvent) => {
      const { uid } = event.model;
      if (!isQueryable(uid) || !serves()) return;
      await strapi.db.transaction(async ({ trx }) => {
        // from before the write: a build, or another writer of the content type, waits for this one
        await takeTurn(trx, uid);
        if (!event.params?.where) return;
        const specs = await readySpecs(trx, uid);
        if (specs.length === 0) return;
        const ids = numbers(
          (
            (await strapi.db
              .query(uid as any)
              .findMany({ where: event.params.where as any, select: ['id'] })) as Row[]
          ).map((row) => row.id)
        );
        const cells = new Map<string, Map<string, Cell>>();
        for (const { spec, definition } of specs) cells.set(spec, await cellsOfEntries(trx, definition, ids));
        event.state.contentRollups = { ids, before: cells };
      });
    };
    const after = async (event: WriteEvent) => {
      const { uid } = event.model;
      if (!isQueryable(uid) || !serves()) return;
      await strapi.db.transaction(async ({ trx }) => {
        await takeTurn(trx, uid);
        const specs = await readySpecs(trx, uid);
        if (specs.length === 0) return;
        const taken = event.state.contentRollups;
        const ids = numbers([...(taken?.ids ?? []), event.result?.id, ...(event.result?.ids ?? [])]);
        for (const { spec, definition } of specs) {
          const changes = await cellsOfEntries(trx, definition, ids);
          addCells(changes, taken?.before.get(spec)?.values() ?? [], -1);
          await apply(trx, spec, changes);
        }
      });
    };
    return {
      ...Object.fromEntries(WRITES.map((write) => [`before${write}`, before])),
      ...Object.fromEntries(WRITES.map((write) => [`after${write}`, after])),
    };
  }

  return {
    /**
     * A content-type tile's rows read from its rollup, with its buckets; null when no built rollup
     * answers the request (the caller reads the table; the rollup is registered for next time).
     */
    async answer(
      plan: ContentPlan,
      params: Record<string, unknown>,
      run: Run,
      rowCap: number
    ): Promise<(Omit<QueryResult, 'columns'> & { bounds: BucketBounds | null }) | null> {
      if (!getConfig(strapi).query.contentRollups || !serves()) return null;
      const definition = rollupDefinition(plan);
      if (!definition) return null;
      const days = rollupDays(plan, params, dialect());
      if (!days) return null;
      const spec = specKey(definition);
      const [registered] = await strapi.db.connection(specsTable()).select('ready').where('spec', spec);
      if (!registered) {
        await register(definition, spec);
        return null;
      }
      if (!registered.ready) {
        void queueBuild(spec);
        return null;
      }
      const knex = strapi.db.connection;
      let bounds: BucketBounds | null = null;
      if (plan.bucket) {
        const range = await run(rollupRangeQuery(knex, cellsTable(), spec, days));
        const { low, high } = range.rows[0] ?? {};
        if (low === null || low === undefined) return { rows: [], bounds: null, truncated: false };
        bounds = boundsFor(plan, dayStart(low), dayStart(high), dialect());
      }
      const result = await run(
        rollupAggregateQuery(knex, plan, cellsTable(), spec, days, bounds ?? undefined, rowCap)
      );
      const { rows, truncated, truncated_reason } = result;
      return { rows, truncated, truncated_reason, bounds };
    },

    /**
     * Rebuilds the rollups of a content type (of every one when none is named) from its table, after
     * writes that bypass Strapi. Resolves when they are built.
     */
    async rebuild(uid?: string) {
      const query = strapi.db.connection(specsTable()).select('spec');
      if (uid) query.where('uid', uid);
      for (const { spec } of await query) await build(String(spec), { force: true });
    },

    /** Bootstrap: follows Strapi's writes (before the cache bumps its versions); drops the rollups of fields gone. */
    async start() {
      strapi.db.lifecycles.subscribe(subscriber() as any);
      const specs = await strapi.db.connection(specsTable()).select('spec', 'uid', 'definition');
      for (const row of specs) {
        if (!gone(String(row.uid), parsed(row.definition))) continue;
        await strapi.db.transaction(async ({ trx }) => {
          await trx(cellsTable()).where('spec', row.spec).del();
          await trx(specsTable()).where('spec', row.spec).del();
        });
      }
    },

    /** Resolves when the builds queued so far are done. */
    built: () => builds,

    /** Destroy: waits for the builds under way. */
    async stop() {
      await builds;
    },
  };

  /** A rollup whose content type, table or columns are no longer there. */
  function gone(uid: string, definition: RollupDefinition) {
    if (!isQueryable(uid) || !strapi.db.metadata.has(uid)) return true;
    const meta = strapi.db.metadata.get(uid);
    const columns = new Set(
      Object.entries(meta.attributes).map(([name, attribute]) => (attribute as any).columnName ?? name)
    );
    return (
      meta.tableName !== definition.table ||
      [definition.day, definition.group, definition.measure].some(
        (column) => column !== null && !columns.has(column)
      )
    );
  }
};
