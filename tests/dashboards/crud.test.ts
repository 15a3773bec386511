import { engine } from '../helpers/database';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, type UserPrincipal } from '../helpers/principals';
import { createPlanUsers, pluginTablesChecksum, seedDashboard, tileShape } from '../helpers/dashboards';
import { SEED_004_BODY } from '../fixtures/seed-004';

let app: TestApp;
let pro: UserPrincipal;
let free: UserPrincipal;
let other: UserPrincipal;

beforeAll(async () => {
  app = await bootTestApp();
  // the pro user reads leads: one of its tiles counts them
  ({ pro, free, other } = await createPlanUsers(app, ['api::lead.lead.find']));
});

afterAll(async () => {
  await app?.close();
});

const api = () => app.request();
const as = (user: UserPrincipal) => bearer(user.jwt);

describe('create', () => {
  it('answers 403 with the required entitlement and an upgrade url to a free user, writing nothing', async () => {
    const before = await pluginTablesChecksum(app);
    const response = await api().post('/api/dashboards').set(as(free)).send({ name: 'Free attempt' });
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      status: 403,
      name: 'PolicyError',
      message: "Dashboard creation requires 'pro' entitlement",
      details: { required_entitlement: 'pro', upgrade_url: 'https://strapi.io/pricing' },
    });
    expect(await pluginTablesChecksum(app)).toBe(before);
  });

  it('creates from seed 003’s body', async () => {
    const response = await api()
      .post('/api/dashboards')
      .set(as(pro))
      .send({
        name: 'Sales Dashboard',
        description: 'Monthly sales overview',
        layout: { columns: 12, rowHeight: 80, gap: 16 },
        refresh_interval_seconds: 300,
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Sales Dashboard',
      description: 'Monthly sales overview',
      user_id: `user:${pro.id}`,
      workspace_id: null,
      layout: { columns: 12, rowHeight: 80, gap: 16 },
      refresh_interval_seconds: 300,
      settings: { auto_refresh: false, refresh_interval_seconds: 300, theme: 'light' },
      is_public: false,
      is_archived: false,
      status: 'draft',
      tile_count: 0,
      tiles: [],
      owner_name: pro.username,
      created_by: `user:${pro.id}`,
      last_refreshed_at: null,
      share_token: null,
      // the owner's role grants every sharing action
      permissions: { can_edit: true, can_delete: true, can_share: true, role: 'owner' },
    });
    expect(response.body.uuid).toBe(response.body.id);
    expect(response.body.metadata.created_at).toBe(response.body.created_at);
  });

  it('creates from seed 004’s body, with its widgets as tiles', async () => {
    const response = await api().post('/api/dashboards').set(as(pro)).send(SEED_004_BODY);
    expect(response.status).toBe(201);
    expect(response.body.layout).toEqual({ columns: 12, rowHeight: 100, gap: 16 });
    expect(response.body.settings).toEqual({
      auto_refresh: true,
      refresh_interval_seconds: 300,
      theme: 'light',
    });
    expect(response.body.tiles).toMatchObject([
      {
        widget_id: 'widget_01',
        title: 'Total Revenue',
        tile_type: 'metric',
        chart_type: null,
        query: 'SELECT COUNT(*) AS total FROM leads',
        datasource_id: 'strapi',
        chart_config: { format: 'currency', prefix: '$', decimals: 0 },
        grid_x: 0,
        grid_y: 0,
        grid_w: 3,
        grid_h: 2,
      },
      {
        widget_id: 'widget_02',
        tile_type: 'chart',
        chart_type: 'line',
        chart_config: { xField: 'month', yField: 'revenue', color_scheme: 'blues' },
        grid_x: 3,
        grid_w: 6,
      },
    ]);
  });

  it('answers 400 naming the overlapping widget, writing nothing', async () => {
    const before = await pluginTablesChecksum(app);
    const overlapping = structuredClone(SEED_004_BODY);
    overlapping.widgets[1].position = { x: 2, y: 1, w: 6, h: 4 };
    const response = await api().post('/api/dashboards').set(as(pro)).send(overlapping);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'ValidationError',
      message: 'Invalid widget position: overlapping widgets (widget_02 overlaps widget_01)',
      details: { widget_id: 'widget_02', reason: 'overlap', conflicts_with: 'widget_01' },
    });
    expect(response.body.error.details.errors[0].path).toEqual(['widgets', '1']);
    expect(await pluginTablesChecksum(app)).toBe(before);
  });

  it('answers 400 naming a widget outside the grid and an unknown field', async () => {
    const outside = structuredClone(SEED_004_BODY);
    outside.widgets[1].position = { x: 8, y: 0, w: 6, h: 4 };
    const response = await api().post('/api/dashboards').set(as(pro)).send(outside);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toMatchObject({ widget_id: 'widget_02', reason: 'out_of_grid' });

    const unknown = await api().post('/api/dashboards').set(as(pro)).send({ name: 'x', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors).toEqual([
      { path: ['colour'], message: 'is not allowed', name: 'ValidationError' },
    ]);
    const noName = await api().post('/api/dashboards').set(as(pro)).send({ description: 'nameless' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details.errors[0].path).toEqual(['name']);
  });

  it('lets an admin with the create action create (it has the pro entitlement)', async () => {
    const admin = await createAdmin(app, {
      actions: ['plugin::dashboards.create', 'plugin::dashboards.read'],
    });
    const response = await api()
      .post('/dashboards/dashboards')
      .set(bearer(admin.token))
      .send({ name: 'Admin board' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ owner_name: 'Test Admin', created_by: `admin:${admin.id}` });
    expect(response.body.permissions).toEqual({
      can_edit: false,
      can_delete: false,
      can_share: false,
      role: 'admin',
    });
  });
});

describe('update', () => {
  it('replaces the widget set from seed 004’s update body', async () => {
    const created = (await api().post('/api/dashboards').set(as(pro)).send(SEED_004_BODY)).body;
    const response = await api()
      .put(`/api/dashboards/${created.id}`)
      .set(as(pro))
      .send({
        name: 'Q4 2024 Executive Dashboard',
        widgets: [
          {
            ...SEED_004_BODY.widgets[0],
            title: 'Total Revenue (Updated)',
            position: { x: 0, y: 0, w: 4, h: 2 },
          },
          {
            id: 'widget_03',
            type: 'table',
            title: 'Top Products',
            position: { x: 0, y: 2, w: 12, h: 4 },
            config: {
              columns: ['product', 'revenue', 'units_sold'],
              sort_by: 'revenue',
              sort_order: 'desc',
              page_size: 10,
            },
          },
        ],
        settings: { theme: 'dark', refresh_interval_seconds: 600 },
      });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Q4 2024 Executive Dashboard');
    expect(response.body.settings).toEqual({
      auto_refresh: true,
      refresh_interval_seconds: 600,
      theme: 'dark',
    });
    expect(response.body.tiles.map((tile: any) => [tile.widget_id, tile.title, tile.grid_w])).toEqual([
      ['widget_01', 'Total Revenue (Updated)', 4],
      ['widget_03', 'Top Products', 12],
    ]);
    expect(response.body.tiles[0].id).toBe(created.tiles[0].id);
    expect(response.body.tiles[1].chart_config).toEqual({
      columns: ['product', 'revenue', 'units_sold'],
      sort_by: 'revenue',
      sort_order: 'desc',
      pageSize: 10,
    });
  });

  it('rewrites the tiles its ids name in place, with the dashboard, all or nothing', async () => {
    const leads = { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } };
    const created = (
      await api()
        .post('/api/dashboards')
        .set(as(pro))
        .send({
          name: 'Tiles by id',
          tiles: [
            { title: 'Leads', tile_type: 'kpi', source: leads, grid_x: 0, grid_y: 0, grid_w: 3, grid_h: 2 },
            {
              title: 'Notes',
              tile_type: 'text',
              chart_config: { content: 'x' },
              grid_x: 3,
              grid_y: 0,
              grid_w: 3,
              grid_h: 2,
            },
          ],
        })
    ).body;
    const [kpi, text] = created.tiles;
    const body = (source: object, extra: object = {}) => ({
      name: 'Tiles by id (renamed)',
      tiles: [
        { id: kpi.id, ...tileShape({ tiles: [kpi] })[0], source, ...extra },
        { id: text.id, ...tileShape({ tiles: [text] })[0] },
      ],
    });
    const filtered = { ...leads, filters: { source: '{{source}}' } };
    const updated = await api().put(`/api/dashboards/${created.id}`).set(as(pro)).send(body(filtered));
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe('Tiles by id (renamed)');
    expect(updated.body.tiles.map((tile: any) => [tile.id, tile.title, tile.source])).toEqual([
      [kpi.id, 'Leads', filtered],
      [text.id, 'Notes', { kind: 'none' }],
    ]);

    // an id that names no tile of this dashboard, or one named twice: 400, nothing written
    const before = await pluginTablesChecksum(app);
    const unknown = await api()
      .put(`/api/dashboards/${created.id}`)
      .set(as(pro))
      .send({ ...body(leads), tiles: [{ ...body(leads).tiles[0], id: 'a'.repeat(24) }] });
    expect([unknown.status, unknown.body.error.message]).toEqual([
      400,
      'tiles.0.id: is not a tile of this dashboard',
    ]);
    const twice = await api()
      .put(`/api/dashboards/${created.id}`)
      .set(as(pro))
      .send({ tiles: [body(leads).tiles[0], { ...body(leads).tiles[1], id: kpi.id }] });
    expect([twice.status, twice.body.error.message]).toEqual([400, 'tiles.1.id: names a tile given before']);
    expect(await pluginTablesChecksum(app)).toBe(before);

    // an editor who may not read leads keeps the leads tile as it is, but may not rewrite its source
    const shared = await api()
      .post(`/api/dashboards/${created.id}/members`)
      .set(as(pro))
      .send({ user_id: other.id, role: 'editor' });
    expect(shared.status).toBe(200);
    const kept = await api().put(`/api/dashboards/${created.id}`).set(as(other)).send(body(filtered));
    expect(kept.status).toBe(200);
    const rewritten = await api().put(`/api/dashboards/${created.id}`).set(as(other)).send(body(leads));
    expect([rewritten.status, rewritten.body.error.message]).toEqual([
      403,
      'You may not read api::lead.lead',
    ]);
    const stored = await api().get(`/api/dashboards/${created.id}`).set(as(pro));
    expect(stored.body.tiles[0].source).toEqual(filtered);
  });

  it('refuses to shrink the grid under existing tiles', async () => {
    const dashboard = await seedDashboard(app, { owner: pro.id, tiles: 3 });
    const response = await api()
      .put(`/api/dashboards/${dashboard.id}`)
      .set(as(pro))
      .send({ layout: { columns: 6 } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toMatchObject({
      tile_id: dashboard.tileIds[1],
      reason: 'out_of_grid',
    });
  });

  it('answers 409 naming the running refresh, and accepts the update once its lease has run out', async () => {
    const dashboard = await seedDashboard(app, { owner: pro.id });
    const run = await app.strapi.db.query('plugin::dashboards.refresh-run').create({
      data: {
        dashboard: dashboard.rowId,
        trigger_type: 'manual',
        status: 'running',
        started_at: new Date(),
        lease_until: new Date(Date.now() + 60_000),
      },
    });
    // the run's lease on the dashboard row, as POST /:id/refresh takes it
    const lease = (until: Date) =>
      app.strapi.db.query('plugin::dashboards.dashboard').update({
        where: { id: dashboard.rowId },
        data: { refresh_lock_id: run.documentId, refresh_lock_until: until },
      });
    await lease(new Date(Date.now() + 60_000));
    const blocked = await api()
      .put(`/api/dashboards/${dashboard.id}`)
      .set(as(pro))
      .send({ name: 'During refresh' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatchObject({
      status: 409,
      name: 'ConflictError',
      message: 'Cannot update dashboard while refresh is in progress',
      details: { refresh_id: run.documentId },
    });
    const addTile = await api()
      .post(`/api/dashboards/${dashboard.id}/tiles`)
      .set(as(pro))
      .send({ title: 'x', tile_type: 'text' });
    expect(addTile.status).toBe(409);

    await lease(new Date(Date.now() - 1000));
    const after = await api()
      .put(`/api/dashboards/${dashboard.id}`)
      .set(as(pro))
      .send({ name: 'After refresh' });
    expect(after.status).toBe(200);
  });

  it('archives (204), hides from the list, and unarchives through update', async () => {
    const dashboard = await seedDashboard(app, { owner: other.id, name: 'To archive' });
    expect((await api().post(`/api/dashboards/${dashboard.id}/archive`).set(as(other))).status).toBe(204);
    const listed = await api().get('/api/dashboards').set(as(other));
    expect(listed.body.data.map((item: any) => item.name)).not.toContain('To archive');
    const unarchived = await api()
      .put(`/api/dashboards/${dashboard.id}`)
      .set(as(other))
      .send({ is_archived: false });
    expect(unarchived.body.is_archived).toBe(false);
  });
});

describe('tiles', () => {
  it('adds, places, updates and deletes tiles', async () => {
    const dashboard = await seedDashboard(app, { owner: pro.id, tiles: 1 });
    const added = await api()
      .post(`/api/dashboards/${dashboard.id}/tiles`)
      .set(as(pro))
      .send({
        title: 'Leads by source',
        tile_type: 'chart',
        chart_type: 'pie',
        chart_config: { nameField: 'source', valueField: 'count' },
        source: { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' }, group_by: 'source' },
        grid_w: 4,
        grid_h: 3,
      });
    expect(added.status).toBe(201);
    // Tile 1 sits at (0,0) 4×3: the first free slot for a 4×3 tile is right of it.
    expect(added.body).toMatchObject({
      dashboard_id: dashboard.id,
      grid_x: 4,
      grid_y: 0,
      grid_w: 4,
      grid_h: 3,
      query: null,
    });

    // seed 003's catalog and schema, as each engine has them for Strapi's own database
    const database = (app.strapi.db.config.connection.connection as { database?: string }).database;
    const place = {
      sqlite: { catalog: null, schema: 'main' },
      postgres: { catalog: database, schema: 'public' },
      mysql: { catalog: null, schema: database },
    }[engine()];
    const fromAi = await api()
      .post(`/api/dashboards/${dashboard.id}/tiles/from-conversation`)
      .set(as(pro))
      .send({
        title: 'Chart from AI',
        conversation_id: 'conv-id',
        message_id: 'msg-id',
        chart_type: 'bar',
        query: 'SELECT name, source FROM leads',
        chart_config: { xField: 'region', yField: 'revenue' },
        datasource_id: 'strapi',
        ...place,
        grid_w: 4,
        grid_h: 3,
      });
    expect(fromAi.status).toBe(201);
    expect(fromAi.body).toMatchObject({
      conversation_id: 'conv-id',
      message_id: 'msg-id',
      grid_x: 8,
      grid_y: 0,
      ...place,
    });

    const overlapping = await api()
      .post(`/api/dashboards/${dashboard.id}/tiles`)
      .set(as(pro))
      .send({ title: 'On top', tile_type: 'text', grid_x: 1, grid_y: 1, grid_w: 2, grid_h: 2 });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.error.details).toMatchObject({
      reason: 'overlap',
      conflicts_with: dashboard.tileIds[0],
    });

    const updated = await api()
      .put(`/api/dashboards/${dashboard.id}/tiles/${added.body.id}`)
      .set(as(pro))
      .send({ title: 'Leads per source', chart_type: 'donut' });
    expect(updated.body).toMatchObject({ title: 'Leads per source', chart_type: 'donut', grid_x: 4 });

    const badUpdate = await api()
      .put(`/api/dashboards/${dashboard.id}/tiles/${added.body.id}`)
      .set(as(pro))
      .send({ chart_config: { sourceField: 'a' } });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.error.details.errors[0].path).toEqual(['chart_config', 'sourceField']);

    expect(
      (await api().delete(`/api/dashboards/${dashboard.id}/tiles/${added.body.id}`).set(as(pro))).status
    ).toBe(204);
    const after = await api().get(`/api/dashboards/${dashboard.id}`).set(as(pro));
    expect(after.body.tiles.map((tile: any) => tile.title)).toEqual(['Tile 1', 'Chart from AI']);
  });

  it('answers 404 for a tile of another dashboard', async () => {
    const mine = await seedDashboard(app, { owner: pro.id });
    const theirs = await seedDashboard(app, { owner: pro.id });
    const response = await api()
      .put(`/api/dashboards/${mine.id}/tiles/${theirs.tileIds[0]}`)
      .set(as(pro))
      .send({ title: 'Hijack' });
    expect(response.status).toBe(404);
  });

  it('applies a bulk layout all or nothing', async () => {
    const dashboard = await seedDashboard(app, { owner: pro.id, tiles: 2 });
    const [first, second] = dashboard.tileIds;
    const swapped = await api()
      .put(`/api/dashboards/${dashboard.id}/tiles/layout`)
      .set(as(pro))
      .send({
        layouts: [
          { tile_id: first, grid_x: 4, grid_y: 0, grid_w: 4, grid_h: 3 },
          { tile_id: second, grid_x: 0, grid_y: 0, grid_w: 4, grid_h: 3 },
        ],
      });
    expect(swapped.status).toBe(204);
    const positions = async () =>
      (await api().get(`/api/dashboards/${dashboard.id}`).set(as(pro))).body.tiles.map((tile: any) => [
        tile.id,
        tile.grid_x,
        tile.grid_y,
      ]);
    expect(await positions()).toEqual([
      [second, 0, 0],
      [first, 4, 0],
    ]);

    const before = await pluginTablesChecksum(app);
    const collision = await api()
      .put(`/api/dashboards/${dashboard.id}/tiles/layout`)
      .set(as(pro))
      .send({
        layouts: [
          { tile_id: first, grid_x: 0, grid_y: 5, grid_w: 4, grid_h: 3 },
          { tile_id: second, grid_x: 2, grid_y: 6, grid_w: 4, grid_h: 3 },
        ],
      });
    expect(collision.status).toBe(400);
    expect(collision.body.error.details.reason).toBe('overlap');
    const stranger = await api()
      .put(`/api/dashboards/${dashboard.id}/tiles/layout`)
      .set(as(pro))
      .send({
        layouts: [
          { tile_id: first, grid_x: 0, grid_y: 5, grid_w: 4, grid_h: 3 },
          { tile_id: 'notatileofthisboard', grid_x: 6, grid_y: 6, grid_w: 4, grid_h: 3 },
        ],
      });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details.errors[0].path).toEqual(['layouts', '1', 'tile_id']);
    expect(await pluginTablesChecksum(app)).toBe(before);
  });
});

describe('delete', () => {
  it('removes the dashboard with its tiles, snapshots, schedule, share links, runs and members', async () => {
    const dashboard = await seedDashboard(app, {
      owner: pro.id,
      tiles: 3,
      members: [{ user: other.id, role: 'viewer' }],
    });
    const db = app.strapi.db;
    await db
      .query('plugin::dashboards.snapshot')
      .create({ data: { dashboard: dashboard.rowId, trigger_type: 'manual', tile_data: {} } });
    await db
      .query('plugin::dashboards.schedule')
      .create({ data: { dashboard: dashboard.rowId, cron: '0 * * * *' } });
    await db
      .query('plugin::dashboards.share-link')
      .create({ data: { dashboard: dashboard.rowId, token: `t${dashboard.id}` } });
    await db
      .query('plugin::dashboards.refresh-run')
      .create({ data: { dashboard: dashboard.rowId, trigger_type: 'manual', status: 'completed' } });
    const children = () =>
      Promise.all(
        ['tile', 'snapshot', 'schedule', 'share-link', 'refresh-run', 'member'].map((uid) =>
          db.query(`plugin::dashboards.${uid}`).count({ where: { dashboard: { id: dashboard.rowId } } })
        )
      );
    expect(await children()).toEqual([3, 1, 1, 1, 1, 1]);

    expect((await api().delete(`/api/dashboards/${dashboard.id}`).set(as(pro))).status).toBe(204);
    expect(await children()).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await db.query('plugin::dashboards.dashboard').count({ where: { id: dashboard.rowId } })).toBe(0);
    expect((await api().get(`/api/dashboards/${dashboard.id}`).set(as(pro))).status).toBe(404);
  });
});

describe('sharing with members and workspaces', () => {
  it('shows members to the owner only, and gives workspace members a viewer role', async () => {
    const dashboard = await seedDashboard(app, { owner: pro.id, name: 'Team board' });
    const added = await api()
      .post(`/api/dashboards/${dashboard.id}/members`)
      .set(as(pro))
      .send({ user_id: other.id, role: 'editor' });
    expect(added.status).toBe(200);
    expect(added.body.members).toEqual([{ user_id: other.id, user_name: other.username, role: 'editor' }]);

    const asEditor = await api().get(`/api/dashboards/${dashboard.id}`).set(as(other));
    expect(asEditor.body.permissions).toEqual({
      can_edit: true,
      can_delete: false,
      can_share: false,
      role: 'editor',
    });
    expect(asEditor.body.members).toBeUndefined();

    const workspace = await app.strapi.db
      .query('plugin::dashboards.workspace')
      .create({ data: { name: 'Sales floor', members: [free.id] } });
    const inWorkspace = await seedDashboard(app, {
      owner: pro.id,
      name: 'Workspace board',
      workspace: workspace.id,
    });
    const asMember = await api().get(`/api/dashboards/${inWorkspace.id}`).set(as(free));
    expect(asMember.status).toBe(200);
    expect(asMember.body).toMatchObject({
      workspace_id: workspace.documentId,
      workspace_name: 'Sales floor',
    });
    expect(asMember.body.permissions.role).toBe('viewer');
    const filtered = await api().get(`/api/dashboards?workspace_id=${workspace.documentId}`).set(as(free));
    expect(filtered.body.data.map((item: any) => item.name)).toEqual(['Workspace board']);
  });
});

describe('dashboards as code', () => {
  it('exports versioned JSON and imports it as a new dashboard with new ids', async () => {
    const created = (await api().post('/api/dashboards').set(as(pro)).send(SEED_004_BODY)).body;
    const exported = await api().get(`/api/dashboards/${created.id}/export`).set(as(pro));
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ version: 1, dashboard: { name: 'Q4 Executive Dashboard' } });
    expect(JSON.stringify(exported.body)).not.toContain(created.id);

    const imported = await api().post('/api/dashboards/import').set(as(other)).send(exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.id).not.toBe(created.id);
    expect(imported.body.owner_name).toBe(other.username);
    expect(tileShape(imported.body)).toEqual(tileShape(created));
    expect(imported.body.layout).toEqual(created.layout);

    const badVersion = await api()
      .post('/api/dashboards/import')
      .set(as(other))
      .send({ ...exported.body, version: 2 });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.details.errors[0].path).toEqual(['version']);
  });
});
