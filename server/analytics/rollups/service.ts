import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../content-types';
import { contentSource } from '../../cache/service';
import { getService } from '../../get-service';
import type { CrmModel } from '../mapping';

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
const WRITES = ['Create', 'Update', 'Delete', 'CreateMany', 'UpdateMany', 'DeleteMany'] as const;

interface WriteEvent {
  action: string;
  model: { uid: string };
  params?: { where?: unknown };
  result?: { id?: number; ids?: number[] } | null;
  state: { histories?: number[]; deals?: number[] };
}

const numbers = (values: unknown[]) => [
  ...new Set(
    values
      .filter((value) => value !== null && value !== undefined)
      .map(Number)
      .filter(Number.isFinite)
  ),
];
/** Lists of ids short enough for any database's bound parameters. */
const chunks = (ids: number[], size = 500) =>
  Array.from({ length: Math.ceil(ids.length / size) }, (_, index) =>
    ids.slice(index * size, (index + 1) * size)
  );

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.metadata.get(UID.dealReach).tableName;
  const markerTable = () => strapi.db.metadata.get(UID.cacheVersion).tableName;

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
    const dialect = strapi.db.dialect.client;
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
        if (dialect === 'mysql') rows.forShare();
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

  /** Rebuilds every row under a lock (two instances booting at once build it once); `ifStale`: only when built for another fingerprint. */
  async function rebuild({ ifStale = false } = {}) {
    const model = crm();
    if (!model) return false;
    const wanted = fingerprint(model);
    const rebuilt = await strapi.db.transaction(async ({ trx }) => {
      await trx(markerTable())
        .insert({ source: MARKER, version: 0, document_id: crypto.randomBytes(12).toString('hex') })
        .onConflict('source')
        .ignore();
      const marker = trx(markerTable()).select('version').where('source', MARKER);
      if (strapi.db.dialect.client !== 'sqlite') marker.forUpdate();
      const [row] = await marker;
      // a table made again (the plugin removed and put back) is empty under a marker that matches
      if (ifStale && Number(row?.version) === wanted && !(await emptyButShouldNotBe(trx, model)))
        return false;
      await trx(table()).del();
      const { sql, bindings } = reachRows(trx, model).toSQL();
      await trx.raw(`INSERT INTO ?? (??, ??) ${sql}`, [table(), 'opportunity', 'furthest', ...bindings]);
      await trx(markerTable()).update({ version: wanted }).where('source', MARKER);
      return true;
    });
    // results cached from the rows before the rebuild go on every instance
    if (rebuilt) await getService(strapi, 'cache').bump([contentSource(model.get('stageHistory').uid)]);
    return rebuilt;
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
    const matching = async (uid: string, where: unknown) =>
      numbers(
        ((await strapi.db.query(uid as any).findMany({ where: where as any, select: ['id'] })) as any[]).map(
          (row) => row.id
        )
      );

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
        await rebuild();
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

  return {
    /** The rollup's table, for the queries that read it. */
    table,

    /** Whether the funnels may read the rollup (the CRM's deals, stages and stage history are mapped). */
    available: () => crm() !== null,

    /** Whether writes to a content type change the rollup. */
    readsFrom(uid: string) {
      const model = crm();
      return (
        model !== null &&
        [model.get('stageHistory'), model.get('stage'), model.get('opportunity')].some(
          (concept) => concept.uid === uid
        )
      );
    },

    rebuild,
    refresh,

    /** Bootstrap: keeps the rollup in step with Strapi's writes, and builds it when it was built for another mapping (or never). */
    async start() {
      const model = crm();
      if (!model) return;
      strapi.db.lifecycles.subscribe(subscriber(model) as any);
      await rebuild({ ifStale: true });
    },
  };
};
