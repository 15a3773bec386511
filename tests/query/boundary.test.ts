import crypto from 'crypto';
import fs from 'fs';
import type { TestApp } from '../helpers/strapi';
import { engine } from '../helpers/database';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { bootWithReaderDatasource, type AppWithReader } from '../helpers/readers';
import { attacksFor, type Attack } from './attacks';

/**
 * The boundary holds without the text checks: with `query.textChecks` off, every attack reaches
 * the database, which refuses it through the reader (PostgreSQL, MySQL/MariaDB) or SQLite's plan
 * check; nothing is read from a denied table, nothing is written, no file appears.
 */
let setup: AppWithReader;
let app: TestApp;
let user: UserPrincipal;
let env: Record<string, string | undefined>;
const TIMEOUT_MS = 3000;
const MAX_BYTES = 1_000_000;

beforeAll(async () => {
  setup = await bootWithReaderDatasource({
    id: 'warehouse',
    tables: ['leads'],
    datasource: { allowedTables: ['leads'], label: 'Warehouse' },
    config: {
      query: {
        rowCap: 1000,
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_BYTES,
        maxResponseBytes: 1_500_000,
        textChecks: false,
      },
    },
  });
  ({ app, env } = setup);
  user = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  for (const name of ['Ada', 'Grace', 'Linus']) {
    await app.strapi.db.query('api::lead.lead').create({ data: { name, source: 'event' } });
  }
  if (engine() !== 'sqlite') {
    const knex = app.strapi.db.connection;
    await knex.raw(engine() === 'mysql' ? 'CREATE DATABASE ??' : 'CREATE SCHEMA ??', [secretSchema()]);
    await knex.raw('CREATE TABLE ??.leads (name varchar(100))', [secretSchema()]);
    await knex.raw("INSERT INTO ??.leads (name) VALUES ('secret-must-never-leak')", [secretSchema()]);
  }
  attacks = attacksFor(engine(), secretSchema());
  // a secret only a denied table holds
  await app.strapi.db.connection('admin_users').insert({
    firstname: 'Root',
    email: 'root@example.com',
    password: 'hash-that-must-never-leak',
    reset_password_token: 'reset-token-that-must-never-leak',
    is_active: true,
    blocked: false,
    document_id: 'rootadmin0000000000000000',
  });
});

afterAll(async () => {
  if (engine() === 'mysql')
    await app?.strapi.db.connection.raw('DROP DATABASE IF EXISTS ??', [secretSchema()]);
  await setup?.close();
});

const preview = (datasource_id: string, query: string) =>
  app.request().post('/api/dashboards/query/preview').set(bearer(user.jwt)).send({ datasource_id, query });

/** Every row of every table a tile must not change, hashed. */
async function databaseChecksum() {
  const hash = crypto.createHash('sha256');
  for (const table of ['leads', 'admin_users', 'up_users', 'strapi_api_tokens', 'dashboards_dashboards']) {
    hash.update(JSON.stringify(await app.strapi.db.connection(table).select('*').orderBy('id')));
  }
  if (engine() === 'postgres') {
    const { rows } = await app.strapi.db.connection.raw(
      'SELECT count(*)::int AS n FROM pg_largeobject_metadata'
    );
    hash.update(String(rows[0].n));
  }
  return hash.digest('hex');
}

/** A schema (PostgreSQL) or database (MySQL) with its own `leads`, which no allow list names. */
const secretSchema = () => (engine() === 'mysql' ? `${env.DATABASE_NAME}_secret` : 'secret');
let attacks: Attack[] = [];

// the corpus is known before the app boots (it.each needs it): its names are the same on every run
const corpus = attacksFor(engine(), 'secret');

it('has a corpus of attacks for this engine', () => {
  expect(attacks.length).toBeGreaterThanOrEqual(30);
});

describe.each(['strapi', 'warehouse'])('with the text checks off, on the %s datasource', (datasource) => {
  const before: { checksum?: string } = {};
  beforeAll(async () => {
    before.checksum = await databaseChecksum();
  });

  it.each(corpus.map((attack, index): [string, number] => [attack.name, index]))(
    '%s',
    async (_name, index) => {
      const attack = attacks[index];
      const response = await preview(datasource, attack.sql);
      const text = JSON.stringify(response.body);
      expect(text).not.toMatch(/must-never-leak|root@example\.com|\$argon2|\$2[aby]\$/);
      if (attack.expect === 'refused') {
        expect({
          status: response.status,
          path: response.body.error?.details?.errors?.[0]?.path,
          message: response.body.error?.message,
        }).toEqual({
          status: 400,
          path: ['query'],
          message: attack.message
            ? expect.stringMatching(attack.message)
            : expect.stringMatching(/^query: \S/),
        });
      } else {
        // the statement runs, and reads nothing it must not (a function without its privilege answers null)
        const passes = attack.expect;
        expect(response.status).toBe(200);
        expect(response.body.rows.filter((row: Record<string, unknown>) => !passes(row))).toEqual([]);
      }
      for (const file of attack.files ?? []) expect(fs.existsSync(file)).toBe(false);
    }
  );

  it('changed nothing', async () => {
    expect(await databaseChecksum()).toBe(before.checksum);
  });
});

it('still runs ordinary SQL with the text checks off', async () => {
  for (const datasource of ['strapi', 'warehouse']) {
    const response = await preview(datasource, 'SELECT name FROM leads ORDER BY name');
    expect({ datasource, status: response.status, rows: response.body.rows }).toEqual({
      datasource,
      status: 200,
      rows: [{ name: 'Ada' }, { name: 'Grace' }, { name: 'Linus' }],
    });
  }
});

it('words the database’s own refusals as the text checks do: syntax errors, misspelt tables', async () => {
  const refusal = async (query: string) => {
    const response = await preview('warehouse', query);
    return [response.status, response.body.error?.details?.errors?.[0]?.message];
  };
  // SQLite names the text near the error, not its line
  expect(await refusal('SELECT name\nFRM leads')).toEqual([
    400,
    engine() === 'sqlite' ? 'Syntax error near `leads`' : 'Syntax error near `leads` (line 2)',
  ]);
  expect(await refusal('SELECT name FROM leds')).toEqual([
    400,
    '`leds` is not a table of this datasource — did you mean `leads`?',
  ]);
});

/** Rows of 100,000 characters: 450 of them would be 45 MB. */
const bigRows = (letter: string) =>
  ({
    postgres: `SELECT g, repeat('${letter}', 100000) AS big FROM generate_series(1, 450) AS g`,
    mysql: `WITH RECURSIVE n (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 450) SELECT g, REPEAT('${letter}', 100000) AS big FROM n`,
    sqlite: `WITH RECURSIVE n (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 450) SELECT g, replace(hex(zeroblob(50000)), '0', '${letter}') AS big FROM n`,
  })[engine()];

// a row weighs 2 + ("g" 1 + 4 + 12) + ("big" 3 + 4 + 100,000 + 2) = 100,028 bytes: 9 fit in 1,000,000
const ROWS_IN_CAP = 9;

it('cuts a result at the byte cap while it streams in, and says so', async () => {
  const response = await preview('strapi', bigRows('x'));
  expect(response.status).toBe(200);
  expect({
    rows: response.body.rows.length,
    truncated: response.body.truncated,
    reason: response.body.truncated_reason,
    first: response.body.rows[0].g,
    width: response.body.rows[0].big.length,
  }).toEqual({ rows: ROWS_IN_CAP, truncated: true, reason: 'bytes', first: 1, width: 100_000 });
});

it('cuts a /data response at its own byte cap, all tiles together', async () => {
  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(user.jwt))
    .send({
      name: 'Heavy',
      tiles: ['x', 'y'].map((letter) => ({ title: letter, tile_type: 'table', query: bigRows(letter) })),
    });
  expect(created.status).toBe(201);
  const response = await app.request().get(`/api/dashboards/${created.body.id}/data`).set(bearer(user.jwt));
  expect(response.status).toBe(200);
  const tiles = response.body.tiles.map((tile: any) => ({
    rows: tile.data.rows.length,
    reason: tile.data.truncated_reason,
  }));
  // 1,500,000 bytes hold 14 rows of 100,028: however the two tiles shared them
  expect(tiles[0].rows + tiles[1].rows).toBe(14);
  expect(tiles.map((tile: { reason: string }) => tile.reason)).toContain('response_bytes');
  expect(tiles.every((tile: { rows: number }) => tile.rows <= ROWS_IN_CAP)).toBe(true);
});

it('answers /_health while a hostile query runs', async () => {
  const slow = {
    postgres: 'SELECT pg_sleep(2.5) AS slept',
    mysql: 'SELECT SLEEP(2.5) AS slept',
    sqlite: `SELECT COUNT(*) AS n FROM ${Array.from({ length: 8 }, (_, index) => `leads l${index}`).join(', ')}, (WITH RECURSIVE n (g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < 100000) SELECT g FROM n)`,
  }[engine()];
  let finished = false;
  const running = preview('strapi', slow).then((response) => {
    finished = true;
    return response;
  });
  // the query is on its way; the server still answers at once
  await new Promise((resolve) => setImmediate(resolve));
  const health = await app.request().get('/_health').timeout(1000);
  expect({ status: health.status, queryFinished: finished }).toEqual({ status: 204, queryFinished: false });
  await running;
});

it('keeps six heavy results in parallel within their caps while /_health answers', async () => {
  const running = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => preview('strapi', bigRows(letter)));
  await new Promise((resolve) => setImmediate(resolve));
  const health = await app.request().get('/_health').timeout(1000);
  expect(health.status).toBe(204);
  const answers = await Promise.all(running);
  expect(
    answers.map((answer) => [answer.status, answer.body.rows.length, answer.body.truncated_reason])
  ).toEqual(Array.from({ length: 6 }, () => [200, ROWS_IN_CAP, 'bytes']));
});

it('refuses a query longer than 100,000 characters, naming the field', async () => {
  const long = `SELECT 1 AS x ${' '.repeat(100_000)}`;
  const response = await preview('strapi', `${long}-- end`);
  expect(response.status).toBe(400);
  expect(response.body.error.details.errors[0].path).toEqual(['query']);
});
