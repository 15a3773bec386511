import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../content-types';
import { contentSource } from '../../cache/service';
import { getService } from '../../get-service';
import type { Dialect } from '../../query/sql-guard';
import type { Concept, CrmModel } from '../mapping';
import {
  EVERYONE,
  FACTS,
  daysOfRecords,
  factsOf,
  liveRows,
  viaOf,
  type Fact,
  type FactDatabase,
} from './daily';
import { chunks, numbers } from '../../db/ids';

/**
 * The deal-reach rollup (docs/rollups.md): per opportunity, the furthest position among the open
 * or won stages its stage history has a stint in. The funnels read it instead of joining every
 * stint of every deal (925k stints at a million leads).
 *
 * It is kept in step by Strapi's database lifecycle events, in the writing transaction and before
 * the result cache's versions are bumped (bootstrap subscribes this first): a stint written,
 * moved or deleted recomputes its deals' rows; a deal written recomputes its own (its stints may be
 * linked from its side); a stage written rebuilds the whole rollup (positions and kinds move every
 * deal). Writes that bypass Strapi call `rebuild()` (or the cache's `bumpStrapiDatabase`, which
 * does), or run `npx strapi-dashboards rebuild-rollups`.
 */

/** Raised when what the rollup holds, or how it is computed, changes: stored rollups rebuild. */
const ROLLUP_FORMAT = 1;
/** The marker row (in the cache versions table) holding the fingerprint the rollup was built for. */
const MARKER = 'rollup:deal-reach';
/** Raised when what the daily rollup holds changes beyond its facts' SQL (2: every owner's sums; 3: stints; 4: current stages). */
const DAILY_FORMAT = 4;
/** The daily rollup's marker row: its fingerprint, and the lock its writers take turns on. */
const DAILY_MARKER = 'rollup:daily';
/** The concepts the daily rollup reads (it serves only when all of them are mapped). */
const DAILY_CONCEPTS: Concept[] = ['activity', 'lead', 'opportunity', 'stage', 'stageHistory', 'user'];
/** The concepts the daily rollup's facts read under a mapping. */
const dailyConcepts = (model: CrmModel) => [
  ...new Set([...DAILY_CONCEPTS, ...factsOf(model).flatMap((fact) => FACTS[fact].needs)]),
];
const WRITES = ['Create', 'Update', 'Delete', 'CreateMany', 'UpdateMany', 'DeleteMany'] as const;

interface WriteEvent {
  action: string;
  model: { uid: string };
  params?: { where?: unknown };
  result?: { id?: number; ids?: number[] } | null;
  state: {
    histories?: number[];
    deals?: number[];
    records?: number[];
    days?: Partial<Record<Fact, number[]>>;
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.metadata.get(UID.dealReach).tableName;
  const markerTable = () => strapi.db.metadata.get(UID.cacheVersion).tableName;
  const dailyTable = () => strapi.db.metadata.get(UID.dailyRollup).tableName;
  const dialect = () => strapi.db.dialect.client as Dialect;
  /** Whether the daily rollup was checked (and built if need be) since the start, and that build. */
  let dailyReady = false;
  let dailyBuilding: Promise<void> | undefined;

  /** The ids of the rows a write's `where` matches. */
  const matching = async (uid: string, where: unknown) =>
    numbers(
      ((await strapi.db.query(uid as any).findMany({ where: where as any, select: ['id'] })) as any[]).map(
        (row) => row.id
      )
    );

  /** Creates a marker row when missing and locks it until the transaction ends (SQLite has one writer at a time anyway); its version. */
  async function lockMarker(trx: Knex, source: string) {
    await trx(markerTable())
      .insert({ source, version: 0, document_id: crypto.randomBytes(12).toString('hex') })
      .onConflict('source')
      .ignore();
    const marker = trx(markerTable()).select('version').where('source', source);
    if (dialect() !== 'sqlite') marker.forUpdate();
    const [row] = await marker;
    return Number(row?.version);
  }

  /** The CRM model when the rollup can be computed from it (stage history, stages and deals mapped). */
  function crm(): CrmModel | null {
    const model = getService(strapi, 'analytics').model();
    if (!model) return null;
    const needed = ['stageHistory', 'stage', 'opportunity'] as const;
    return needed.some((concept) => model.problems[concept]) ? null : model;
  }

  /** What the stored rollup depends on besides the data: the format and the mapped names. */
  function fingerprint(model: CrmModel): number {
    const history = model.get('stageHistory');
    const stage = model.get('stage');
    const names = [
      ROLLUP_FORMAT,
      history.link('opportunity'),
      history.link('stage'),
      stage.table,
      stage.column('kind'),
      stage.column('position'),
    ];
    return crypto.createHash('sha256').update(JSON.stringify(names)).digest().readUInt32BE(0) >>> 1;
  }

  /** SELECT opportunity, furthest: the rollup's rows, of `deals` only when given. */
  function reachRows(knex: Knex, model: CrmModel, deals?: number[]) {
    const history = model.get('stageHistory');
    const stage = model.get('stage');
    const toDeal = history.link('opportunity');
    const toStage = history.link('stage');
    const query = knex
      .from({ hd: toDeal.table })
      .join({ hs: toStage.table }, `hs.${toStage.from}`, `hd.${toDeal.from}`)
      .join({ st: stage.table }, 'st.id', `hs.${toStage.to}`)
      .select({ opportunity: `hd.${toDeal.to}` })
      .select(
        knex.raw(`MAX(CASE WHEN ?? IN ('open', 'won') THEN ?? END) AS furthest`, [
          `st.${stage.column('kind')}`,
          `st.${stage.column('position')}`,
        ])
      )
      .groupBy(`hd.${toDeal.to}`);
    if (deals) query.whereIn(`hd.${toDeal.to}`, deals);
    return query;
  }

  /** Recomputes the rows of some deals (in the ambient transaction, when there is one). */
  async function refresh(deals: number[]) {
    const model = crm();
    if (!model || deals.length === 0) return;
    await strapi.db.transaction(async ({ trx }) => {
      for (const chunk of chunks([...deals].sort((a, b) => a - b))) {
        // Two writers of one deal's stints take turns: each locks the deal's row (an upsert that
        // changes nothing still locks it) before reading the stints, so the later one reads what
        // the earlier one committed (else it could put back a value computed without the other's stint).
        await trx(table())
          .insert(chunk.map((deal) => ({ opportunity: deal, furthest: null })))
          .onConflict('opportunity')
          .merge({ furthest: trx.ref(`${table()}.furthest`) });
        const rows = reachRows(trx, model, chunk);
        // MySQL reads the transaction's first snapshot unless the read locks; PostgreSQL (read
        // committed) reads what is committed when the statement starts
        if (dialect() === 'mysql') rows.forShare();
        const found = new Map<number, number | null>(
          (await rows).map((row: Record<string, unknown>) => [
            Number(row.opportunity),
            row.furthest === null ? null : Number(row.furthest),
          ])
        );
        // a deal without stints keeps a row of its own: null, as the live computation finds
        const values = chunk.map((deal) => ({ opportunity: deal, furthest: found.get(deal) ?? null }));
        await trx(table()).insert(values).onConflict('opportunity').merge(['furthest']);
      }
    });
  }

  /** The rollup holds no row while the stage history has stints. */
  async function emptyButShouldNotBe(trx: Knex, model: CrmModel) {
    const [kept] = await trx(table()).select('id').limit(1);
    if (kept) return false;
    const [stint] = await trx(model.get('stageHistory').link('opportunity').table).select('*').limit(1);
    return Boolean(stint);
  }

  /**
   * Rebuilds a rollup under its marker's lock (two instances booting at once build it once), then
   * renews the results cached from its sources on every instance. `ifStale`: only when it was built
   * for another fingerprint, or its table was emptied (the plugin removed and put back).
   */
  async function rebuildUnderMarker(rollup: {
    marker: string;
    wanted: number;
    ifStale: boolean;
    emptyButShouldNotBe: (trx: Knex) => Promise<boolean>;
    write: (trx: Knex) => Promise<void>;
    sources: string[];
  }) {
    const rebuilt = await strapi.db.transaction(async ({ trx }) => {
      const version = await lockMarker(trx, rollup.marker);
      if (rollup.ifStale && version === rollup.wanted && !(await rollup.emptyButShouldNotBe(trx)))
        return false;
      await rollup.write(trx);
      await trx(markerTable()).update({ version: rollup.wanted }).where('source', rollup.marker);
      return true;
    });
    if (rebuilt) await getService(strapi, 'cache').bump(rollup.sources);
    return rebuilt;
  }

  /** Rebuilds every row of the deal reach; `ifStale`: only when built for another fingerprint. */
  async function rebuildDealReach({ ifStale = false } = {}) {
    const model = crm();
    if (!model) return false;
    return rebuildUnderMarker({
      marker: MARKER,
      wanted: fingerprint(model),
      ifStale,
      emptyButShouldNotBe: (trx) => emptyButShouldNotBe(trx, model),
      async write(trx) {
        await trx(table()).del();
        const { sql, bindings } = reachRows(trx, model).toSQL();
        await trx.raw(`INSERT INTO ?? (??, ??) ${sql}`, [table(), 'opportunity', 'furthest', ...bindings]);
      },
      sources: [contentSource(model.get('stageHistory').uid)],
    });
  }

  /** The deals linked to some stints now. */
  async function dealsOfHistories(model: CrmModel, histories: number[]) {
    if (histories.length === 0) return [];
    const link = model.get('stageHistory').link('opportunity');
    const rows = await strapi.db.transaction(async ({ trx }) => {
      const found: Record<string, unknown>[] = [];
      for (const chunk of chunks(histories)) {
        found.push(...(await trx(link.table).select(link.to).whereIn(link.from, chunk)));
      }
      return found;
    });
    return numbers(rows.map((row) => row[link.to]));
  }

  function subscriber(model: CrmModel) {
    const historyUid = model.get('stageHistory').uid;
    const dealUid = model.get('opportunity').uid;
    const stageUid = model.get('stage').uid;

    // before a stint changes or goes: which stints, and the deals they belong to now
    const before = async (event: WriteEvent) => {
      if (event.model.uid !== historyUid || !event.params?.where) return;
      await strapi.db.transaction(async () => {
        const histories = await matching(historyUid, event.params!.where);
        event.state.histories = histories;
        event.state.deals = await dealsOfHistories(model, histories);
      });
    };
    const after = (event: WriteEvent) => strapi.db.transaction(() => recompute(event));
    const recompute = async (event: WriteEvent) => {
      const { uid } = event.model;
      const written = numbers([event.result?.id, ...(event.result?.ids ?? [])]);
      if (uid === stageUid) {
        await rebuildDealReach();
      } else if (uid === dealUid) {
        if (!event.action.endsWith('Many') && !event.action.startsWith('afterDelete')) await refresh(written);
      } else if (uid === historyUid) {
        const histories = numbers([...(event.state.histories ?? []), ...written]);
        await refresh(numbers([...(event.state.deals ?? []), ...(await dealsOfHistories(model, histories))]));
      }
    };
    return {
      models: [historyUid, dealUid, stageUid],
      ...Object.fromEntries(WRITES.map((write) => [`before${write}`, before])),
      ...Object.fromEntries(WRITES.map((write) => [`after${write}`, after])),
    };
  }

  /** The CRM model when the daily rollup can serve: every concept it reads mapped, and datetimes read as UTC. */
  function dailyModel(): CrmModel | null {
    const model = getService(strapi, 'analytics').model();
    if (!model || DAILY_CONCEPTS.some((concept) => model.problems[concept])) return null;
    // PostgreSQL and MySQL datetimes reach Node in its local time: UTC days need a process in UTC
    const inUtc = [0, 6].every((month) => new Date(2026, month, 1).getTimezoneOffset() === 0);
    return dialect() === 'sqlite' || inUtc ? model : null;
  }

  /** Where the daily rollup's facts are computed (in a transaction when given). */
  const factDatabase = (model: CrmModel, knex: Knex = strapi.db.connection): FactDatabase => ({
    knex,
    dialect: dialect(),
    crm: model,
    dealReach: table(),
  });

  /**
   * The daily rollup's fingerprint: its format, and its facts' SQL (which holds every table and
   * column name they read) with its constants (the proposal stage's name).
   */
  function dailyFingerprint(model: CrmModel): number {
    const sql = factsOf(model).map((fact) => {
      const { sql, bindings } = liveRows(factDatabase(model), fact).toSQL();
      return [fact, sql, bindings];
    });
    const format = [DAILY_FORMAT, ...sql];
    return crypto.createHash('sha256').update(JSON.stringify(format)).digest().readUInt32BE(0) >>> 1;
  }

  /**
   * PostgreSQL compiles a statement whose estimated cost is high (JIT): the facts' per-lead
   * subqueries on tables never analyzed are estimated so, and compiling them takes a second where
   * running them takes a millisecond. Off for the rest of the transaction.
   */
  const withoutJit = async (trx: Knex) => {
    if (dialect() === 'postgres') await trx.raw('SET LOCAL jit = off');
  };

  /** Writes the rows of some facts computed live, of some UTC days only when given (the old ones deleted first). */
  async function writeDaily(trx: Knex, model: CrmModel, facts: Fact[], days?: number[]) {
    await withoutJit(trx);
    const columns = ['fact', 'day', 'owner', 'dim', 'n', 'sum_a', 'sum_b'];
    const into = `INSERT INTO ?? (${columns.map(() => '??').join(', ')})`;
    const sortedDays = days && [...days].sort((a, b) => a - b);
    for (const fact of facts) {
      for (const someDays of sortedDays ? chunks(sortedDays, 100) : [undefined]) {
        const inDays = (query: Knex.QueryBuilder) => (someDays ? query.whereIn('day', someDays) : query);
        await inDays(trx(dailyTable()).where('fact', fact)).del();
        const { sql, bindings } = liveRows(factDatabase(model, trx), fact, { days: someDays }).toSQL();
        await trx.raw(`${into} SELECT ?, x.* FROM (${sql}) x`, [dailyTable(), ...columns, fact, ...bindings]);
        // every owner's rows summed (owner EVERYONE): what scope `all` reads
        const everyone = inDays(
          trx(dailyTable())
            .where('fact', fact)
            .where((owned) => owned.whereNull('owner').orWhere('owner', '<>', EVERYONE))
        )
          .select('fact', 'day', trx.raw(`${EVERYONE} AS owner`), 'dim')
          .sum({ n: 'n', sum_a: 'sum_a', sum_b: 'sum_b' })
          .groupBy('fact', 'day', 'dim');
        const total = everyone.toSQL();
        await trx.raw(`${into} ${total.sql}`, [dailyTable(), ...columns, ...total.bindings]);
      }
    }
  }

  /** The daily rollup holds no row while the CRM has records. */
  async function dailyEmptyButShouldNotBe(trx: Knex, model: CrmModel) {
    const [kept] = await trx(dailyTable()).select('id').limit(1);
    if (kept) return false;
    for (const concept of ['lead', 'opportunity', 'activity'] as const) {
      const [record] = await trx(model.get(concept).table).select('id').limit(1);
      if (record) return true;
    }
    return false;
  }

  /** Rebuilds the daily rollup; `ifStale`: only when built for another fingerprint. */
  async function rebuildDaily({ ifStale = false } = {}) {
    const model = dailyModel();
    if (!model) return false;
    return rebuildUnderMarker({
      marker: DAILY_MARKER,
      wanted: dailyFingerprint(model),
      ifStale,
      emptyButShouldNotBe: (trx) => dailyEmptyButShouldNotBe(trx, model),
      write: async (trx) => {
        // a fact the mapping cannot compute any more keeps no rows
        await trx(dailyTable()).whereNotIn('fact', factsOf(model)).del();
        await writeDaily(trx, model, factsOf(model));
      },
      sources: [...new Set(dailyConcepts(model).map((concept) => contentSource(model.get(concept).uid)))],
    });
  }

  /** Keeps the daily rollup in step with Strapi's writes: the UTC days a written record was and is on are recomputed. */
  function dailySubscriber(model: CrmModel) {
    const facts = factsOf(model);
    /** The facts a write to `uid` changes: through their own records, or through those of a `via` concept. */
    const touched = (uid: string) =>
      facts.flatMap((fact): [Fact, 'records' | Concept][] => {
        if (model.get(FACTS[fact].root).uid === uid) return [[fact, 'records']];
        return viaOf(fact)
          .filter((concept) => model.get(concept).uid === uid)
          .map((concept) => [fact, concept]);
      });
    // a stage or pipeline written (kinds, positions, names, links) rewrites every fact that reads them
    const structural = new Map(
      (['stage', 'pipeline'] as const)
        .filter((concept) => !model.problems[concept])
        .map((concept) => [
          model.get(concept).uid,
          facts.filter((fact) => (FACTS[fact].needs as readonly Concept[]).includes(concept)),
        ])
    );
    const uids = [
      ...new Set([
        ...structural.keys(),
        ...facts
          .flatMap((fact) => [FACTS[fact].root, ...viaOf(fact)])
          .map((concept) => model.get(concept).uid),
      ]),
    ];

    const daysOf = async (trx: Knex, fact: Fact, how: 'records' | Concept, records: number[]) => {
      const days: number[] = [];
      for (const chunk of chunks(records)) {
        const selection = how === 'records' ? { records: chunk } : { via: { concept: how, ids: chunk } };
        const rows = await daysOfRecords(factDatabase(model, trx), fact, selection);
        days.push(...rows.map((row: Record<string, unknown>) => Number(row.day)));
      }
      return days;
    };
    const before = async (event: WriteEvent) => {
      if (!uids.includes(event.model.uid)) return;
      await strapi.db.transaction(async ({ trx }) => {
        // writers take turns from before their write, so none holds a record's lock while waiting for this one
        await lockMarker(trx, DAILY_MARKER);
        const facts = touched(event.model.uid);
        if (facts.length === 0 || !event.params?.where) return;
        const records = await matching(event.model.uid, event.params.where);
        await withoutJit(trx);
        event.state.records = records;
        event.state.days = {};
        for (const [fact, how] of facts) event.state.days[fact] = await daysOf(trx, fact, how, records);
      });
    };
    const after = (event: WriteEvent) =>
      strapi.db.transaction(async ({ trx }) => {
        if (!uids.includes(event.model.uid)) return;
        await lockMarker(trx, DAILY_MARKER);
        const rewritten = structural.get(event.model.uid);
        if (rewritten) {
          await writeDaily(trx, model, rewritten);
          return;
        }
        const records = numbers([
          ...(event.state.records ?? []),
          event.result?.id,
          ...(event.result?.ids ?? []),
        ]);
        await withoutJit(trx);
        for (const [fact, how] of touched(event.model.uid)) {
          const now = await daysOf(trx, fact, how, records);
          const days = numbers([...(event.state.days?.[fact] ?? []), ...now]);
          if (days.length > 0) await writeDaily(trx, model, [fact], days);
        }
      });
    return {
      models: uids,
      ...Object.fromEntries(WRITES.map((write) => [`before${write}`, before])),
      ...Object.fromEntries(WRITES.map((write) => [`after${write}`, after])),
    };
  }

  /** Rebuilds every rollup (after writes that bypass Strapi). */
  async function rebuild({ ifStale = false } = {}) {
    const [dealReach, daily] = [await rebuildDealReach({ ifStale }), await rebuildDaily({ ifStale })];
    return dealReach || daily;
  }

  return {
    /** The rollup's table, for the queries that read it. */
    table,

    /** Whether the funnels may read the rollup (the CRM's deals, stages and stage history are mapped). */
    available: () => crm() !== null,

    /** The daily rollup's table when it serves (built, its concepts mapped, datetimes in UTC); else null. */
    dailyTable: () => (dailyReady && dailyModel() ? dailyTable() : null),

    /** Whether writes to a content type change a rollup. */
    readsFrom(uid: string) {
      const reach = crm();
      const daily = dailyModel();
      return (
        (reach !== null &&
          [reach.get('stageHistory'), reach.get('stage'), reach.get('opportunity')].some(
            (concept) => concept.uid === uid
          )) ||
        (daily !== null && dailyConcepts(daily).some((concept) => daily.get(concept).uid === uid))
      );
    },

    rebuild,
    refresh,

    /** Bootstrap: keeps the rollups in step with Strapi's writes, and builds them when built for another mapping (or never). */
    async start() {
      const model = crm();
      if (model) {
        strapi.db.lifecycles.subscribe(subscriber(model) as any);
        await rebuildDealReach({ ifStale: true });
      }
      const daily = dailyModel();
      if (daily) {
        strapi.db.lifecycles.subscribe(dailySubscriber(daily) as any);
        // built in the background (tens of seconds at a million leads; a CRM table locked by a migration never
        // holds up the start): the analytics compute from the records until it is
        dailyBuilding = rebuildDaily({ ifStale: true }).then(
          () => {
            dailyReady = true;
          },
          (error: Error) => {
            strapi.log.error(`[dashboards] The daily rollup was not built: ${error.message}`);
          }
        );
      }
    },

    /** Destroy: waits for the daily rollup's start-up build. */
    async stop() {
      await dailyBuilding;
    },
  };
};
