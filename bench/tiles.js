'use strict';

/**
 * Benchmark: what each tile of a seeded dashboard costs on its own, cold (result cache off), one
 * tile at a time: `GET /api/dashboards/:id/tiles/:tileId/data`, the median of BENCH_ROUNDS, slowest
 * first. Where a dashboard's cold view goes.
 *
 *   BENCH_DATABASE=dashboards_bench BENCH_DASHBOARD="CRM overview" node bench/tiles.js
 */
const supertest = require('supertest');
const { rollupsReady, useSeededDatabase } = require('./postgres');
const { withPlayground } = require('../playground/dist/scripts/boot');

const DATABASE = process.env.BENCH_DATABASE ?? 'dashboards_bench';
const DASHBOARD = process.env.BENCH_DASHBOARD ?? 'CRM overview';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  useSeededDatabase(DATABASE);
  await withPlayground(async (strapi) => {
    await rollupsReady(strapi);
    const token = await strapi
      .service('admin::api-token')
      .create({ name: `bench-tiles-${process.pid}`, type: 'full-access', lifespan: null });
    try {
      await strapi.server.mount();
      const api = supertest(strapi.server.httpServer);
      const auth = { Authorization: `Bearer ${token.accessKey}` };
      const dashboard = await strapi.db
        .query('plugin::dashboards.dashboard')
        .findOne({ where: { name: DASHBOARD }, populate: { tiles: true } });
      if (!dashboard) throw new Error(`No dashboard "${DASHBOARD}" in ${DATABASE}: seed it first`);
      const rows = [];
      for (const tile of dashboard.tiles) {
        if (tile.type === 'text') continue;
        const times = [];
        for (let round = 0; round <= ROUNDS; round += 1) {
          const started = performance.now();
          const response = await api
            .get(`/api/dashboards/${dashboard.documentId}/tiles/${tile.documentId}/data`)
            .set(auth);
          if (response.status !== 200) throw new Error(`${tile.title}: ${response.status} ${response.text}`);
          if (round > 0) times.push(performance.now() - started);
          // the content rollup a content-type tile registered on its first run (docs/rollups.md)
          else await strapi.plugin('dashboards').service('contentRollups').built();
        }
        const source = tile.source ?? {};
        rows.push({
          tile: tile.title,
          source: source.endpoint ?? source.kind ?? '',
          ms: Math.round(median(times)),
        });
      }
      rows.sort((a, b) => b.ms - a.ms);
      console.log(`${DASHBOARD} on ${DATABASE}: each tile alone, cold (median of ${ROUNDS})`);
      console.table(rows);
      console.log(`sum ${rows.reduce((sum, row) => sum + row.ms, 0)} ms`);
    } finally {
      await strapi.service('admin::api-token').revoke(token.id);
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
