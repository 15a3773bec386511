'use strict';

/**
 * Benchmark: each CRM analytics endpoint through HTTP against the same SQL run raw, in one run, on
 * PostgreSQL. The SQL an endpoint sends is captured from knex's query events during its HTTP call,
 * then replayed on a separate connection; the ratio is HTTP time ÷ raw SQL time (target ≤ 1.3).
 * Also prints the server's memory growth over the run (target < 50 MB).
 *
 *   npm run build:playground
 *   DATABASE_CLIENT=postgres DATABASE_NAME=dashboards_bench npm run seed -- --size bench   # once, ~7 min
 *   BENCH_DATABASE=dashboards_bench node bench/analytics.js
 *   BENCH_ONLY=recent-activities,upcoming-tasks …   # some endpoints only
 *
 * Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and a seeded database.
 */
const { Client } = require('pg');
const { ADMIN } = require('./postgres');
const supertest = require('supertest');
const { withPlayground } = require('../playground/dist/scripts/boot');

const DATABASE = process.env.BENCH_DATABASE ?? 'dashboards_bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const YEAR = { scope: 'all', from: '2025-06-01', to: '2026-05-31' };
const ENDPOINTS = [
  ['stats', YEAR],
  ['lead-pipeline', YEAR],
  ['opportunity-pipeline', YEAR],
  ['revenue-trend', { ...YEAR, period: 'monthly' }],
  ['lead-sources', YEAR],
  ['conversion-funnel', YEAR],
  ['top-performers', { ...YEAR, metricKey: 'revenue' }],
  ['activities-summary', YEAR],
  ['tasks-summary', YEAR],
  ['recent-activities', YEAR],
  ['upcoming-tasks', YEAR],
  ['sla-compliance', YEAR],
  ['target-progress', { scope: 'all', quarter: 'Q1', year: '2026' }],
  ['lead-aging', YEAR],
  ['win-loss-analysis', YEAR],
  ['deal-velocity', YEAR],
  ['score-card', { ...YEAR, metrics: 'leads_created,deals_won,revenue,win_rate,activities' }],
  ['funnel-chart', YEAR],
].filter(([name]) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name));
/** Strapi's own bookkeeping (token and permission checks) is not part of an endpoint's SQL. */
const OWN_TABLES = /\b(strapi_|admin_|up_permissions|up_roles)/;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  Object.assign(process.env, {
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: DATABASE,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
  });
  await withPlayground(async (strapi) => {
    const raw = new Client({ ...ADMIN, database: DATABASE });
    await raw.connect();
    let token;
    try {
      await strapi.server.mount();
      const api = supertest(strapi.server.httpServer);
      token = await strapi
        .service('admin::api-token')
        .create({ name: `bench-${process.pid}`, type: 'full-access', lifespan: null });
      const auth = { Authorization: `Bearer ${token.accessKey}` };

      let captured = [];
      strapi.db.connection.on('query', (query) => {
        if (!OWN_TABLES.test(query.sql)) captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
      });
      const call = async (name, params) => {
        captured = [];
        const started = performance.now();
        const response = await api.get(`/api/dashboard/${name}`).query(params).set(auth);
        const ms = performance.now() - started;
        if (response.status !== 200) throw new Error(`${name}: ${response.status} ${response.text}`);
        return { ms, queries: captured };
      };
      const replay = async (queries) => {
        const started = performance.now();
        for (const { sql, bindings } of queries) await raw.query(sql, bindings);
        return performance.now() - started;
      };

      for (const [name, params] of ENDPOINTS) await call(name, params); // warm up
      global.gc?.();
      const memoryBefore = process.memoryUsage().rss;
      const rows = [];
      for (const [name, params] of ENDPOINTS) {
        const http = [];
        const sql = [];
        let statements = 0;
        for (let round = 0; round < ROUNDS; round += 1) {
          const { ms, queries } = await call(name, params);
          http.push(ms);
          sql.push(await replay(queries));
          statements = queries.length;
        }
        rows.push({ name, http: median(http), sql: median(sql), statements });
      }
      global.gc?.();
      const memoryAfter = process.memoryUsage().rss;

      // what any authenticated request costs here: Strapi's own GET of one lead, with the same token
      const lead = (await raw.query('SELECT document_id FROM leads ORDER BY id LIMIT 1')).rows[0].document_id;
      const baseline = [];
      for (let round = 0; round < ROUNDS * 4; round += 1) {
        const started = performance.now();
        const response = await api.get(`/api/leads/${lead}`).set(auth);
        baseline.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`GET /api/leads/${lead}: ${response.status}`);
      }
      const fixed = median(baseline);

      const leads = (await raw.query('SELECT COUNT(*) AS n FROM leads')).rows[0].n;
      console.log(
        `CRM analytics on PostgreSQL "${DATABASE}" (${leads} leads), median of ${ROUNDS} rounds (target ratio ≤ 1.30):`
      );
      console.log('| endpoint | statements | HTTP ms | raw SQL ms | ratio | ratio beyond the fixed cost |');
      console.log('| --- | --- | --- | --- | --- | --- |');
      for (const { name, http, sql, statements } of rows) {
        console.log(
          `| ${name} | ${statements} | ${http.toFixed(1)} | ${sql.toFixed(1)} | ${(http / sql).toFixed(2)} | ${(Math.max(0, http - fixed) / sql).toFixed(2)} |`
        );
      }
      console.log(
        `fixed cost of an authenticated request (Strapi's own GET /api/leads/:id, same token, median): ${fixed.toFixed(1)} ms`
      );
      console.log(
        `server memory (rss): ${megabytes(memoryBefore)} MB → ${megabytes(memoryAfter)} MB, growth ${megabytes(memoryAfter - memoryBefore)} MB (target < 50 MB)`
      );
    } finally {
      if (token)
        await strapi
          .service('admin::api-token')
          .revoke(token.id)
          .catch(() => undefined);
      await raw.end();
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
