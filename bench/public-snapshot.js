'use strict';

/**
 * Benchmark: the public snapshot route (`GET /api/dashboards/shared/:token/data`, no auth) against
 * Strapi's own `GET /api/leads/:id` (public role allowed to read one lead), each loaded by autocannon
 * with 50 connections for 20 s, in one run on one Strapi, on PostgreSQL. The public route runs
 * twice: with its rate limiter off, and with the shared database-store limiter on (a limit high
 * enough never to answer 429), since the limiter is what a deployment runs.
 *
 *   npm run build:playground && node bench/public-snapshot.js [--duration 20] [--connections 50]
 *
 * Needs the local PostgreSQL (127.0.0.1:5432, user postgres). Creates and drops its own database.
 */
const autocannon = require('autocannon');
const { withScratchPlayground } = require('./postgres');
const { getConfig } = require('../dist/server/config');

const DATABASE = `dashboards_bench_share_${process.pid}`;
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DURATION = option('duration', 20);
const CONNECTIONS = option('connections', 50);

function load(url) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION }, (error, result) =>
      error ? reject(error) : resolve(result)
    );
  });
}

const summary = (label, result) => ({
  label,
  throughput: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
  total: result.requests.total,
});

async function main() {
  await withScratchPlayground(
    DATABASE,
    {
      strapiDatasource: { allowedTables: ['leads'] },
      rateLimit: { enabled: true, store: 'database', public: { points: 100_000_000, durationSeconds: 60 } },
    },
    async (strapi) => {
      await strapi.server.mount();
      const server = strapi.server.httpServer;
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${server.address().port}`;

      const token = (
        await strapi
          .service('admin::api-token')
          .create({ name: 'bench', type: 'full-access', lifespan: null })
      ).accessKey;
      const call = async (method, path, body) => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: body ? JSON.stringify(body) : undefined,
        });
        const json = await response.json();
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
        return json;
      };

      const lead = await strapi.documents('api::lead.lead').create({
        data: { name: 'Ada Lovelace', email: 'ada@example.com', status: 'open', source: 'website' },
      });
      const publicRole = await strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: 'public' } });
      await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action: 'api::lead.lead.findOne', role: publicRole.id } });

      // A dashboard of the usual size: a KPI, a chart and a table over the leads table
      const dashboard = await call('POST', '/api/dashboards', {
        name: 'Bench share',
        tiles: [
          { title: 'Leads', tile_type: 'kpi', query: 'SELECT COUNT(*) AS n FROM leads' },
          {
            title: 'By status',
            tile_type: 'chart',
            chart_type: 'bar',
            query: 'SELECT status, COUNT(*) AS n FROM leads GROUP BY status',
            chart_config: { xField: 'status', yField: 'n' },
            grid_y: 4,
          },
          { title: 'Latest', tile_type: 'table', query: 'SELECT name, email FROM leads LIMIT 20', grid_y: 8 },
        ],
      });
      const { share_token: shareToken } = await call('POST', `/api/dashboards/${dashboard.id}/share`, {
        is_public: true,
      });

      const targets = {
        strapi: `${base}/api/leads/${lead.documentId}`,
        snapshot: `${base}/api/dashboards/shared/${shareToken}/data`,
      };
      for (const url of Object.values(targets)) {
        const response = await fetch(url);
        if (response.status !== 200) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      }

      const limiter = getConfig(strapi).rateLimit;
      const results = [];
      await load(targets.strapi); // warm-up of both, untimed
      await load(targets.snapshot);
      results.push(summary('Strapi GET /api/leads/:id', await load(targets.strapi)));
      results.push(summary('public snapshot, rate limit on', await load(targets.snapshot)));
      limiter.enabled = false;
      results.push(summary('public snapshot, rate limit off', await load(targets.snapshot)));

      console.log(
        `autocannon, ${CONNECTIONS} connections × ${DURATION} s each, PostgreSQL, one Strapi process:`
      );
      for (const row of results) {
        console.log(
          `${row.label.padEnd(32)} ${row.throughput.toFixed(0).padStart(6)} req/s   p50 ${String(row.p50).padStart(4)} ms   p99 ${String(row.p99).padStart(4)} ms   requests ${row.total}   non-2xx ${row.non2xx}   errors ${row.errors}`
        );
      }
      const [own, limited, open] = results;
      console.log(
        `ratio public snapshot / Strapi GET: ${(limited.throughput / own.throughput).toFixed(2)} with the rate limiter, ` +
          `${(open.throughput / own.throughput).toFixed(2)} without (target ≥ 1.0, errors 0)`
      );
      // let the last in-flight requests end before Strapi closes its pool
      await new Promise((resolve) => setTimeout(resolve, 1000));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
