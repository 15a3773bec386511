import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS, seedDashboard } from '../helpers/dashboards';
import { DASHBOARD_ROUTES } from '../../server/dashboards/routes';

/** Dashboard tags: written through create, update, import and duplicate; the list's tag filter; GET /tags. */
let app: TestApp;
let alice: UserPrincipal;
let bob: UserPrincipal;

beforeAll(async () => {
  app = await bootTestApp();
  alice = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  bob = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
});

afterAll(async () => {
  await app?.close();
});

const api = () => app.request();
const as = (user: UserPrincipal) => bearer(user.jwt);

async function create(user: UserPrincipal, body: Record<string, unknown>) {
  const response = await api().post('/api/dashboards').set(as(user)).send(body);
  expect(response.status).toBe(201);
  return response.body;
}

const firstError = (response: any) => ({
  status: response.status,
  path: response.body.error?.details?.errors?.[0]?.path,
});

describe('writing tags', () => {
  it('trims each tag and drops case-insensitive duplicates, keeping the first spelling and the order', async () => {
    const created = await create(alice, {
      name: 'Normalised',
      tags: ['  Sales ', 'EMEA', 'sales', 'Q4', 'emea ', 'q4'],
    });
    expect(created.tags).toEqual(['Sales', 'EMEA', 'Q4']);
    const read = await api().get(`/api/dashboards/${created.id}`).set(as(alice));
    expect(read.body.tags).toEqual(['Sales', 'EMEA', 'Q4']);
  });

  it('gives a dashboard without tags `[]`, also one written before tags existed', async () => {
    expect((await create(alice, { name: 'Untagged' })).tags).toEqual([]);
    const old = await seedDashboard(app, { name: 'From before tags', owner: alice.id, tiles: 0 });
    await app.strapi.db
      .connection(app.strapi.db.metadata.get('plugin::dashboards.dashboard').tableName)
      .where({ id: old.rowId })
      .update({ tags: null });
    const read = await api().get(`/api/dashboards/${old.id}`).set(as(alice));
    expect(read.status).toBe(200);
    expect(read.body.tags).toEqual([]);
    const listed = await api().get('/api/dashboards?search=From%20before&limit=100').set(as(alice));
    expect(listed.body.data.map((item: any) => [item.name, item.tags])).toEqual([['From before tags', []]]);
  });

  it('answers 400 naming the field for too many tags, a tag too long, empty or not a string', async () => {
    const cases: [unknown, (string | number)[]][] = [
      [Array.from({ length: 11 }, (_, index) => `tag ${index}`), ['tags']],
      [
        ['ok', 'fine', 'x'.repeat(41)],
        ['tags', '2'],
      ],
      [
        ['ok', '   '],
        ['tags', '1'],
      ],
      [
        ['ok', 'fine', 42],
        ['tags', '2'],
      ],
      ['sales', ['tags']],
    ];
    for (const [tags, path] of cases) {
      const response = await api().post('/api/dashboards').set(as(alice)).send({ name: 'Bad', tags });
      expect({ tags, ...firstError(response) }).toEqual({ tags, status: 400, path });
      expect(response.body.error.message).toMatch(new RegExp(`^${path.join('\\.')}: `));
    }
    // 40 characters is allowed; 11 given that are 10 once duplicates are dropped are too
    const longest = await create(alice, { name: 'Longest', tags: ['y'.repeat(40)] });
    expect(longest.tags).toEqual(['y'.repeat(40)]);
    const tenOnceDeduplicated = [...Array.from({ length: 10 }, (_, index) => `t${index}`), 'T0'];
    expect((await create(alice, { name: 'Ten', tags: tenOnceDeduplicated })).tags).toHaveLength(10);
  });

  it('replaces the tags on update, keeps them when the update names none, and clears them with []', async () => {
    const created = await create(alice, { name: 'Updated', tags: ['one'] });
    const url = `/api/dashboards/${created.id}`;
    const updated = await api()
      .put(url)
      .set(as(alice))
      .send({ tags: ['Two', ' three ', 'TWO'] });
    expect(updated.status).toBe(200);
    expect(updated.body.tags).toEqual(['Two', 'three']);
    const renamed = await api().put(url).set(as(alice)).send({ name: 'Updated again' });
    expect(renamed.body.tags).toEqual(['Two', 'three']);
    const bad = await api()
      .put(url)
      .set(as(alice))
      .send({ tags: ['ok', ''] });
    expect(firstError(bad)).toEqual({ status: 400, path: ['tags', '1'] });
    const cleared = await api().put(url).set(as(alice)).send({ tags: [] });
    expect(cleared.body.tags).toEqual([]);
  });

  it('exports, imports and duplicates the tags', async () => {
    const created = await create(alice, { name: 'Carried', tags: ['Finance', 'Board'] });
    const exported = await api().get(`/api/dashboards/${created.id}/export`).set(as(alice));
    expect(exported.body.dashboard.tags).toEqual(['Finance', 'Board']);

    const imported = await api().post('/api/dashboards/import').set(as(bob)).send(exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.tags).toEqual(['Finance', 'Board']);

    const untagged = await api()
      .post('/api/dashboards/import')
      .set(as(bob))
      .send({ version: 1, dashboard: { name: 'Old export' } });
    expect(untagged.body.tags).toEqual([]);
    const badImport = await api()
      .post('/api/dashboards/import')
      .set(as(bob))
      .send({ version: 1, dashboard: { name: 'Bad export', tags: ['a', 'b', 'c', ''] } });
    expect(firstError(badImport)).toEqual({ status: 400, path: ['dashboard', 'tags', '3'] });

    const copy = await api().post(`/api/dashboards/${created.id}/duplicate`).set(as(alice));
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Carried (copy)', tags: ['Finance', 'Board'] });
    // cleanup: the next tests count exactly what they create
    for (const id of [created.id, copy.body.id])
      expect((await api().delete(`/api/dashboards/${id}`).set(as(alice))).status).toBe(204);
    for (const id of [imported.body.id, untagged.body.id])
      expect((await api().delete(`/api/dashboards/${id}`).set(as(bob))).status).toBe(204);
  });
});

describe('the list filter and the tag counts', () => {
  let carol: UserPrincipal;
  let dave: UserPrincipal;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    carol = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
    dave = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
    // 12 of Carol's dashboards tagged "sales" (spelled three ways), 6 of them also "EMEA"
    for (let index = 0; index < 12; index += 1) {
      const spelling = ['sales', 'Sales', 'SALES'][index % 3];
      const tags = index % 2 === 0 ? [spelling, 'EMEA'] : [spelling];
      const name = `Carol ${String(index).padStart(2, '0')}`;
      ids[name] = (await create(carol, { name, tags })).id;
    }
    ids['Carol ops'] = (await create(carol, { name: 'Carol ops', tags: ['ops', 'Ops-North'] })).id;
    ids['Carol none'] = (await create(carol, { name: 'Carol none' })).id;
    // archived: counted only with include_archived
    const archived = await create(carol, { name: 'Carol archived', tags: ['sales', 'archive-only'] });
    ids['Carol archived'] = archived.id;
    await api().post(`/api/dashboards/${archived.id}/archive`).set(as(carol));
    // Dave's private dashboard: Carol sees neither it nor its tags
    ids['Dave private'] = (await create(dave, { name: 'Dave private', tags: ['sales', 'secret'] })).id;
    // Dave's dashboard shared with Carol as a viewer: she sees it and its tags
    const shared = await create(dave, { name: 'Dave shared', tags: ['Sales', 'shared'] });
    ids['Dave shared'] = shared.id;
    const member = await api()
      .post(`/api/dashboards/${shared.id}/members`)
      .set(as(dave))
      .send({ user_id: carol.id, role: 'viewer' });
    expect(member.status).toBe(200);
  });

  const list = async (user: UserPrincipal, query: string) => {
    const response = await api().get(`/api/dashboards?${query}`).set(as(user));
    expect(response.status).toBe(200);
    return response.body;
  };
  const carolSales = () =>
    Array.from({ length: 12 }, (_, index) => `Carol ${String(index).padStart(2, '0')}`);

  it('lists only the dashboards carrying the tag, ignoring case, with the totals of the filtered list', async () => {
    const all = await list(carol, 'tag=SaLeS&sort=name&order=asc&limit=100');
    expect(all.data.map((item: any) => item.id)).toEqual(
      [...carolSales(), 'Dave shared'].map((name) => ids[name])
    );
    expect(all.pagination.total).toBe(13);

    const page = await list(carol, 'tag=sales&sort=name&order=asc&limit=5&page=3');
    expect(page.data.map((item: any) => item.id)).toEqual(
      ['Carol 10', 'Carol 11', 'Dave shared'].map((name) => ids[name])
    );
    expect(page.pagination).toEqual({
      page: 3,
      limit: 5,
      offset: 10,
      total: 13,
      total_pages: 3,
      has_next: false,
      has_prev: true,
    });

    const emea = await list(carol, 'tag=emea&sort=name&order=asc&limit=100');
    expect(emea.data.map((item: any) => item.name)).toEqual(
      carolSales().filter((_, index) => index % 2 === 0)
    );
    expect(emea.data[0].tags).toEqual(['sales', 'EMEA']);
    expect(emea.pagination.total).toBe(6);
  });

  it('matches whole tags only, and combines with search and include_archived', async () => {
    expect((await list(carol, 'tag=sale')).pagination.total).toBe(0);
    expect((await list(carol, 'tag=%25')).pagination.total).toBe(0);
    expect((await list(carol, 'tag=secret')).pagination.total).toBe(0);
    expect((await list(dave, 'tag=secret')).data.map((item: any) => item.id)).toEqual([ids['Dave private']]);
    const searched = await list(carol, 'tag=sales&search=Carol%2001');
    expect(searched.data.map((item: any) => item.id)).toEqual([ids['Carol 01']]);
    expect(searched.pagination.total).toBe(1);
    const archived = await list(carol, 'tag=archive-only&include_archived=true');
    expect(archived.data.map((item: any) => item.id)).toEqual([ids['Carol archived']]);
    expect((await list(carol, 'tag=sales&include_archived=true')).pagination.total).toBe(14);
  });

  it('answers 400 naming `tag` for an empty or too long tag', async () => {
    for (const query of ['tag=', 'tag=%20%20', `tag=${'x'.repeat(41)}`]) {
      const response = await api().get(`/api/dashboards?${query}`).set(as(carol));
      expect({ query, ...firstError(response) }).toEqual({ query, status: 400, path: ['tag'] });
    }
  });

  it('counts the tags of the dashboards the caller can see, by name', async () => {
    const response = await api().get('/api/dashboards/tags').set(as(carol));
    expect(response.status).toBe(200);
    const byName = response.body.data.map((entry: any) => [entry.name.toLowerCase(), entry.count]);
    expect(byName).toEqual([
      ['emea', 6],
      ['ops', 1],
      ['ops-north', 1],
      ['sales', 13],
      ['shared', 1],
    ]);
    // one of the spellings in use names the tag
    expect(['sales', 'Sales', 'SALES']).toContain(response.body.data[3].name);

    const withArchived = await api().get('/api/dashboards/tags?include_archived=true').set(as(carol));
    expect(withArchived.body.data.map((entry: any) => [entry.name.toLowerCase(), entry.count])).toEqual([
      ['archive-only', 1],
      ['emea', 6],
      ['ops', 1],
      ['ops-north', 1],
      ['sales', 14],
      ['shared', 1],
    ]);

    const searched = await api().get('/api/dashboards/tags?search=Carol%200').set(as(carol));
    expect(searched.body.data.map((entry: any) => [entry.name.toLowerCase(), entry.count])).toEqual([
      ['emea', 5],
      ['sales', 10],
    ]);

    const daves = await api().get('/api/dashboards/tags').set(as(dave));
    expect(daves.body.data.map((entry: any) => [entry.name.toLowerCase(), entry.count])).toEqual([
      ['sales', 2],
      ['secret', 1],
      ['shared', 1],
    ]);
  });

  it('gives the same counts as the tag filter’s totals', async () => {
    const tags = (await api().get('/api/dashboards/tags').set(as(carol))).body.data;
    for (const { name, count } of tags) {
      const filtered = await list(carol, `tag=${encodeURIComponent(name)}`);
      expect({ name, total: filtered.pagination.total }).toEqual({ name, total: count });
    }
  });

  it('answers an admin with every dashboard’s tags, and 403 without the read action', async () => {
    const admin = await createAdmin(app, { actions: ['plugin::dashboards.read'] });
    const response = await api().get('/dashboards/dashboards/tags').set(bearer(admin.token));
    expect(response.status).toBe(200);
    const counts = Object.fromEntries(
      response.body.data.map((entry: any) => [entry.name.toLowerCase(), entry.count])
    );
    expect(counts).toMatchObject({ sales: 15, secret: 1, shared: 1, emea: 7, q4: 1 });
    const filtered = await api().get('/dashboards/dashboards?tag=secret').set(bearer(admin.token));
    expect(filtered.body.data.map((item: any) => item.id)).toEqual([ids['Dave private']]);

    const without = await createAdmin(app, { actions: ['plugin::dashboards.create'] });
    expect((await api().get('/dashboards/dashboards/tags').set(bearer(without.token))).status).toBe(403);
  });

  it('needs its own users-permissions action, and credentials', async () => {
    expect((await api().get('/api/dashboards/tags')).status).toBe(401);
    const lister = await createUser(app, { actions: [DASHBOARD_ROUTES.find.contentApiAction] });
    expect((await api().get('/api/dashboards/tags').set(as(lister))).status).toBe(403);
    const tagger = await createUser(app, { actions: [DASHBOARD_ROUTES.tags.contentApiAction] });
    const response = await api().get('/api/dashboards/tags').set(as(tagger));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [] });
  });
});
