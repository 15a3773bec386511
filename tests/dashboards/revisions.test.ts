import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, type UserPrincipal } from '../helpers/principals';
import { createPlanUsers, pluginTablesChecksum, tileShape } from '../helpers/dashboards';

/** Version history: every save keeps a revision (who, when, what changed); list, read, restore. */
let app: TestApp;
let pro: UserPrincipal;
let free: UserPrincipal;
let other: UserPrincipal;

const KEEP = 8;

beforeAll(async () => {
  app = await bootTestApp({ configure: () => ({ revisions: { keep: KEEP } }) });
  ({ pro, free, other } = await createPlanUsers(app));
});

afterAll(async () => {
  await app?.close();
});

const api = () => app.request();
const as = (user: UserPrincipal) => bearer(user.jwt);

const TEXT_TILE = (title: string, grid_x = 0) => ({
  title,
  tile_type: 'text',
  chart_config: { content: `${title} text` },
  grid_x,
  grid_y: 0,
  grid_w: 4,
  grid_h: 2,
});

async function createBoard(name: string) {
  const created = await api()
    .post('/api/dashboards')
    .set(as(pro))
    .send({ name, tiles: [TEXT_TILE('Notes'), TEXT_TILE('Goals', 4)] });
  expect(created.status).toBe(201);
  return created.body as { id: string; tiles: { id: string; title: string }[] };
}

const history = async (id: string, user = pro) => {
  const answer = await api().get(`/api/dashboards/${id}/revisions`).set(as(user));
  expect(answer.status).toBe(200);
  return answer.body.data as {
    id: string;
    number: number;
    summary: string;
    changes: any[];
    is_current: boolean;
  }[];
};

it('keeps a revision for each save with who made it and what changed in words, newest first', async () => {
  const board = await createBoard('Revenue board');
  const [notes, goals] = board.tiles;

  expect((await api().put(`/api/dashboards/${board.id}`).set(as(pro)).send({ name: 'Revenue' })).status).toBe(
    200
  );
  const added = await api()
    .post(`/api/dashboards/${board.id}/tiles`)
    .set(as(pro))
    .send(TEXT_TILE('Risks', 8));
  expect(added.status).toBe(201);
  const moved = await api()
    .put(`/api/dashboards/${board.id}/tiles/layout`)
    .set(as(pro))
    .send({
      layouts: [
        { tile_id: notes.id, grid_x: 0, grid_y: 2, grid_w: 4, grid_h: 2 },
        { tile_id: goals.id, grid_x: 0, grid_y: 0, grid_w: 6, grid_h: 2 },
      ],
    });
  expect(moved.status).toBe(204);
  await api()
    .put(`/api/dashboards/${board.id}/tiles/${goals.id}`)
    .set(as(pro))
    .send({ title: 'Targets', chart_config: { content: 'new text' } });
  expect((await api().delete(`/api/dashboards/${board.id}/tiles/${added.body.id}`).set(as(pro))).status).toBe(
    204
  );
  await api()
    .put(`/api/dashboards/${board.id}`)
    .set(as(pro))
    .send({ filters: [{ id: 'period', type: 'date_range', label: 'Period', default: 'last30' }] });

  const revisions = await history(board.id);
  expect(revisions.map((revision) => [revision.number, revision.summary])).toEqual([
    [7, 'Changed the filters'],
    [6, 'Removed tile “Risks”'],
    [5, 'Changed the title, chart settings of tile “Targets”'],
    [4, 'Moved or resized 2 tiles'],
    [3, 'Added tile “Risks”'],
    [2, 'Renamed “Revenue board” to “Revenue”'],
    [1, 'Created the dashboard'],
  ]);
  expect(revisions.map((revision) => revision.is_current)).toEqual([
    true,
    false,
    false,
    false,
    false,
    false,
    false,
  ]);
  expect(revisions[5]).toMatchObject({
    author: `user:${pro.id}`,
    author_name: pro.username,
    changes: [{ type: 'renamed', from: 'Revenue board', to: 'Revenue' }],
  });
});

it('keeps no revision for a save that changes nothing', async () => {
  const board = await createBoard('Quiet board');
  expect(
    (await api().put(`/api/dashboards/${board.id}`).set(as(pro)).send({ name: 'Quiet board' })).status
  ).toBe(200);
  expect((await history(board.id)).map((revision) => revision.number)).toEqual([1]);
});

it('shows a revision read-only and restores it as a new revision, tiles still present keeping their ids', async () => {
  const board = await createBoard('Pipeline board');
  const [notes, goals] = board.tiles;
  await api()
    .put(`/api/dashboards/${board.id}`)
    .set(as(pro))
    .send({ name: 'Pipeline', settings: { theme: 'dark' } });
  await api().delete(`/api/dashboards/${board.id}/tiles/${goals.id}`).set(as(pro));
  await api().put(`/api/dashboards/${board.id}/tiles/${notes.id}`).set(as(pro)).send({ grid_w: 8 });

  const first = (await history(board.id)).find((revision) => revision.number === 1)!;
  const shown = await api().get(`/api/dashboards/${board.id}/revisions/${first.id}`).set(as(pro));
  expect(shown.status).toBe(200);
  expect(shown.body.content).toMatchObject({ name: 'Pipeline board', settings: { theme: 'light' } });
  expect(shown.body.content.tiles.map((tile: any) => [tile.id, tile.title, tile.grid_w])).toEqual([
    [notes.id, 'Notes', 4],
    [goals.id, 'Goals', 4],
  ]);
  // reading it changed nothing
  expect((await api().get(`/api/dashboards/${board.id}`).set(as(pro))).body.name).toBe('Pipeline');

  const restored = await api().post(`/api/dashboards/${board.id}/revisions/${first.id}/restore`).set(as(pro));
  expect(restored.status).toBe(200);
  expect(restored.body).toMatchObject({ name: 'Pipeline board', settings: { theme: 'light' } });
  expect(tileShape(restored.body)).toEqual(
    tileShape({
      tiles: shown.body.content.tiles.map((tile: any) => ({ chart_type: null, ...tile })),
    })
  );
  const ids = restored.body.tiles.map((tile: any) => tile.id);
  expect(ids[0]).toBe(notes.id);
  expect(ids[1]).not.toBe(goals.id);

  const [latest] = await history(board.id);
  expect(latest).toMatchObject({ number: 5, is_current: true });
  expect(latest.changes[0]).toEqual({ type: 'restored', number: 1 });
  expect(latest.summary).toBe(
    'Restored revision 1; Renamed “Pipeline” to “Pipeline board”; Changed the settings; Added tile “Goals”; Moved or resized 1 tile'
  );
});

it(`keeps the last ${KEEP} revisions (revisions.keep)`, async () => {
  const board = await createBoard('Busy board');
  for (let index = 1; index <= 10; index += 1) {
    await api()
      .put(`/api/dashboards/${board.id}`)
      .set(as(pro))
      .send({ description: `take ${index}` });
  }
  expect((await history(board.id)).map((revision) => revision.number)).toEqual([11, 10, 9, 8, 7, 6, 5, 4]);
});

it('is for those who may edit: a viewer gets 403, another user and unknown ids 404, writing nothing', async () => {
  const board = await createBoard('Guarded board');
  const [first] = await history(board.id);
  await api()
    .post(`/api/dashboards/${board.id}/members`)
    .set(as(pro))
    .send({ user_id: free.id, role: 'viewer' });
  const before = await pluginTablesChecksum(app);

  expect((await api().get(`/api/dashboards/${board.id}/revisions`).set(as(free))).status).toBe(403);
  const viewerRestore = await api()
    .post(`/api/dashboards/${board.id}/revisions/${first.id}/restore`)
    .set(as(free));
  expect(viewerRestore.status).toBe(403);
  expect((await api().get(`/api/dashboards/${board.id}/revisions`).set(as(other))).status).toBe(404);
  expect((await api().get(`/api/dashboards/${board.id}/revisions/${first.id}`).set(as(other))).status).toBe(
    404
  );
  expect(
    (await api().post(`/api/dashboards/${board.id}/revisions/${first.id}/restore`).set(as(other))).status
  ).toBe(404);

  expect(await pluginTablesChecksum(app)).toBe(before);

  const unknown = await api()
    .get(`/api/dashboards/${board.id}/revisions/nosuchrevision000000000000`)
    .set(as(pro));
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toMatchObject({
    status: 404,
    name: 'NotFoundError',
    message: 'Revision not found',
  });
  // a revision of another dashboard is not one of this dashboard's
  const elsewhere = await createBoard('Elsewhere');
  const [foreign] = await history(elsewhere.id);
  expect((await api().get(`/api/dashboards/${board.id}/revisions/${foreign.id}`).set(as(pro))).status).toBe(
    404
  );
  const bad = await api().get(`/api/dashboards/${board.id}/revisions/bad id!`).set(as(pro));
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.errors[0].path).toEqual(['revisionId']);

  // an editor may read and restore
  await api()
    .post(`/api/dashboards/${board.id}/members`)
    .set(as(pro))
    .send({ user_id: other.id, role: 'editor' });
  expect((await history(board.id, other)).length).toBe(1);
});

it('deletes the revisions with their dashboard', async () => {
  const board = await createBoard('Short-lived');
  await api().put(`/api/dashboards/${board.id}`).set(as(pro)).send({ description: 'soon gone' });
  const revisions = () => app.strapi.db.query('plugin::dashboards.revision').count({});
  const before = await revisions();
  expect((await history(board.id)).length).toBe(2);
  expect((await api().delete(`/api/dashboards/${board.id}`).set(as(pro))).status).toBe(204);
  expect(await revisions()).toBe(before - 2);
});

it('answers the admin panel through its admin routes (update action)', async () => {
  const admin = await createAdmin(app, {
    actions: ['plugin::dashboards.create', 'plugin::dashboards.read', 'plugin::dashboards.update'],
  });
  const created = await api()
    .post('/dashboards/dashboards')
    .set(bearer(admin.token))
    .send({ name: 'Admin board' });
  expect(created.status).toBe(201);
  await api()
    .put(`/dashboards/dashboards/${created.body.id}`)
    .set(bearer(admin.token))
    .send({ name: 'Admin board 2' });
  const list = await api()
    .get(`/dashboards/dashboards/${created.body.id}/revisions`)
    .set(bearer(admin.token));
  expect(list.status).toBe(200);
  expect(list.body.data.map((revision: any) => revision.author)).toEqual([
    `admin:${admin.id}`,
    `admin:${admin.id}`,
  ]);
  const restore = await api()
    .post(`/dashboards/dashboards/${created.body.id}/revisions/${list.body.data[1].id}/restore`)
    .set(bearer(admin.token));
  expect(restore.status).toBe(200);
  expect(restore.body.name).toBe('Admin board');

  const reader = await createAdmin(app, { actions: ['plugin::dashboards.read'] });
  const refused = await api()
    .get(`/dashboards/dashboards/${created.body.id}/revisions`)
    .set(bearer(reader.token));
  expect(refused.status).toBe(403);
});
