'use strict';

const { Client } = require('pg');

/** The local PostgreSQL the benchmarks use (127.0.0.1:5432, user postgres, trust). */
const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

/** Runs one statement on `database` over its own connection. */
async function sql(database, text) {
  const client = new Client({ ...ADMIN, database });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Points the playground at a seeded PostgreSQL database for an uncached measurement: the result
 * cache off, the rate limit on (its bookkeeping is part of every call) but wide enough for the rounds.
 */
function useSeededDatabase(database) {
  Object.assign(process.env, {
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: database,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    DASHBOARDS_CONFIG: JSON.stringify({
      cache: { enabled: false },
      rateLimit: { analytics: { points: 100000, durationSeconds: 60 } },
    }),
  });
}

/**
 * Boots the playground Strapi on a fresh PostgreSQL database `name` with the plugin config
 * `config`, runs `task(strapi)`, and drops the database whatever happens.
 */
async function withScratchPlayground(name, config, task) {
  const { withPlayground } = require('../playground/dist/scripts/boot');
  await sql('test', `CREATE DATABASE ${name}`);
  Object.assign(process.env, {
    DATABASE_CLIENT: 'postgres',
    DATABASE_NAME: name,
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    DASHBOARDS_CONFIG: JSON.stringify(config),
  });
  try {
    return await withPlayground(task);
  } finally {
    await sql('test', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Waits until the daily rollup serves (a start-up after a format change builds it in the background). */
async function rollupsReady(strapi) {
  const rollups = strapi.plugin('dashboards').service('rollups');
  while (rollups.dailyTable() === null) await new Promise((resolve) => setTimeout(resolve, 100));
}

module.exports = { ADMIN, rollupsReady, sql, useSeededDatabase, withScratchPlayground };
