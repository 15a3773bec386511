import { bootTestApp, type TestApp } from '../helpers/strapi';
import {
  bearer,
  createAdmin,
  createUser,
  type AdminPrincipal,
  type UserPrincipal,
} from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { PUBLIC_TILE_ERROR } from '../../server/sharing/snapshots';

/**
 * Click to filter on the public viewer and embeds (issue 19): a public reader's click asks the
 * data route for one filter value; the figures come from that value's snapshot, taken once with the
 * publisher's rights, only for a value the published figures show; the embed made with
 * `hide_filters` keeps its filters read-only.
 */
const LEAD = 'api::lead.lead';
const SNAPSHOTS = 'plugin::dashboards.snapshot';
const LEADS = [
  { name: 'Ann', source: 'website', status: 'open' },
  { name: 'Ben', source: 'website', status: 'open' },
  { name: 'Cid', source: 'referral', status: 'open' },
  { name: 'Dee', source: 'website', status: 'lost' },
];

const TILES = [
  {
    title: 'By source',
    tile_type: 'chart',
    chart_type: 'bar',
    query: 'SELECT source, COUNT(*) AS n FROM leads GROUP BY source ORDER BY source',
    chart_config: { xField: 'source', yField: 'n', click_filter: { filter: 'source', field: 'source' } },
  },
  {
    title: 'Leads',
    tile_type: 'kpi',
    source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' }, filters: { source: '{{source}}' } },
  },
  { title: 'Names', tile_type: 'table', query: 'SELECT name FROM leads ORDER BY name' },
].map((tile, index) => ({ ...tile, grid_x: index * 4, grid_y: 0, grid_w: 4, grid_h: 3 }));

let app: TestApp;
let owner: UserPrincipal;
/** An admin who may share dashboards but not read leads. */
let limitedAdmin: AdminPrincipal;
let publisherAdmin: AdminPrincipal;

interface Board {
  id: string;
  rowId: number;
  tiles: Record<string, string>;
}

const api = () => app.request();

async function createBoard(user: UserPrincipal, name: string): Promise<Board> {
  const created = await api()
    .post('/api/dashboards')
    .set(bearer(user.jwt))
    .send({ name, filters: [{ id: 'source', type: 'text', label: 'Source' }], tiles: TILES });
  expect([created.status, created.body.error]).toEqual([201, undefined]);
  const row = await app.strapi.db.query('plugin::dashboards.dashboard').findOne({
    where: { documentId: created.body.id },
  });
  return {
    id: created.body.id,
    rowId: row.id,
    tiles: Object.fromEntries(created.body.tiles.map((tile: any) => [tile.title, tile.id])),
  };
}

/** Publishes the dashboard: a user through the content API, an admin through the admin API. */
async function shareLink(board: Board, publisher: UserPrincipal | AdminPrincipal): Promise<string> {
  const [base, credential] =
    'jwt' in publisher ? ['/api/dashboards', publisher.jwt] : ['/dashboards/dashboards', publisher.token];
  const shared = await api()
    .post(`${base}/${board.id}/share`)
    .set(bearer(credential))
    .send({ is_public: true });
  expect(shared.status).toBe(200);
  return shared.body.share_token;
}

const publicData = (token: string, params: Record<string, string> = {}) =>
  api()
    .get(`/api/dashboards/shared/${token}/data`)
    .query(Object.fromEntries(Object.entries(params).map(([name, value]) => [`params[${name}]`, value])));

/** A tile's figure in a snapshot: the KPI's count, the bar's rows, the table's names, or the error. */
function figures(board: Board, tileData: Record<string, any>) {
  const entry = (title: string) => tileData[board.tiles[title]];
  const error = (title: string) => entry(title)?.error;
  return {
    bySource:
      error('By source') ??
      entry('By source')
        ?.data?.rows.map((row: any) => `${row.source}=${Number(row.n)}`)
        .join(','),
    leads: error('Leads') ?? Number(entry('Leads')?.data?.rows[0]?.count),
    names:
      error('Names') ??
      entry('Names')
        ?.data?.rows.map((row: any) => row.name)
        .join(','),
  };
}

const clickSnapshots = (board: Board) =>
  app.strapi.db
    .query(SNAPSHOTS)
    .count({ where: { dashboard: { id: board.rowId }, params_key: { $notNull: true } } });

beforeAll(async () => {
  app = await bootTestApp();
  owner = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`], plan: 'pro' });
  limitedAdmin = await createAdmin(app, { actions: ['plugin::dashboards.read', 'plugin::dashboards.share'] });
  publisherAdmin = await createAdmin(app, {
    actions: ['plugin::dashboards.read', 'plugin::dashboards.share'],
    permissions: [{ action: 'plugin::content-manager.explorer.read', subject: LEAD }],
  });
  for (const lead of LEADS) await app.strapi.db.query(LEAD).create({ data: lead });
});

afterAll(async () => {
  await app?.close();
});

describe('a public link', () => {
  let board: Board;
  let token: string;

  beforeAll(async () => {
    board = await createBoard(owner, 'Click board');
    token = await shareLink(board, owner);
  });

  it('names the filters a click sets in its structure', async () => {
    const structure = await api().get(`/api/dashboards/shared/${token}`);
    expect(structure.status).toBe(200);
    expect(structure.body.click_filters).toEqual([{ id: 'source', label: 'Source' }]);
    const tile = structure.body.tiles.find((entry: any) => entry.title === 'By source');
    expect(tile.chart_config.click_filter).toEqual({ filter: 'source', field: 'source' });
  });

  it('answers a clicked value from its own snapshot, with exactly the figures a live read gives the publisher', async () => {
    const base = await publicData(token);
    expect(figures(board, base.body.tile_data)).toEqual({
      bySource: 'referral=1,website=3',
      leads: 4,
      names: 'Ann,Ben,Cid,Dee',
    });

    const clicked = await publicData(token, { source: 'website' });
    expect(clicked.status).toBe(200);
    expect(clicked.body).toMatchObject({
      params: { source: 'website' },
      trigger_type: 'click_filter',
      stale: false,
    });
    expect(clicked.body).not.toHaveProperty('executed_by');
    // the KPI that uses the filter ran with it; the others are the dashboard's own figures
    expect(figures(board, clicked.body.tile_data)).toEqual({
      bySource: 'referral=1,website=3',
      leads: 3,
      names: 'Ann,Ben,Cid,Dee',
    });
    const live = await api()
      .get(`/api/dashboards/${board.id}/data`)
      .query({ 'params[source]': 'website' })
      .set(bearer(owner.jwt));
    expect(live.status).toBe(200);
    const liveLeads = live.body.tiles.find((tile: any) => tile.title === 'Leads');
    expect(clicked.body.tile_data[board.tiles.Leads].data.rows).toEqual(liveLeads.data.rows);

    const referral = await publicData(token, { source: 'referral' });
    expect(figures(board, referral.body.tile_data).leads).toBe(1);
    expect(await clickSnapshots(board)).toBe(2);
  });

  it('serves a value asked again from its snapshot, never a live query', async () => {
    const before = await clickSnapshots(board);
    await app.strapi.db.query(LEAD).create({ data: { name: 'Eve', source: 'website', status: 'open' } });
    const again = await publicData(token, { source: 'website' });
    expect(again.status).toBe(200);
    expect(figures(board, again.body.tile_data).leads).toBe(3);
    expect(await clickSnapshots(board)).toBe(before);
  });

  it('takes a value again once the dashboard’s own snapshot is newer, serving it stale meanwhile', async () => {
    const taken = await api().post(`/api/dashboards/${board.id}/snapshot`).set(bearer(owner.jwt));
    expect(taken.status).toBe(201);
    const stale = await publicData(token, { source: 'website' });
    expect(stale.body.stale).toBe(true);
    expect(figures(board, stale.body.tile_data)).toEqual({
      bySource: 'referral=1,website=4',
      leads: 3,
      names: 'Ann,Ben,Cid,Dee,Eve',
    });
    await app.strapi.plugin('dashboards').service('sharing').refreshesIdle();
    const fresh = await publicData(token, { source: 'website' });
    expect(fresh.body.stale).toBe(false);
    expect(fresh.body.trigger_type).toBe('refresh');
    expect(figures(board, fresh.body.tile_data).leads).toBe(4);
    // one snapshot per value is kept
    expect(await clickSnapshots(board)).toBe(2);
  });

  it('refreshes the dashboard’s own expired snapshot when only clicked values are read', async () => {
    const own = await app.strapi.db.query(SNAPSHOTS).findMany({
      where: { dashboard: { id: board.rowId }, params_key: { $null: true } },
      select: ['id'],
    });
    await app.strapi.db.query(SNAPSHOTS).updateMany({
      where: { id: { $in: own.map((snapshot: { id: number }) => snapshot.id) } },
      data: { expires_at: new Date(Date.now() - 1000) },
    });
    const read = await publicData(token, { source: 'referral' });
    expect([read.status, read.body.stale]).toEqual([200, true]);
    await app.strapi.plugin('dashboards').service('sharing').refreshesIdle();
    const refreshed = await publicData(token);
    expect(refreshed.body).toMatchObject({ stale: false, trigger_type: 'refresh' });
    // the value, retaken beside the dashboard's own, is retaken once more if it ended first
    await publicData(token, { source: 'referral' });
    await app.strapi.plugin('dashboards').service('sharing').refreshesIdle();
    const again = await publicData(token, { source: 'referral' });
    expect(again.body).toMatchObject({ stale: false, trigger_type: 'refresh' });
    expect(figures(board, again.body.tile_data).leads).toBe(1);
  });

  it('refuses what no click on the published figures gives (400 naming the parameter), writing nothing', async () => {
    const before = await app.strapi.db.query(SNAPSHOTS).count({ where: { dashboard: { id: board.rowId } } });
    const cases: [Record<string, string>, string[], string][] = [
      [{ source: 'partner' }, ['params', 'source'], 'is not a value this dashboard shows'],
      [{ source: 'Ann' }, ['params', 'source'], 'is not a value this dashboard shows'],
      [{ status: 'open' }, ['params', 'status'], 'is not a filter a click sets on this dashboard'],
      [{ source: 'website', status: 'open' }, ['params'], 'give one click filter at a time'],
    ];
    for (const [params, path, message] of cases) {
      const response = await publicData(token, params);
      expect([response.status, response.body.error?.name]).toEqual([400, 'ValidationError']);
      expect(response.body.error.details.errors).toEqual([expect.objectContaining({ path, message })]);
    }
    const bad = await api().get(`/api/dashboards/shared/${token}/data`).query({ 'params[Bad-Name]': 'x' });
    expect(bad.status).toBe(400);
    expect(await app.strapi.db.query(SNAPSHOTS).count({ where: { dashboard: { id: board.rowId } } })).toBe(
      before
    );
  });

  it('lets an embed click, unless it was made with read-only filters (hide_filters)', async () => {
    const open = await api().get(`/api/dashboards/${board.id}/embed`).set(bearer(owner.jwt));
    const locked = await api()
      .get(`/api/dashboards/${board.id}/embed`)
      .query({ hide_filters: 'true' })
      .set(bearer(owner.jwt));
    expect([open.status, locked.status]).toEqual([200, 200]);
    const embed = (embedToken: string, extra: Record<string, string> = {}) =>
      api()
        .get(`/api/dashboards/embed/${board.id}/data`)
        .query({ token: embedToken, ...extra });

    const clicked = await embed(open.body.embed_token, { 'params[source]': 'referral' });
    expect(clicked.status).toBe(200);
    expect(figures(board, clicked.body.tile_data).leads).toBe(1);
    const structure = await api()
      .get(`/api/dashboards/embed/${board.id}`)
      .query({ token: locked.body.embed_token });
    expect(structure.body.click_filters).toEqual([]);
    const refused = await embed(locked.body.embed_token, { 'params[source]': 'referral' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors).toEqual([
      expect.objectContaining({
        path: ['params'],
        message: 'this embedded dashboard’s filters are read-only',
      }),
    ]);
    expect((await embed(locked.body.embed_token)).status).toBe(200);
  });
});

describe('the publisher’s rights', () => {
  it('computes a clicked value with the rights of whoever published, never more', async () => {
    // a publisher who may not read leads: its figures of leads are errors, clicked or not
    const board = await createBoard(owner, 'Limited click board');
    const token = await shareLink(board, limitedAdmin);
    const base = await publicData(token);
    expect(figures(board, base.body.tile_data).leads).toBe(PUBLIC_TILE_ERROR);
    const clicked = await publicData(token, { source: 'website' });
    expect(clicked.status).toBe(200);
    expect(figures(board, clicked.body.tile_data)).toEqual({
      bySource: 'referral=1,website=4',
      leads: PUBLIC_TILE_ERROR,
      names: 'Ann,Ben,Cid,Dee,Eve',
    });
  });

  it('publishes nothing new once the publisher may no longer share', async () => {
    const board = await createBoard(owner, 'Admin-published board');
    const token = await shareLink(board, publisherAdmin);
    expect(figures(board, (await publicData(token, { source: 'referral' })).body.tile_data).leads).toBe(1);

    await app.strapi.db
      .query('admin::user')
      .update({ where: { id: publisherAdmin.id }, data: { blocked: true } });
    const after = await publicData(token, { source: 'website' });
    expect(after.status).toBe(200);
    expect(figures(board, after.body.tile_data).leads).toBe(PUBLIC_TILE_ERROR);
    const stored = await app.strapi.db.query(SNAPSHOTS).findOne({
      where: { dashboard: { id: board.rowId }, params_key: { $notNull: true } },
      orderBy: { id: 'desc' },
    });
    expect(stored.tile_data[board.tiles.Leads].error).toBe(
      'The person who shared this dashboard can no longer share it'
    );
  });
});
