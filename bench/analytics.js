'use strict';

/**
 * Benchmark: each CRM analytics endpoint through HTTP against the best hand-written SQL for the
 * same answer (bench/yardstick.js), measured side by side in one run on PostgreSQL, for scope
 * `all` (an API token) and for one sales rep (`own`, the rep's JWT). Before timing, the bench
 * checks that the endpoint and its yardstick give the same answer. Goal: ratio ≤ 1.5.
 * Also prints the ratio to the endpoint's own SQL replayed raw (what the server adds), and the
 * server's memory growth over the run (target < 50 MB). The result cache is off: every call computes.
 *
 *   npm run build:playground
 *   DATABASE_CLIENT=postgres DATABASE_NAME=dashboards_bench npm run seed -- --size bench   # once, ~15 min
 *   BENCH_DATABASE=dashboards_bench node bench/analytics.js
 *   BENCH_ONLY=recent-activities,upcoming-tasks …   # some endpoints only
 *   BENCH_SCOPES=all                                # one scope only
 *
 * Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and a seeded database.
 */
const { Client } = require('pg');
const { isDeepStrictEqual } = require('util');
const { ADMIN, rollupsReady, useSeededDatabase } = require('./postgres');
const { YARDSTICK, bind } = require('./yardstick');
const supertest = require('supertest');
const { withPlayground } = require('../playground/dist/scripts/boot');

const DATABASE = process.env.BENCH_DATABASE ?? 'dashboards_bench';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const YEAR = { from: '2025-06-01', to: '2026-05-31' };
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
  ['target-progress', { quarter: 'Q1', year: '2026' }],
  ['lead-aging', YEAR],
  ['win-loss-analysis', YEAR],
  ['deal-velocity', YEAR],
  ['score-card', { ...YEAR, metrics: 'leads_created,deals_won,revenue,win_rate,activities' }],
  ['funnel-chart', YEAR],
].filter(([name]) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(name));
const SCOPES = (process.env.BENCH_SCOPES ?? 'all,own').split(',');
/** Strapi's own bookkeeping (token and permission checks) is not part of an endpoint's SQL. */
const OWN_TABLES = /\b(strapi_|admin_|up_permissions|up_roles|up_users_role_lnk)/;

/** A UTC instant as PostgreSQL's `timestamp` (Strapi's datetime columns) reads it. */
const timestamp = (date) => date.toISOString().replace('Z', '');
const DAY = 86_400_000;

/** The yardstick's parameters: the request's period, "now" and the derived instants, in UTC. */
function parametersOf(scope, user, now) {
  const start = new Date(`${YEAR.from}T00:00:00Z`);
  const end = new Date(new Date(`${YEAR.to}T00:00:00Z`).getTime() + DAY);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY);
  const ago = (days) => timestamp(new Date(now.getTime() - days * DAY));
  return {
    scope,
    user,
    start: timestamp(start),
    end: timestamp(end),
    previousStart: timestamp(new Date(start.getTime() - (end.getTime() - start.getTime()))),
    now: timestamp(now),
    endOfToday: timestamp(new Date(today.getTime() + DAY)),
    endOfWeek: timestamp(new Date(monday.getTime() + 7 * DAY)),
    weekAhead: timestamp(new Date(now.getTime() + 7 * DAY)),
    age8: ago(8),
    age15: ago(15),
    age31: ago(31),
    age61: ago(61),
    quarterFirst: '2026-01-01',
    quarterLast: '2026-03-31',
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  useSeededDatabase(DATABASE);
  await withPlayground(async (strapi) => {
    await rollupsReady(strapi);
    const raw = new Client({ ...ADMIN, database: DATABASE });
    await raw.connect();
    let token;
    try {
      await strapi.server.mount();
      const api = supertest(strapi.server.httpServer);
      token = await strapi
        .service('admin::api-token')
        .create({ name: `bench-${process.pid}`, type: 'full-access', lifespan: null });
      // the sales rep who owns the most leads: the heaviest `own` there is
      const rep = (
        await raw.query(
          `SELECT u.id, u.username, COUNT(*) AS leads FROM up_users u
           JOIN up_users_role_lnk ur ON ur.user_id = u.id JOIN up_roles r ON r.id = ur.role_id AND r.type = 'sales-rep'
           JOIN leads_owner_lnk lo ON lo.user_id = u.id GROUP BY u.id, u.username ORDER BY leads DESC LIMIT 1`
        )
      ).rows[0];
      const jwt = await strapi.plugin('users-permissions').service('jwt').issue({ id: rep.id });
      const auth = {
        all: { Authorization: `Bearer ${token.accessKey}` },
        own: { Authorization: `Bearer ${jwt}` },
      };

      let captured = [];
      strapi.db.connection.on('query', (query) => {
        if (!OWN_TABLES.test(query.sql)) captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
      });
      const call = async (name, params, scope) => {
        captured = [];
        const started = performance.now();
        const response = await api
          .get(`/api/dashboard/${name}`)
          .query({ ...params, scope, tz: 'UTC' })
          .set(auth[scope]);
        const ms = performance.now() - started;
        if (response.status !== 200) throw new Error(`${name}: ${response.status} ${response.text}`);
        return { ms, queries: captured, data: response.body };
      };
      const timedRaw = async (queries) => {
        const started = performance.now();
        let rows;
        for (const { sql, bindings } of queries) rows = (await raw.query(sql, bindings)).rows;
        return { ms: performance.now() - started, rows };
      };
      const yardstick = (name, scope) => {
        const { sql } = YARDSTICK[name];
        const params = parametersOf(scope, rep.id, new Date());
        const { text, values } = bind(sql(params), params);
        return { queries: [{ sql: text, bindings: values }], params };
      };

      for (const scope of SCOPES) for (const [name, params] of ENDPOINTS) await call(name, params, scope); // warm up
      global.gc?.();
      const memoryBefore = process.memoryUsage().rss;
      const rows = [];
      for (const scope of SCOPES) {
        for (const [name, params] of ENDPOINTS) {
          const http = [];
          const own = [];
          const best = [];
          let statements = 0;
          let same = true;
          // fast endpoints get more rounds: their times are a few milliseconds, within the noise
          for (
            let round = 0;
            round < ROUNDS || (round < 40 && http.reduce((a, b) => a + b, 0) < 1500);
            round += 1
          ) {
            const { ms, queries, data } = await call(name, params, scope);
            http.push(ms);
            own.push((await timedRaw(queries)).ms);
            const { queries: hand, params: handParams } = yardstick(name, scope);
            const measured = await timedRaw(hand);
            best.push(measured.ms);
            statements = queries.length;
            const expected = YARDSTICK[name].answer(measured.rows, handParams);
            if (round === 0 && !isDeepStrictEqual(expected, data)) {
              same = false;
              console.error(`${name} (${scope}): the endpoint and its yardstick disagree`);
              console.error(' endpoint:', JSON.stringify(data).slice(0, 600));
              console.error(' yardstick:', JSON.stringify(expected).slice(0, 600));
            }
          }
          rows.push({
            name,
            scope,
            http: median(http),
            own: median(own),
            best: median(best),
            statements,
            same,
          });
        }
      }
      global.gc?.();
      const memoryAfter = process.memoryUsage().rss;

      // what any authenticated request costs here: Strapi's own GET of one lead, with the same token
      const lead = (await raw.query('SELECT document_id FROM leads ORDER BY id LIMIT 1')).rows[0].document_id;
      const baseline = [];
      for (let round = 0; round < ROUNDS * 4; round += 1) {
        const started = performance.now();
        const response = await api.get(`/api/leads/${lead}`).set(auth.all);
        baseline.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`GET /api/leads/${lead}: ${response.status}`);
      }
      const fixed = median(baseline);

      const leads = (await raw.query('SELECT COUNT(*) AS n FROM leads')).rows[0].n;
      console.log(
        `CRM analytics on PostgreSQL "${DATABASE}" (${leads} leads; own = ${rep.username}, ${rep.leads} leads), ` +
          `median of ${ROUNDS} rounds or more (up to 40 for the fast ones), result cache off (goal: ratio to the best SQL ≤ 1.5):`
      );
      console.log(
        '| endpoint | scope | same answer | statements | HTTP ms | best SQL ms | ratio to best | beyond the fixed cost | own SQL ms | ratio to own SQL |'
      );
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      const beyond = ({ http, best }) => Math.max(0, http - fixed) / best;
      for (const row of rows) {
        const { name, scope, http, own, best, statements, same } = row;
        console.log(
          `| ${name} | ${scope} | ${same ? 'yes' : 'NO'} | ${statements} | ${http.toFixed(1)} | ${best.toFixed(1)} | ` +
            `${(http / best).toFixed(2)} | **${beyond(row).toFixed(2)}** | ${own.toFixed(1)} | ${(http / own).toFixed(2)} |`
        );
      }
      const worst = (ratio) => rows.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
      const [worstRatio, worstBeyond] = [worst((row) => row.http / row.best), worst(beyond)];
      console.log(
        `worst ratio to the best SQL: ${(worstRatio.http / worstRatio.best).toFixed(2)} (${worstRatio.name}, ${worstRatio.scope}); ` +
          `beyond the fixed cost: ${beyond(worstBeyond).toFixed(2)} (${worstBeyond.name}, ${worstBeyond.scope}); ` +
          `disagreements: ${rows.filter((row) => !row.same).length}`
      );
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
