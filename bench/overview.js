'use strict';

/**
 * Benchmark: the seeded dashboards' `GET /api/dashboards/:id/data` on PostgreSQL, with the result
 * cache on (as installed):
 * - cold: every result out of date (a source version bumped, as a write does) and this instance's
 *   cache empty: every tile computes;
 * - warm: the same view again, served from the cache;
 * - a viewer who arrives while another viewer's cold view computes (stale while revalidate);
 * - a write through Strapi (a new lead) and the next view: fresh, with the new lead counted.
 * With several databases (BENCH_DATABASES, smallest first) it prints the cold cost curve.
 *
 *   npm run build:playground
 *   DATABASE_CLIENT=postgres DATABASE_NAME=dashboards_bench npm run seed -- --size bench   # once
 *   BENCH_DATABASES=dashboards_bench_10000,dashboards_bench_100000,dashboards_bench node bench/overview.js
 *
 * Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and seeded databases.
 */
const { Client } = require('pg');
const { rollupsReady, ADMIN } = require('./postgres');
const supertest = require('supertest');
const { withPlayground } = require('../playground/dist/scripts/boot');

const DATABASES = (process.env.BENCH_DATABASES ?? process.env.BENCH_DATABASE ?? 'dashboards_bench').split(
  ','
);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DASHBOARDS = ['CRM overview', 'Sales dashboard'];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(request) {
  const started = performance.now();
  const response = await request;
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${response.status} ${response.text}`);
  const failed = response.body.tiles.find((tile) => tile.error);
  if (failed) throw new Error(`tile "${failed.title}": ${JSON.stringify(failed.error)}`);
  return { ms, tiles: response.body.tiles };
}

/** One database: cold, warm, stale-while-revalidate and write-then-view, per dashboard. */
async function measure(database) {
  Object.assign(process.env, {
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: database,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    DASHBOARDS_CONFIG: process.env.BENCH_CONFIG ?? '{}',
  });
  return withPlayground(async (strapi) => {
    await rollupsReady(strapi);
    const raw = new Client({ ...ADMIN, database });
    await raw.connect();
    const token = await strapi
      .service('admin::api-token')
      .create({ name: `bench-${process.pid}`, type: 'full-access', lifespan: null });
    const created = [];
    try {
      await strapi.server.mount();
      const api = supertest(strapi.server.httpServer);
      const auth = { Authorization: `Bearer ${token.accessKey}` };
      const cache = strapi.plugin('dashboards').service('cache');
      const leads = Number((await raw.query('SELECT COUNT(*) AS n FROM leads')).rows[0].n);
      const view = (id) => timed(api.get(`/api/dashboards/${id}/data`).set(auth));
      /** Every result out of date (what any write through Strapi does to the analytics); the previous ones stay for viewers who arrive meanwhile. */
      const invalidate = async () => {
        await cache.bump(['strapi-db:manual']);
      };

      const results = [];
      for (const name of DASHBOARDS) {
        const dashboard = await strapi.db
          .query('plugin::dashboards.dashboard')
          .findOne({ where: { name }, select: ['id', 'documentId'] });
        if (!dashboard) throw new Error(`No dashboard "${name}" in ${database}: seed it first`);
        const id = dashboard.documentId;
        await view(id); // warm up the server's code paths
        // the content rollups its content-type tiles registered on that first view (docs/rollups.md)
        await strapi.plugin('dashboards').service('contentRollups').built();
        // how many computations a cold view starts (tiles with equal queries share one)
        await invalidate();
        const startedBefore = cache.stats().misses;
        await view(id);
        const computations = cache.stats().misses - startedBefore;

        const cold = [];
        const warm = [];
        const meanwhile = [];
        let tiles = 0;
        for (let round = 0; round < ROUNDS; round += 1) {
          await invalidate();
          const invalidatedAt = new Date().toISOString();
          const missesBefore = cache.stats().misses;
          const computing = view(id);
          // a second viewer once the first one's recomputations have all begun: served the previous results
          while (cache.stats().misses - missesBefore < computations)
            await new Promise((resolve) => setImmediate(resolve));
          const second = await view(id);
          const first = await computing;
          cold.push(first.ms);
          meanwhile.push(second.ms);
          tiles = first.tiles.length;
          // tiles with equal queries share one computation (the copies say cached), all of it new
          if (first.tiles.some((tile) => tile.executed_at && tile.executed_at < invalidatedAt))
            throw new Error(
              `${name}: a cold view served a result computed before: ${JSON.stringify(first.tiles.filter((tile) => tile.executed_at && tile.executed_at < invalidatedAt).map((tile) => [tile.title, tile.executed_at, tile.cached]))} (${invalidatedAt})`
            );
          for (let again = 0; again < 5; again += 1) {
            const next = await view(id);
            const computed = next.tiles.find((tile) => !tile.cached && tile.tile_type !== 'text');
            if (computed)
              throw new Error(
                `${name}: a warm view computed "${computed.title}" ${JSON.stringify(computed).slice(0, 300)}`
              );
            warm.push(next.ms);
          }
        }

        // a write through Strapi, then the next view: fresh, and the new lead is counted (by the
        // CRM overview's stats, or the Sales dashboard's "Leads" count, read from its content rollup)
        const leadCount = (tile) => tile.data?.rows?.[0]?.totalLeads ?? tile.data?.rows?.[0]?.count;
        const statsTile = (result) =>
          result.tiles.find(
            (tile) =>
              typeof tile.data?.rows?.[0]?.totalLeads === 'number' ||
              (tile.title === 'Leads' && typeof tile.data?.rows?.[0]?.count === 'number')
          );
        const before = await view(id);
        const lead = await strapi
          .documents('api::lead.lead')
          .create({ data: { name: `Bench lead ${Date.now()}`, source: 'website', status: 'open' } });
        created.push(lead.documentId);
        const writtenAt = new Date().toISOString();
        const after = await view(id);
        const [then, now] = [statsTile(before), statsTile(after)];
        results.push({
          name,
          tiles,
          cold: median(cold),
          warm: median(warm),
          meanwhile: median(meanwhile),
          afterWrite: after.ms,
          fresh: now ? now.executed_at > writtenAt : 'no stats tile',
          counted: then && now ? leadCount(now) - leadCount(then) : 'no stats tile',
        });
      }
      return { database, leads, results };
    } finally {
      for (const documentId of created)
        await strapi
          .documents('api::lead.lead')
          .delete({ documentId })
          .catch(() => undefined);
      await strapi
        .service('admin::api-token')
        .revoke(token.id)
        .catch(() => undefined);
      await raw.end();
    }
  });
}

async function main() {
  const runs = [];
  for (const database of DATABASES) runs.push(await measure(database));
  console.log(
    `Seeded dashboards' /data on PostgreSQL, result cache on, median of ${ROUNDS} cold rounds ` +
      `(goals at 1M leads: CRM overview cold ≤ 1000 ms, warm ≤ 50 ms; Sales dashboard cold ≤ 500 ms):`
  );
  console.log(
    '| database | leads | dashboard | tiles | cold ms | warm ms | viewer during a cold view ms | view after a write ms | fresh after the write | new lead counted |'
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { database, leads, results } of runs) {
    for (const row of results) {
      console.log(
        `| ${database} | ${leads} | ${row.name} | ${row.tiles} | ${row.cold.toFixed(0)} | ${row.warm.toFixed(1)} | ` +
          `${row.meanwhile.toFixed(1)} | ${row.afterWrite.toFixed(0)} | ${row.fresh === true ? 'yes' : row.fresh || 'NO'} | ${row.counted} |`
      );
    }
  }
  if (runs.length > 1) {
    const [first] = runs;
    console.log('Cold cost curve (CRM overview), relative to the smallest database:');
    for (const run of runs) {
      const scale = run.leads / first.leads;
      const cost = run.results[0].cold / first.results[0].cold;
      console.log(
        `  ${run.leads} leads: ×${scale.toFixed(0)} data → ×${cost.toFixed(2)} time (${cost <= scale ? 'no worse than linear' : 'WORSE than linear'})`
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
