import type { AddressInfo } from 'node:net';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { engine } from '../helpers/database';

/**
 * GET /:id/data?format=ndjson: the same tile results as the JSON answer, one line per tile, each
 * written as soon as its tile is computed (a tile that waits does not hold the others back), and
 * every refusal answered before the first line in Strapi's error format.
 */
const LEAD = 'api::lead.lead';
let app: TestApp;
let owner: UserPrincipal;
let stranger: UserPrincipal;
let base: string;
let dashboard: { id: string; tiles: { id: string; title: string }[] };

type TileLine = { id: string; title: string; tile_type: string; data: any; error: string | null };

const tileId = (title: string) => dashboard.tiles.find((tile) => tile.title === title)!.id;

/** The lines of a streamed answer, read one at a time as they arrive. */
function lineReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return async function next(): Promise<TileLine | null> {
    for (;;) {
      const end = buffered.indexOf('\n');
      if (end >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        return JSON.parse(line) as TileLine;
      }
      const { done, value } = await reader.read();
      if (done) {
        expect(buffered).toBe('');
        return null;
      }
      buffered += decoder.decode(value, { stream: true });
    }
  };
}

const stream = (query: string, who: UserPrincipal = owner) =>
  fetch(`${base}/api/dashboards/${dashboard.id}/data?format=ndjson${query}`, { headers: bearer(who.jwt) });

async function allLines(query = '') {
  const response = await stream(query);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson');
  const next = lineReader(response.body!);
  const lines: TileLine[] = [];
  for (let line = await next(); line; line = await next()) lines.push(line);
  return lines;
}

const essentials = (tiles: TileLine[]) =>
  [...tiles]
    .sort((a, b) => a.title.localeCompare(b.title))
    .map(({ id, title, tile_type, data, error }) => ({ id, title, tile_type, data, error }));

beforeAll(async () => {
  app = await bootTestApp();
  const server = app.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  owner = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`], plan: 'pro' });
  stranger = await createUser(app, { actions: ALL_CONTENT_ACTIONS });
  for (const name of ['Ann', 'Bo', 'Cy']) {
    await app.strapi.documents(LEAD).create({ data: { name, status: 'open' } as any });
  }
  // the daily rollup's start-up build reads the leads: done before a test holds that table
  await app.strapi.plugin('dashboards').service('rollups').stop();
  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(owner.jwt))
    .send({
      name: 'Streamed',
      tiles: [
        { title: 'Leads', tile_type: 'table', query: 'SELECT COUNT(*) AS n FROM leads' },
        { title: 'One', tile_type: 'table', query: 'SELECT 1 AS one' },
        { title: 'Broken', tile_type: 'table', query: 'SELECT no_such_column FROM leads' },
        {
          title: 'Counted',
          tile_type: 'table',
          source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' } },
        },
        { title: 'Note', tile_type: 'text', chart_config: { content: 'Hello' } },
      ],
    });
  expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
  dashboard = created.body;
});

afterAll(async () => {
  await app?.close();
});

// each test computes its tiles (a cached result would not wait for a held table)
beforeEach(() => app.strapi.plugin('dashboards').service('cache').clear());

describe('GET /:id/data?format=ndjson', () => {
  it('answers one line per tile with the results the JSON answer has', async () => {
    const lines = await allLines();
    expect(lines.map((line) => line.title).sort()).toEqual(['Broken', 'Counted', 'Leads', 'Note', 'One']);
    const byTitle = Object.fromEntries(lines.map((line) => [line.title, line]));
    expect(Number(byTitle.Leads.data.rows[0].n)).toBe(3);
    expect(byTitle.Counted.data.rows).toEqual([{ count: 3 }]);
    expect(byTitle.Broken.data).toBeNull();
    expect(byTitle.Broken.error).toMatch(/no_such_column/);
    expect([byTitle.Note.data, byTitle.Note.error]).toEqual([null, null]);

    const json = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(bearer(owner.jwt));
    expect(json.status).toBe(200);
    expect(essentials(lines)).toEqual(essentials(json.body.tiles));
  });

  it('runs only the tiles named in tiles=', async () => {
    const lines = await allLines(`&tiles=${tileId('Leads')},${tileId('One')}`);
    expect(lines.map((line) => line.title).sort()).toEqual(['Leads', 'One']);
    const json = await app
      .request()
      .get(`/api/dashboards/${dashboard.id}/data?tiles=${tileId('Note')}`)
      .set(bearer(owner.jwt));
    expect(json.body.tiles.map((tile: TileLine) => tile.title)).toEqual(['Note']);
  });

  it('refuses before the first line: bad input is a 400 naming the field, another user’s dashboard a 404', async () => {
    const unknownTile = await stream('&tiles=nosuchtile');
    expect(unknownTile.status).toBe(400);
    expect(unknownTile.headers.get('content-type')).toMatch(/^application\/json/);
    const unknownBody = await unknownTile.json();
    expect(unknownBody.error.details.errors[0].path).toEqual(['tiles']);

    const other = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(owner.jwt))
      .send({
        name: 'Other',
        tiles: [{ title: 'Other tile', tile_type: 'table', query: 'SELECT 1 AS one' }],
      });
    expect(other.status).toBe(201);
    const foreignTile = await stream(`&tiles=${tileId('One')},${other.body.tiles[0].id}`);
    expect(foreignTile.status).toBe(400);
    expect((await foreignTile.json()).error.details.errors[0]).toMatchObject({
      path: ['tiles'],
      message: `this dashboard has no tile ${other.body.tiles[0].id}`,
    });

    const malformed = await stream('&tiles=a,,b');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.details.errors[0].path[0]).toBe('tiles');

    const format = await fetch(`${base}/api/dashboards/${dashboard.id}/data?format=csv`, {
      headers: bearer(owner.jwt),
    });
    expect(format.status).toBe(400);
    expect((await format.json()).error.details.errors[0].path).toEqual(['format']);

    const foreign = await stream('', stranger);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.name).toBe('NotFoundError');
  });

  // SQLite readers are not held by a writer's lock: the engines that hold a table show the order
  (engine() === 'sqlite' ? it.skip : it)(
    'writes a computed tile’s line while another tile still waits for its table',
    async () => {
      const knex = app.strapi.db.connection;
      const holder = await knex.transaction();
      await holder.raw(
        engine() === 'mysql' ? 'LOCK TABLES leads WRITE' : 'LOCK TABLE leads IN ACCESS EXCLUSIVE MODE'
      );
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        if (engine() === 'mysql') await holder.raw('UNLOCK TABLES');
        await holder.commit();
      };
      try {
        const response = await stream(`&tiles=${tileId('Leads')},${tileId('One')}`);
        expect(response.status).toBe(200);
        const next = lineReader(response.body!);
        // the leads tile cannot finish while the table is held: the first line can only be the other
        const first = await next();
        expect(first?.title).toBe('One');
        await release();
        const second = await next();
        expect(second?.title).toBe('Leads');
        expect(Number(second?.data.rows[0].n)).toBe(3);
        expect(await next()).toBeNull();
      } finally {
        await release();
      }
    },
    60_000
  );
});
