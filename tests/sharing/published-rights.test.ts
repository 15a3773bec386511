import { buildCrm, type CrmFixture } from '../analytics/fixture';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import {
  bearer,
  createAdmin,
  createUser,
  ensureUserRole,
  type AdminPrincipal,
  type UserPrincipal,
} from '../helpers/principals';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { until } from '../helpers/wait';
import { SHARING_ROUTES } from '../../server/sharing/routes';

/**
 * Cached, shared and embedded data never show anyone more than the rights they were published
 * with. Four tiles whose figures depend on rights — users counted (needs users `find`), the CRM's
 * new leads in scope `all` (needs scope all), the same in the viewer's own scope, and plain SQL —
 * read by a full and a limited member, live and from the latest snapshot, and by anonymous readers
 * of the public link and of an embed, for a dashboard published by a full and by a limited publisher.
 */
const USERS_FIND = 'plugin::users-permissions.user.find';
const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const SNAPSHOTS = 'plugin::dashboards.snapshot';

const TILES = [
  {
    title: 'users',
    tile_type: 'kpi',
    source: { kind: 'content-type', uid: 'plugin::users-permissions.user', measure: { fn: 'count' } },
  },
  {
    title: 'all',
    tile_type: 'kpi',
    source: { kind: 'analytics', endpoint: 'stats', params: { ...JANUARY, scope: 'all' } },
  },
  { title: 'own', tile_type: 'kpi', source: { kind: 'analytics', endpoint: 'stats', params: JANUARY } },
  { title: 'sql', tile_type: 'kpi', query: 'SELECT 42 AS "v"' },
].map((tile, index) => ({ ...tile, grid_x: index * 3, grid_y: 0, grid_w: 3, grid_h: 2 }));

let app: TestApp;
let crm: CrmFixture;
/** The publisher with every right: a director (scope all) who may read users. */
let dora: UserPrincipal;
/** A member with the same rights. */
let dana: UserPrincipal;
/** A member with few: a sales rep (scope own) who may not read users. */
let alice: UserPrincipal;
/** A publisher with few: an admin who may read and share dashboards, and nothing else. */
let limitedAdmin: AdminPrincipal;
let superAdmin: AdminPrincipal;
/** What each figure is, live: users counted, new leads in January in each scope. */
let truth: { users: number; all: number; doraOwn: number; aliceOwn: number; danaOwn: number };

const api = () => app.request();
const as = (principal: { jwt: string } | { token: string }) =>
  bearer('jwt' in principal ? principal.jwt : principal.token);

async function newLeads(who: UserPrincipal, scope: string) {
  const response = await api()
    .get('/api/dashboard/stats')
    .query({ ...JANUARY, scope })
    .set(as(who));
  expect(response.status).toBe(200);
  return response.body.newLeadsThisPeriod as number;
}

async function createDashboard(owner: UserPrincipal, name: string, tiles: object[] = TILES) {
  const created = await api().post('/api/dashboards').set(as(owner)).send({ name, tiles });
  expect([created.status, created.body.error]).toEqual([201, undefined]);
  for (const member of [dana, alice].filter((member) => member.id !== owner.id)) {
    const added = await api()
      .post(`/api/dashboards/${created.body.id}/members`)
      .set(as(owner))
      .send({ user_id: member.id, role: 'viewer' });
    expect(added.status).toBe(200);
  }
  return created.body as { id: string; tiles: { id: string; title: string }[] };
}

/** Publishes as `publisher` (a user through the content API, an admin through the admin API). */
async function publish(dashboardId: string, publisher: UserPrincipal | AdminPrincipal) {
  const base = 'jwt' in publisher ? '/api/dashboards' : '/dashboards/dashboards';
  const shared = await api()
    .post(`${base}/${dashboardId}/share`)
    .set(as(publisher))
    .send({ is_public: true });
  expect(shared.status).toBe(200);
  const embed = await api().get(`${base}/${dashboardId}/embed`).set(as(publisher));
  expect(embed.status).toBe(200);
  return { token: shared.body.share_token as string, embedToken: embed.body.embed_token as string };
}

type Cell = string;
/** One tile's answer in a word: its figure, `error`, or `withheld` (a notice in place of cached data). */
function cellOf(tile: { title: string }, entry: any): Cell {
  if (!entry) return 'missing';
  if (entry.withheld) return 'withheld';
  if (entry.error) return 'error';
  const row = entry.data?.rows?.[0] ?? {};
  const figure = tile.title === 'users' ? row.count : tile.title === 'sql' ? row.v : row.newLeadsThisPeriod;
  return `=${figure}`;
}

const byTitle = (
  tiles: { id: string; title: string }[],
  pick: (tile: { id: string; title: string }) => Cell
) => Object.fromEntries(tiles.map((tile) => [tile.title, pick(tile)]));

async function live(dashboard: { id: string; tiles: any[] }, reader: UserPrincipal) {
  const response = await api().get(`/api/dashboards/${dashboard.id}/data`).set(as(reader));
  expect(response.status).toBe(200);
  const results = new Map(response.body.tiles.map((tile: any) => [tile.id, tile]));
  return byTitle(dashboard.tiles, (tile) => cellOf(tile, results.get(tile.id)));
}

async function latest(dashboard: { id: string; tiles: any[] }, reader: UserPrincipal) {
  const response = await api().get(`/api/dashboards/${dashboard.id}/snapshot/latest`).set(as(reader));
  expect(response.status).toBe(200);
  return byTitle(dashboard.tiles, (tile) => cellOf(tile, response.body.tile_data[tile.id]));
}

async function publicData(dashboard: { tiles: any[] }, token: string) {
  const response = await api().get(`/api/dashboards/shared/${token}/data`);
  expect(response.status).toBe(200);
  return byTitle(dashboard.tiles, (tile) => cellOf(tile, response.body.tile_data[tile.id]));
}

async function embedData(dashboard: { id: string; tiles: any[] }, embedToken: string) {
  const response = await api().get(`/api/dashboards/embed/${dashboard.id}/data`).query({ token: embedToken });
  expect(response.status).toBe(200);
  return byTitle(dashboard.tiles, (tile) => cellOf(tile, response.body.tile_data[tile.id]));
}

beforeAll(async () => {
  app = await bootTestApp();
  crm = await buildCrm(app, ALL_CONTENT_ACTIONS);
  await ensureUserRole(app.strapi, 'director', [...ALL_CONTENT_ACTIONS, USERS_FIND]);
  dora = crm.people.dora;
  alice = crm.people.alice;
  dana = await createUser(app, { role: 'director', plan: 'pro' });
  limitedAdmin = await createAdmin(app, {
    actions: ['plugin::dashboards.read', 'plugin::dashboards.share'],
  });
  superAdmin = await createAdmin(app, { superAdmin: true });
  const users = await app.strapi.db.query('plugin::users-permissions.user').count();
  truth = {
    users,
    all: await newLeads(dora, 'all'),
    doraOwn: await newLeads(dora, 'own'),
    aliceOwn: await newLeads(alice, 'own'),
    danaOwn: await newLeads(dana, 'own'),
  };
});

afterAll(async () => {
  await app?.close();
});

it('has figures that tell the rights apart', () => {
  expect(truth.users).toBeGreaterThan(6);
  expect(new Set([truth.all, truth.doraOwn, truth.aliceOwn]).size).toBe(3);
  expect(truth.danaOwn).toBe(0);
});

it('shows each reader, on each channel, only what the rights it was published with allow (the matrix)', async () => {
  const byDora = await createDashboard(dora, 'Published by the director');
  const byAdmin = await createDashboard(dora, 'Published by a limited admin');
  const doraLinks = await publish(byDora.id, dora);
  const adminLinks = await publish(byAdmin.id, limitedAdmin);

  const matrix: Record<string, Record<string, Cell>> = {};
  for (const [publisher, dashboard, links] of [
    ['full publisher', byDora, doraLinks],
    ['limited publisher', byAdmin, adminLinks],
  ] as const) {
    matrix[`${publisher} · full reader · live`] = await live(dashboard, dana);
    matrix[`${publisher} · limited reader · live`] = await live(dashboard, alice);
    matrix[`${publisher} · full reader · snapshot/latest`] = await latest(dashboard, dana);
    matrix[`${publisher} · limited reader · snapshot/latest`] = await latest(dashboard, alice);
    matrix[`${publisher} · anonymous · public data`] = await publicData(dashboard, links.token);
    matrix[`${publisher} · anonymous · embed data`] = await embedData(dashboard, links.embedToken);
  }

  const { users, all, doraOwn, aliceOwn, danaOwn } = truth;
  const fullLive = { users: `=${users}`, all: `=${all}`, own: `=${danaOwn}`, sql: '=42' };
  const limitedLive = { users: 'error', all: 'error', own: `=${aliceOwn}`, sql: '=42' };
  expect(matrix).toEqual({
    'full publisher · full reader · live': fullLive,
    'full publisher · limited reader · live': limitedLive,
    'full publisher · full reader · snapshot/latest': {
      users: `=${users}`,
      all: `=${all}`,
      own: 'withheld',
      sql: '=42',
    },
    'full publisher · limited reader · snapshot/latest': {
      users: 'withheld',
      all: 'withheld',
      own: 'withheld',
      sql: '=42',
    },
    'full publisher · anonymous · public data': {
      users: `=${users}`,
      all: `=${all}`,
      own: `=${doraOwn}`,
      sql: '=42',
    },
    'full publisher · anonymous · embed data': {
      users: `=${users}`,
      all: `=${all}`,
      own: `=${doraOwn}`,
      sql: '=42',
    },
    'limited publisher · full reader · live': fullLive,
    'limited publisher · limited reader · live': limitedLive,
    // the admin's snapshot: it could not read users nor ask for `all`; its own scope holds nothing
    'limited publisher · full reader · snapshot/latest': {
      users: 'error',
      all: 'error',
      own: 'withheld',
      sql: '=42',
    },
    'limited publisher · limited reader · snapshot/latest': {
      users: 'withheld',
      all: 'error',
      own: 'withheld',
      sql: '=42',
    },
    'limited publisher · anonymous · public data': { users: 'error', all: 'error', own: '=0', sql: '=42' },
    'limited publisher · anonymous · embed data': { users: 'error', all: 'error', own: '=0', sql: '=42' },
  });
  const cells = Object.values(matrix).reduce((count, row) => count + Object.keys(row).length, 0);
  expect(cells).toBe(48);
});

it("keeps serving the publisher's snapshot publicly after an admin took a wider one", async () => {
  const dashboard = await createDashboard(alice, "Alice's own figures", [TILES[2], TILES[3]]);
  const { token, embedToken } = await publish(dashboard.id, alice);
  const taken = await api()
    .post(`/dashboards/dashboards/${dashboard.id}/snapshot`)
    .set(as(superAdmin))
    .send({});
  expect(taken.status).toBe(201);
  expect(taken.body.executed_by).toBe(`admin:${superAdmin.id}`);
  const expected = { own: `=${truth.aliceOwn}`, sql: '=42' };
  expect(await publicData(dashboard, token)).toEqual(expected);
  expect(await embedData(dashboard, embedToken)).toEqual(expected);
  // the owner's latest is the admin's: its figures are the admin's scope, not shown to her
  expect(await latest(dashboard, alice)).toEqual({ own: 'withheld', sql: '=42' });
});

it('refuses at save an analytics tile asking a scope wider than the saver may, naming params.scope', async () => {
  const response = await api()
    .post('/api/dashboards')
    .set(as(alice))
    .send({ name: 'Too wide', tiles: [TILES[1]] });
  expect(response.status).toBe(400);
  expect(response.body.error.details.errors[0]).toMatchObject({
    path: ['tiles', '0', 'source', 'params', 'scope'],
    message: '"all" is wider than your widest analytics scope "own"',
  });
});

/** Expires every snapshot of the dashboard, reads it anonymously, and waits for the refresh. */
async function refreshByAnonymousRead(dashboardId: string, token: string) {
  const row = await app.strapi.db
    .query('plugin::dashboards.dashboard')
    .findOne({ where: { documentId: dashboardId } });
  const ids: number[] = (
    await app.strapi.db.query(SNAPSHOTS).findMany({ where: { dashboard: { id: row.id } } })
  ).map((snapshot: { id: number }) => snapshot.id);
  await app.strapi.db
    .query(SNAPSHOTS)
    .updateMany({ where: { id: { $in: ids } }, data: { expires_at: new Date(Date.now() - 1000) } });
  const stale = await api().get(`/api/dashboards/shared/${token}/data`);
  expect([stale.status, stale.body.stale]).toEqual([200, true]);
  // a new snapshot: the refresh the read started
  return until(() =>
    app.strapi.db.query(SNAPSHOTS).findOne({
      where: { dashboard: { id: row.id }, trigger_type: 'refresh', id: { $gt: Math.max(...ids) } },
    })
  );
}

it('refreshes an expired public snapshot as its publisher, never as whoever took the newest one', async () => {
  const dashboard = await createDashboard(dora, 'Refreshed as the publisher');
  const { token } = await publish(dashboard.id, dora);
  await api().post(`/dashboards/dashboards/${dashboard.id}/snapshot`).set(as(superAdmin)).send({});
  const refreshed = await refreshByAnonymousRead(dashboard.id, token);
  expect(refreshed.executed_by).toBe(`user:${dora.id}`);
});

it('re-checks the publisher at each refresh: a lost right empties that tile, a lost share right empties them all', async () => {
  await ensureUserRole(app.strapi, 'publisher', [...ALL_CONTENT_ACTIONS, USERS_FIND]);
  const pia = await createUser(app, { role: 'publisher', plan: 'pro' });
  const dashboard = await createDashboard(pia, "Pia's dashboard", [TILES[0], TILES[3]]);
  const { token } = await publish(dashboard.id, pia);
  expect(await publicData(dashboard, token)).toEqual({ users: `=${truth.users + 1}`, sql: '=42' });

  await ensureUserRole(app.strapi, 'publisher', ALL_CONTENT_ACTIONS);
  await refreshByAnonymousRead(dashboard.id, token);
  expect(await publicData(dashboard, token)).toEqual({ users: 'error', sql: '=42' });

  await ensureUserRole(
    app.strapi,
    'publisher',
    ALL_CONTENT_ACTIONS.filter((action) => action !== SHARING_ROUTES.share.contentApiAction)
  );
  await refreshByAnonymousRead(dashboard.id, token);
  expect(await publicData(dashboard, token)).toEqual({ users: 'error', sql: 'error' });
});

it('revokes every kind of token at once when the dashboard is unshared', async () => {
  const dashboard = await createDashboard(dora, 'Unshared');
  const { token, embedToken } = await publish(dashboard.id, dora);
  const link = await api().post(`/api/dashboards/${dashboard.id}/share`).set(as(dora)).send({});
  expect(link.status).toBe(200);
  const reads = () =>
    Promise.all([
      api().get(`/api/dashboards/shared/${token}/data`),
      api().get(`/api/dashboards/shared/${link.body.share_token}/data`),
      api().get(`/api/dashboards/embed/${dashboard.id}/data`).query({ token: embedToken }),
      api().get(`/api/dashboards/embed/${dashboard.id}/data`).query({ token: link.body.share_token }),
    ]).then((responses) => responses.map((response) => response.status));
  expect(await reads()).toEqual([200, 200, 200, 200]);

  const unshared = await api()
    .post(`/api/dashboards/${dashboard.id}/share`)
    .set(as(dora))
    .send({ is_public: false });
  expect(unshared.status).toBe(200);
  expect(await reads()).toEqual([404, 404, 404, 404]);
  // sharing again makes new tokens; the old ones stay dead
  await publish(dashboard.id, dora);
  expect(await reads()).toEqual([404, 404, 404, 404]);
});
