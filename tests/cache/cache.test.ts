import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createUser } from '../helpers/principals';
import { ALL_ADMIN_ACTIONS, ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { analyticsGetter, buildCrm, type CrmFixture, type Person } from '../analytics/fixture';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

/**
 * The result cache (docs/cache.md) on the run's database: a repeated call is served without
 * running its query, a write through Strapi makes the next call fresh with the exact new figure,
 * the TTL ends results whose data changed behind Strapi's back (an injected clock, never a wait),
 * and the caller's rights are part of the key.
 */
const LEAD = 'api::lead.lead';
const ACTIVITY = 'api::activity.activity';
let app: TestApp;
let crm: CrmFixture;
let clock = 0;

const cache = () => app.strapi.plugin('dashboards').service('cache');
const stats = (): { hits: number; misses: number } => cache().stats();
const get = (name: string, who: Person, query: Record<string, string> = {}) =>
  analyticsGetter(app, () => crm)(name, query, who);
/** The leads per stage in a lead-pipeline answer. */
const counts = (answer: { stageName: string; count: number }[]) =>
  Object.fromEntries(answer.map((stage) => [stage.stageName, stage.count]));

/** Runs `call` and says how many cache hits and misses it made. */
async function measured<T>(call: () => Promise<T>) {
  const before = stats();
  const value = await call();
  const after = stats();
  return { value, hits: after.hits - before.hits, misses: after.misses - before.misses };
}

beforeAll(async () => {
  app = await bootTestApp();
  crm = await buildCrm(app, [
    ...ALL_CONTENT_ACTIONS.filter((action) => !action.includes('.analytics.')),
    ANALYTICS_ROUTES['lead-pipeline'].contentApiAction,
    ANALYTICS_ROUTES.stats.contentApiAction,
    ANALYTICS_ROUTES['activities-summary'].contentApiAction,
    ANALYTICS_ROUTES['recent-activities'].contentApiAction,
    `${LEAD}.find`,
  ]);
  clock = Date.now();
  cache().setClock(() => clock);
});

afterAll(async () => {
  cache()?.setClock(null);
  await app?.close();
});

beforeEach(() => cache().clear());

describe('analytics endpoints', () => {
  it('serves a repeated call from the cache, and a write through Strapi makes the next call fresh', async () => {
    const first = await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }));
    expect(first).toMatchObject({ hits: 0, misses: 1 });
    expect(counts(first.value)).toEqual({ New: 6, Qualified: 2 });
    const second = await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }));
    expect(second).toMatchObject({ hits: 1, misses: 0 });
    expect(second.value).toEqual(first.value);

    // create
    const created = await app.strapi.documents(LEAD).create({
      data: { name: 'Cached lead', owner: crm.people.alice.id, stage: crm.stages.New, status: 'open' } as any,
    });
    const afterCreate = await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }));
    expect(afterCreate.misses).toBe(1);
    expect(counts(afterCreate.value)).toEqual({ New: 7, Qualified: 2 });
    expect((await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }))).hits).toBe(1);

    // update: the lead moves to Qualified
    await app.strapi.documents(LEAD).update({
      documentId: created.documentId,
      data: { stage: crm.stages.Qualified } as any,
    });
    const afterUpdate = await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }));
    expect(afterUpdate.misses).toBe(1);
    expect(counts(afterUpdate.value)).toEqual({ New: 6, Qualified: 3 });

    // delete
    await app.strapi.documents(LEAD).delete({ documentId: created.documentId });
    const afterDelete = await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }));
    expect(afterDelete.misses).toBe(1);
    expect(counts(afterDelete.value)).toEqual({ New: 6, Qualified: 2 });

    // the *Many variants (db.query … createMany / deleteMany)
    await app.strapi.db.query(LEAD).createMany({
      data: [
        { name: 'Bulk 1', status: 'open' },
        { name: 'Bulk 2', status: 'open' },
      ],
    });
    const bulk = await app.strapi.db.query(LEAD).findMany({ where: { name: { $startsWith: 'Bulk ' } } });
    await app.strapi.db.query(LEAD).updateMany({
      where: { id: { $in: bulk.map((row: { id: number }) => row.id) } },
      data: { status: 'lost' },
    });
    const statsBefore = await get('stats', 'dora', { scope: 'all' });
    await app.strapi.db
      .query(LEAD)
      .deleteMany({ where: { id: { $in: bulk.map((row: { id: number }) => row.id) } } });
    const statsAfter = await measured(() => get('stats', 'dora', { scope: 'all' }));
    expect(statsAfter.misses).toBe(1);
    expect(statsAfter.value).not.toEqual(statsBefore);
  });

  it('keeps what an endpoint computed from other content types cached through a write', async () => {
    const january = { scope: 'all', from: '2026-01-01', to: '2026-01-31', tz: 'UTC' };
    const activities = await get('activities-summary', 'dora', january);
    expect(activities.totalActivities).toBe(5);
    await get('lead-pipeline', 'dora', { scope: 'all' });

    // a lead: the lead pipeline is computed again, the activities (which read no lead) are not
    const lead = await app.strapi
      .documents(LEAD)
      .create({ data: { name: 'Unrelated', status: 'open' } as any });
    expect((await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }))).misses).toBe(1);
    expect(await measured(() => get('activities-summary', 'dora', january))).toMatchObject({
      hits: 1,
      misses: 0,
      value: activities,
    });

    // an activity: the activities are fresh, with the new one counted
    const activity = await app.strapi.documents('api::activity.activity').create({
      data: {
        type: 'call',
        title: 'Cached call',
        performed_by: crm.people.alice.id,
        createdAt: '2026-01-20T10:00:00Z',
      } as any,
    });
    const after = await measured(() => get('activities-summary', 'dora', january));
    expect(after.misses).toBe(1);
    expect(after.value.totalActivities).toBe(6);
    expect((await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }))).hits).toBe(1);

    // a user's team or role decides whose records a scope covers: every endpoint reading users is fresh
    await app.strapi.db.query('plugin::users-permissions.user').update({
      where: { id: crm.people.erin.id },
      data: { department: null },
    });
    expect((await measured(() => get('activities-summary', 'dora', january))).misses).toBe(1);
    expect((await measured(() => get('lead-pipeline', 'dora', { scope: 'all' }))).misses).toBe(1);
    await app.strapi.documents('api::activity.activity').delete({ documentId: activity.documentId });
    await app.strapi.documents(LEAD).delete({ documentId: lead.documentId });
  });

  it('keys by the caller’s scope and person: a rep and the director get their own figures, in both orders', async () => {
    const rep = () => get('lead-pipeline', 'alice', { scope: 'own' });
    const director = () => get('lead-pipeline', 'dora', { scope: 'all' });
    const carol = () => get('lead-pipeline', 'carol', { scope: 'own' });
    const expected = {
      alice: { New: 2, Qualified: 1 },
      dora: { New: 6, Qualified: 2 },
      carol: { New: 0, Qualified: 1 },
    };
    // director first, then the reps (each twice: the second from the cache)
    expect(counts(await director())).toEqual(expected.dora);
    expect(counts(await rep())).toEqual(expected.alice);
    expect(counts(await carol())).toEqual(expected.carol);
    const warm = await measured(async () => [await director(), await rep(), await carol()]);
    expect(warm.hits).toBe(3);
    expect(warm.value.map(counts)).toEqual([expected.dora, expected.alice, expected.carol]);
    // the reps first
    cache().clear();
    expect(counts(await rep())).toEqual(expected.alice);
    expect(counts(await carol())).toEqual(expected.carol);
    expect(counts(await director())).toEqual(expected.dora);
    // a rep asking for the director's scope is refused, cached answer or not
    const wider = await app
      .request()
      .get('/api/dashboard/lead-pipeline')
      .query({ scope: 'all' })
      .set(bearer(crm.people.alice.jwt));
    expect(wider.status).toBe(403);
  });

  it('serves a result whose data changed behind Strapi until its TTL ends (injected clock)', async () => {
    // recent-activities reads the activities table itself (the daily rollup, which most figures
    // come from, is renewed by a rebuild: docs/rollups.md)
    const ttl = app.strapi.config.get('plugin::dashboards.cache.ttlSeconds') ?? 300;
    const rawListed = async () => {
      const newest: { title: string }[] = await get('recent-activities', 'dora', { scope: 'all' });
      return newest.some((activity) => activity.title === 'Raw');
    };
    expect(await rawListed()).toBe(false);
    // a write that bypasses Strapi: no lifecycle event, no version bump
    await app.strapi.db.connection('activities').insert({
      document_id: 'rawactivity0000000000000',
      type: 'call',
      title: 'Raw',
      created_at: new Date(clock),
    });
    clock += (Number(ttl) - 1) * 1000;
    const stale = await measured(rawListed);
    expect(stale.hits).toBe(1);
    expect(stale.value).toBe(false);
    clock += 2000;
    const fresh = await measured(rawListed);
    expect(fresh.misses).toBe(1);
    expect(fresh.value).toBe(true);

    // the documented way for such writers: bump, and every instance's next read is fresh
    await app.strapi.db.connection('activities').where({ title: 'Raw' }).delete();
    expect(await rawListed()).toBe(true);
    await cache().bumpContentType(ACTIVITY);
    const bumped = await measured(rawListed);
    expect(bumped.misses).toBe(1);
    expect(bumped.value).toBe(false);
  });
});

describe('dashboard tiles', () => {
  it('caches /data (keeping executed_at, marked cached), never a preview, and is fresh after a write', async () => {
    const owner = await createUser(app, {
      actions: [...ALL_CONTENT_ACTIONS, ANALYTICS_ROUTES['lead-pipeline'].contentApiAction, `${LEAD}.find`],
      plan: 'pro',
    });
    const created = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(owner.jwt))
      .send({
        name: 'Cached tiles',
        tiles: [
          { title: 'SQL', tile_type: 'table', query: 'SELECT COUNT(*) AS n FROM leads' },
          {
            title: 'Content',
            tile_type: 'table',
            source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' } },
          },
        ],
      });
    expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
    const data = async () => {
      const response = await app
        .request()
        .get(`/api/dashboards/${created.body.id}/data`)
        .set(bearer(owner.jwt));
      expect(response.status).toBe(200);
      return response.body.tiles as {
        data: { rows: Record<string, unknown>[] };
        error: string | null;
        executed_at: string;
        cached?: boolean;
      }[];
    };
    const figures = (tiles: Awaited<ReturnType<typeof data>>) =>
      tiles.map((tile) => Number(Object.values(tile.data.rows[0])[0]));
    const leads = await app.strapi.db.query(LEAD).count();

    const first = await measured(data);
    expect(first.misses).toBe(2);
    expect(first.value.map((tile) => tile.error)).toEqual([null, null]);
    expect(figures(first.value)).toEqual([leads, leads]);
    expect(first.value.every((tile) => tile.cached === undefined)).toBe(true);
    clock += 5000;
    const second = await measured(data);
    expect(second).toMatchObject({ hits: 2, misses: 0 });
    expect(second.value.map((tile) => [tile.cached, tile.executed_at])).toEqual(
      first.value.map((tile) => [true, tile.executed_at])
    );

    // one tile's data is cached too
    const single = await measured(() =>
      app
        .request()
        .get(`/api/dashboards/${created.body.id}/tiles/${created.body.tiles[0].id}/data`)
        .set(bearer(owner.jwt))
    );
    if (single.value.status === 200) expect(single.hits).toBe(1);

    // a preview always runs
    const preview = await measured(() =>
      app
        .request()
        .post(`/api/dashboards/${created.body.id}/tiles/preview`)
        .set(bearer(owner.jwt))
        .send({ title: 'SQL', tile_type: 'table', query: 'SELECT COUNT(*) AS n FROM leads' })
    );
    if (preview.value.status === 200) {
      expect(preview).toMatchObject({ hits: 0, misses: 0 });
      expect(preview.value.body.cached).toBeUndefined();
    }

    await app.strapi.documents(LEAD).create({ data: { name: 'Tile lead', status: 'open' } as any });
    const third = await measured(data);
    expect(third.misses).toBe(2);
    expect(figures(third.value)).toEqual([leads + 1, leads + 1]);
  });

  it('answers /data?only=cached with what the cache holds and computes nothing: the other tiles are pending', async () => {
    const owner = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`], plan: 'pro' });
    const created = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(owner.jwt))
      .send({
        name: 'Cached first',
        tiles: [
          { title: 'SQL', tile_type: 'table', query: 'SELECT COUNT(*) AS n FROM leads' },
          {
            title: 'Content',
            tile_type: 'table',
            source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' } },
          },
        ],
      });
    expect(created.status).toBe(201);
    const get = (query: string) =>
      app.request().get(`/api/dashboards/${created.body.id}/data${query}`).set(bearer(owner.jwt));
    type Answer = { title: string; pending?: boolean; cached?: boolean; data: unknown; error: string | null };
    const tilesOf = (response: { body: { tiles: Answer[] } }) => response.body.tiles;

    const before = await measured(() => get('?only=cached'));
    expect(before.value.status).toBe(200);
    expect(before).toMatchObject({ hits: 0, misses: 0 });
    expect(tilesOf(before.value).map((tile) => [tile.title, tile.pending, tile.data, tile.error])).toEqual([
      ['SQL', true, null, null],
      ['Content', true, null, null],
    ]);

    const computed = await get('');
    expect(tilesOf(computed).map((tile) => tile.error)).toEqual([null, null]);
    const after = await measured(() => get('?only=cached'));
    expect(after).toMatchObject({ hits: 2, misses: 0 });
    expect(tilesOf(after.value).map((tile) => [tile.pending, tile.cached, tile.data])).toEqual(
      tilesOf(computed).map((tile) => [undefined, true, tile.data])
    );

    // after a write the results are out of date: pending again, still nothing computed
    await app.strapi.documents(LEAD).create({ data: { name: 'Pending lead', status: 'open' } as any });
    const written = await measured(() => get('?only=cached'));
    expect(written).toMatchObject({ hits: 0, misses: 0 });
    expect(tilesOf(written.value).map((tile) => tile.pending)).toEqual([true, true]);

    const wrong = await get('?only=everything');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.errors[0].path).toEqual(['only']);
  });

  it('never serves a content-type tile to a caller with fewer permissions', async () => {
    const read = (fields?: string[]) => ({
      action: 'plugin::content-manager.explorer.read',
      subject: LEAD,
      fields,
    });
    const admin = await createAdmin(app, { actions: ALL_ADMIN_ACTIONS, permissions: [read()] });
    const created = await app
      .request()
      .post('/dashboards/dashboards')
      .set(bearer(admin.token))
      .send({
        name: 'By source',
        tiles: [
          {
            title: 'By source',
            tile_type: 'table',
            source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' }, group_by: 'source' },
          },
        ],
      });
    expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
    const data = async () =>
      (await app.request().get(`/dashboards/dashboards/${created.body.id}/data`).set(bearer(admin.token)))
        .body.tiles[0];
    expect((await data()).error).toBeNull();
    expect((await measured(data)).hits).toBe(1);
    // the same admin loses the field: the warm cache must not answer
    const role = await app.strapi.db.query('admin::role').findOne({ where: { users: { id: admin.id } } });
    await app.strapi
      .service('admin::role')
      .assignPermissions(role.id, [
        ...ALL_ADMIN_ACTIONS.map((action) => ({ action, subject: null, conditions: [], properties: {} })),
        { ...read(['name']), conditions: [], properties: { fields: ['name'] } },
      ]);
    const narrowed = await data();
    expect(narrowed).toMatchObject({ data: null, error: `You may not read ${LEAD}'s field "source"` });
    expect(narrowed.cached).toBeUndefined();

    // users: a viewer of the same dashboard who may not read leads at all
    const writer = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`], plan: 'pro' });
    const viewer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
    const mine = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(writer.jwt))
      .send({
        name: 'Leads',
        tiles: [
          {
            title: 'Leads',
            tile_type: 'table',
            source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' } },
          },
        ],
      });
    expect(mine.status).toBe(201);
    const shared = await app
      .request()
      .post(`/api/dashboards/${mine.body.id}/members`)
      .set(bearer(writer.jwt))
      .send({ user_id: viewer.id, role: 'viewer' });
    expect(shared.status).toBe(200);
    const as = async (jwt: string) =>
      (await app.request().get(`/api/dashboards/${mine.body.id}/data`).set(bearer(jwt))).body.tiles[0];
    expect((await as(writer.jwt)).error).toBeNull();
    expect((await as(writer.jwt)).cached).toBe(true);
    expect(await as(viewer.jwt)).toMatchObject({ data: null, error: `You may not read ${LEAD}` });
  });
});

describe('source versions', () => {
  it('bumps atomically: concurrent bumps each count, a missing source starts at 0', async () => {
    const source = `test:${Date.now()}`;
    expect(await cache().versions([source])).toEqual([`${source}@0`]);
    await Promise.all(Array.from({ length: 8 }, () => cache().bump([source])));
    expect(await cache().versions([source])).toEqual([`${source}@8`]);
  });
});

describe('stale while revalidate', () => {
  /** A computation the test finishes by hand, and a promise that says when it started. */
  function held<T>() {
    let finish!: (value: T) => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const compute = () => {
      started();
      return new Promise<T>((resolve) => (finish = resolve));
    };
    return { compute, running, finish: (value: T) => finish(value) };
  }
  const never = async (): Promise<string> => {
    throw new Error('a viewer who may be served must not compute');
  };

  it('serves the previous result at once to viewers who arrive while another viewer recomputes it after a write', async () => {
    const source = `test:swr:${Date.now()}`;
    const request = { kind: 'test', key: ['after a write'], sources: [source] };
    const first = await cache().cached(request, async () => 'before');
    expect(first).toMatchObject({ value: 'before', cached: false });

    await cache().bump([source]);
    const refresh = held<string>();
    const refresher = cache().cached(request, refresh.compute);
    await refresh.running;
    const before = cache().stats();
    const others = await Promise.all([cache().cached(request, never), cache().cached(request, never)]);
    expect(others).toEqual([
      { value: 'before', executedAt: first.executedAt, cached: true },
      { value: 'before', executedAt: first.executedAt, cached: true },
    ]);
    expect(cache().stats().staleHits - before.staleHits).toBe(2);

    // the viewer who started the recomputation gets the fresh result, and so does everyone after
    refresh.finish('after');
    expect(await refresher).toMatchObject({ value: 'after', cached: false });
    expect(await cache().cached(request, never)).toMatchObject({ value: 'after', cached: true });
  });

  it('never serves a viewer a stale copy of what its own view is recomputing (two tiles of one /data)', async () => {
    const source = `test:swr-view:${Date.now()}`;
    const request = { kind: 'test', key: ['one view'], sources: [source] };
    await cache().cached(request, async () => 'before');
    await cache().bump([source]);
    const view = {};
    const refresh = held<string>();
    const refresher = cache().cached({ ...request, viewer: view }, refresh.compute);
    await refresh.running;
    const sameView = cache().cached({ ...request, viewer: view }, never);
    expect((await cache().cached({ ...request, viewer: {} }, never)).value).toBe('before');
    refresh.finish('after');
    expect(await refresher).toMatchObject({ value: 'after', cached: false });
    expect(await sameView).toMatchObject({ value: 'after', cached: true });
  });

  it('makes an earlier view wait for a refresh a later viewer started: the first view after a write is fresh', async () => {
    const source = `test:swr-race:${Date.now()}`;
    const request = { kind: 'test', key: ['race'], sources: [source] };
    await cache().cached(request, async () => 'before');
    await cache().bump([source]);
    // view A arrives (its first tile), then view B starts refreshing the result A will ask for next
    const viewA = {};
    await cache().cached(
      { kind: 'test', key: ['first tile of A'], sources: [source], viewer: viewA },
      async () => 1
    );
    const refresh = held<string>();
    const refresher = cache().cached({ ...request, viewer: {} }, refresh.compute);
    await refresh.running;
    const tileOfA = cache().cached({ ...request, viewer: viewA }, never);
    refresh.finish('after');
    expect(await refresher).toMatchObject({ value: 'after', cached: false });
    expect(await tileOfA).toMatchObject({ value: 'after', cached: true });
  });

  it('does the same when the TTL ended, and a viewer with no previous result waits for the running one', async () => {
    const ttl = Number(app.strapi.config.get('plugin::dashboards.cache.ttlSeconds') ?? 300);
    const request = { kind: 'test', key: ['after the ttl'], sources: [`test:swr-ttl:${Date.now()}`] };
    const first = await cache().cached(request, async () => 'old');
    clock += (ttl + 1) * 1000;
    const refresh = held<string>();
    const refresher = cache().cached(request, refresh.compute);
    await refresh.running;
    expect(await cache().cached(request, never)).toEqual({
      value: 'old',
      executedAt: first.executedAt,
      cached: true,
    });

    const newcomer = { ...request, key: ['never computed'] };
    const firstRun = held<string>();
    const computing = cache().cached(newcomer, firstRun.compute);
    await firstRun.running;
    const waiting = cache().cached(newcomer, never);
    firstRun.finish('computed once');
    expect(await computing).toMatchObject({ value: 'computed once', cached: false });
    expect(await waiting).toMatchObject({ value: 'computed once', cached: true });
    refresh.finish('new');
    expect(await refresher).toMatchObject({ value: 'new', cached: false });
  });

  it('reads the versions once for requests that start together', async () => {
    const sources = [`test:reads:${Date.now()}`, 'test:reads:other'];
    const before = cache().stats().versionReads;
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((key) => cache().cached({ kind: 'test', key, sources }, async () => key))
    );
    expect(results.map((result) => result.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(cache().stats().versionReads - before).toBe(1);
  });
});
