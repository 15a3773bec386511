'use strict';

/**
 * Benchmark: a 12-tile dashboard whose tiles each wait ~100 ms on PostgreSQL. GET /data runs the
 * tiles concurrently on the server, so it should take about as long as its slowest tile; with 12
 * identical tiles the query runs once. Prints both ratios, measured in one run.
 *
 *   npm run build:playground && node bench/dashboard-data.js
 *
 * Needs the local PostgreSQL (127.0.0.1:5432, user postgres). Creates and drops its own database.
 */
const { withScratchPlayground } = require('./postgres');
const supertest = require('supertest');

const DATABASE = `dashboards_bench_data_${process.pid}`;
const TILE_MS = 100;
const ROUNDS = 5;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(request) {
  const started = performance.now();
  const response = await request;
  if (response.status !== 200) throw new Error(`${response.status} ${response.text}`);
  return { ms: performance.now() - started, body: response.body };
}

async function main() {
  await withScratchPlayground(
    DATABASE,
    { strapiDatasource: { maxConcurrency: 12, allowedTables: ['leads'] } },
    async (strapi) => {
      await strapi.server.mount();
      const api = supertest(strapi.server.httpServer);
      // A tile that waits without using CPU, as a tile on a busy warehouse does. The guard refuses
      // pg_sleep itself; a function of the database's own is what a datasource may expose.
      await strapi.db.connection.raw(
        'CREATE FUNCTION bench_wait(ms integer, tag integer) RETURNS integer LANGUAGE sql AS $$ SELECT tag FROM (SELECT pg_sleep(ms / 1000.0)) AS waited $$'
      );
      const token = (
        await strapi
          .service('admin::api-token')
          .create({ name: 'bench', type: 'full-access', lifespan: null })
      ).accessKey;
      const auth = { Authorization: `Bearer ${token}` };

      const dashboardOf = async (name, queryOf) => {
        const tiles = Array.from({ length: 12 }, (_, index) => ({
          title: `Tile ${index + 1}`,
          tile_type: 'table',
          query: queryOf(index),
          grid_x: (index % 3) * 4,
          grid_y: Math.floor(index / 3) * 3,
        }));
        const response = await api.post('/api/dashboards').set(auth).send({ name, tiles });
        if (response.status !== 201) throw new Error(response.text);
        return response.body;
      };

      const measure = async (dashboard) => {
        const whole = [];
        const slowest = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          const alone = [];
          for (const tile of dashboard.tiles) {
            alone.push(
              (await timed(api.get(`/api/dashboards/${dashboard.id}/tiles/${tile.id}/data`).set(auth))).ms
            );
          }
          slowest.push(Math.max(...alone));
          const { ms, body } = await timed(api.get(`/api/dashboards/${dashboard.id}/data`).set(auth));
          if (body.tiles.some((tile) => tile.error))
            throw new Error(JSON.stringify(body.tiles.find((tile) => tile.error)));
          whole.push(ms);
        }
        return { data: median(whole), slowest: median(slowest) };
      };

      const distinct = await measure(
        await dashboardOf('Distinct', (index) => `SELECT bench_wait(${TILE_MS}, ${index}) AS tag`)
      );
      const identical = await measure(
        await dashboardOf('Identical', () => `SELECT bench_wait(${TILE_MS}, 0) AS tag`)
      );
      const line = (label, { data, slowest }) =>
        `${label.padEnd(22)} /data ${data.toFixed(0).padStart(5)} ms   slowest tile ${slowest.toFixed(0).padStart(5)} ms   ratio ${(data / slowest).toFixed(2)}`;
      console.log(
        `12 tiles of ~${TILE_MS} ms on PostgreSQL, median of ${ROUNDS} rounds (target ratio ≤ 1.20):`
      );
      console.log(line('12 distinct queries', distinct));
      console.log(line('12 identical queries', identical));
    }
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
