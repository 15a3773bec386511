import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS, seedDashboard, type SeededDashboard } from '../helpers/dashboards';

let app: TestApp;
let owner: UserPrincipal;
let viewer: UserPrincipal;
let stranger: UserPrincipal;
let dashboard: SeededDashboard;
let other: SeededDashboard;

const LEADS = 'api::lead.lead';
const SNAPSHOTS = 'plugin::dashboards.snapshot';
const LINKS = 'plugin::dashboards.share-link';

beforeAll(async () => {
  app = await bootTestApp({
    configure: () => ({
      sharing: { keepSnapshots: 4 },
      rateLimit: { password: { points: 3, durationSeconds: 60 } },
    }),
  });
  owner = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  viewer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  stranger = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  for (const name of ['Ada', 'Bo']) await app.strapi.db.query(LEADS).create({ data: { name } });
  dashboard = await seedDashboard(app, {
    name: 'Leads board',
    owner: owner.id,
    members: [{ user: viewer.id, role: 'viewer' }],
  });
  await app.strapi.db.query('plugin::dashboards.tile').update({
    where: { documentId: dashboard.tileIds[0] },
    data: {
      source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT COUNT(*) AS n FROM leads' },
      chart_config: { xField: 'n', yField: 'n' },
    },
  });
  other = await seedDashboard(app, { name: 'Other board', owner: owner.id });
});

afterAll(async () => {
  await app?.close();
});

const as = (user: UserPrincipal) => bearer(user.jwt);
const share = (id: string, body: object, user = owner) =>
  app.request().post(`/api/dashboards/${id}/share`).set(as(user)).send(body);
const publicGet = (path: string, headers: Record<string, string> = {}) =>
  app.request().get(path).set(headers);
const leadCount = (body: any) => Number(body.tile_data[dashboard.tileIds[0]].data.rows[0].n);

describe('public sharing (seed 003)', () => {
  let token: string;

  it('turns the public token on: 256 random bits, URL-safe, the same on a second call', async () => {
    const response = await share(dashboard.id, { is_public: true });
    expect(response.status).toBe(200);
    token = response.body.share_token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body).toEqual({
      is_public: true,
      share_token: token,
      share_url: expect.stringMatching(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/dashboards/shared/${token}$`)
      ),
    });
    expect((await share(dashboard.id, { is_public: true })).body.share_token).toBe(token);
    const read = await app.request().get(`/api/dashboards/${dashboard.id}`).set(as(owner));
    expect(read.body).toMatchObject({ is_public: true, share_token: token });
    // a viewer may not share, so it is not shown the token
    const asViewer = await app.request().get(`/api/dashboards/${dashboard.id}`).set(as(viewer));
    expect(asViewer.body.share_token).toBeNull();
  });

  it('keeps only a hash and a sealed copy of the token in the database', async () => {
    const [link] = await app.strapi.db.query(LINKS).findMany({ where: { kind: 'public' } });
    expect(JSON.stringify(link)).not.toContain(token);
    expect(link.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the structure without auth, with nothing a reader does not need, and counts the access', async () => {
    const response = await publicGet(`/api/dashboards/shared/${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: dashboard.id,
      name: 'Leads board',
      layout: { columns: 12, rowHeight: 80, gap: 16 },
      tiles: [
        {
          id: dashboard.tileIds[0],
          title: 'Tile 1',
          tile_type: 'chart',
          chart_type: 'bar',
          grid_w: 4,
          grid_h: 3,
        },
      ],
    });
    const text = JSON.stringify(response.body);
    for (const secret of ['SELECT', 'datasource', 'strapi', owner.email, 'owner', 'source'])
      expect(text).not.toContain(secret);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
    const links = await app.request().get(`/api/dashboards/${dashboard.id}/share-links`).set(as(owner));
    expect(links.body).toEqual([
      expect.objectContaining({
        kind: 'public',
        share_token: token,
        access_count: 1,
        last_accessed_at: expect.any(String),
        revoked: false,
      }),
    ]);
  });

  it('serves data from the snapshot taken on share, never from a live query', async () => {
    const first = await publicGet(`/api/dashboards/shared/${token}/data`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dashboard_id: dashboard.id, trigger_type: 'on_share', stale: false });
    expect(leadCount(first.body)).toBe(2);
    await app.strapi.db.query(LEADS).create({ data: { name: 'Cy' } });
    expect(leadCount((await publicGet(`/api/dashboards/shared/${token}/data`)).body)).toBe(2);
    const snapshot = await app.request().post(`/api/dashboards/${dashboard.id}/snapshot`).set(as(owner));
    expect(snapshot.status).toBe(201);
    expect(snapshot.body).toMatchObject({
      dashboard_id: dashboard.id,
      trigger_type: 'manual',
      executed_by: `user:${owner.id}`,
    });
    const after = await publicGet(`/api/dashboards/shared/${token}/data`);
    expect(after.body).toMatchObject({ trigger_type: 'manual' });
    expect(leadCount(after.body)).toBe(3);
  });

  it('hides a failing tile’s error text from public readers', async () => {
    await app.strapi.db.query('plugin::dashboards.tile').update({
      where: { documentId: other.tileIds[0] },
      data: { source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT secret_column FROM leads' } },
    });
    const { body } = await share(other.id, { is_public: true });
    const owned = await app.request().get(`/api/dashboards/${other.id}/snapshot/latest`).set(as(owner));
    expect(owned.body.tile_data[other.tileIds[0]].error).toContain('secret_column');
    const data = await publicGet(`/api/dashboards/shared/${body.share_token}/data`);
    expect(data.body.tile_data[other.tileIds[0]]).toEqual({
      data: null,
      error: 'This tile could not be loaded',
      executed_at: expect.any(String),
    });
    expect(JSON.stringify(data.body)).not.toContain('secret_column');
  });

  it('seed 000: GET /api/dashboard/public/:token, the dashboard with its data', async () => {
    const response = await publicGet(`/api/dashboard/public/${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: dashboard.id,
      name: 'Leads board',
      data: { dashboard_id: dashboard.id },
    });
    expect(leadCount(response.body.data)).toBe(3);
  });

  it('seed 004: GET /api/dashboards/:id with share_token or X-Share-Token, read-only; never another dashboard', async () => {
    const byQuery = await publicGet(`/api/dashboards/${dashboard.id}?share_token=${token}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.body).toMatchObject({
      id: dashboard.id,
      permissions: { can_edit: false, can_share: false, role: 'viewer' },
    });
    expect((await publicGet(`/api/dashboards/${dashboard.id}`, { 'X-Share-Token': token })).status).toBe(200);
    expect((await publicGet(`/api/dashboards/${other.id}`, { 'X-Share-Token': token })).status).toBe(404);
    expect(
      (await publicGet(`/api/dashboards/${dashboard.id}`, { 'X-Share-Token': 'x'.repeat(43) })).status
    ).toBe(404);
    expect((await publicGet(`/api/dashboards/shared/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await publicGet('/api/dashboards/shared/short')).status).toBe(404);
  });

  it('refreshes an expired snapshot once however many readers arrive, serving it stale meanwhile', async () => {
    await app.strapi.db
      .query(SNAPSHOTS)
      .updateMany({ where: {}, data: { expires_at: new Date(Date.now() - 1000) } });
    const before = await app.strapi.db
      .query(SNAPSHOTS)
      .count({ where: { dashboard: { id: dashboard.rowId } } });
    const readers = await Promise.all(
      Array.from({ length: 10 }, () => publicGet(`/api/dashboards/shared/${token}/data`))
    );
    // all served at once; the first ones stale (a fast refresh may already answer the last ones)
    expect(readers.map((reader) => reader.status)).toEqual(Array(10).fill(200));
    expect(readers.some((reader) => reader.body.stale)).toBe(true);
    // every refresh those reads started has ended: exactly one ran
    await app.strapi.plugin('dashboards').service('sharing').refreshesIdle();
    expect(
      await app.strapi.db
        .query(SNAPSHOTS)
        .count({ where: { dashboard: { id: dashboard.rowId }, trigger_type: 'refresh' } })
    ).toBe(1);
    expect(
      await app.strapi.db.query(SNAPSHOTS).count({ where: { dashboard: { id: dashboard.rowId } } })
    ).toBe(Math.min(before + 1, 4));
    const fresh = await publicGet(`/api/dashboards/shared/${token}/data`);
    expect(fresh.body).toMatchObject({ stale: false, trigger_type: 'refresh' });
  });

  it('unsharing revokes every token of the dashboard, links included', async () => {
    const link = await share(dashboard.id, {});
    expect((await publicGet(`/api/dashboards/shared/${link.body.share_token}`)).status).toBe(200);
    const off = await share(dashboard.id, { is_public: false });
    expect(off.body).toEqual({ is_public: false, share_token: null, share_url: null });
    for (const revoked of [token, link.body.share_token]) {
      expect((await publicGet(`/api/dashboards/shared/${revoked}`)).status).toBe(404);
      expect((await publicGet(`/api/dashboards/shared/${revoked}/data`)).status).toBe(404);
    }
    const read = await app.request().get(`/api/dashboards/${dashboard.id}`).set(as(owner));
    expect(read.body).toMatchObject({ is_public: false, share_token: null });
  });
});

describe('share links (seed 004)', () => {
  it('creates a link with expiry and password: 401 without or with a wrong password, 200 with the right one', async () => {
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const response = await share(dashboard.id, {
      expires_at: expires,
      password_protected: true,
      password: 'correct horse',
      access_level: 'view',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      share_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      share_link: expect.stringContaining('/dashboards/shared/'),
      expires_at: expires,
      password_protected: true,
      access_level: 'view',
      created_at: expect.any(String),
    });
    const path = `/api/dashboards/shared/${response.body.share_token}`;
    const missing = await publicGet(path);
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({
      name: 'UnauthorizedError',
      details: { password_required: true },
    });
    expect((await publicGet(path, { 'X-Share-Password': 'wrong horse' })).body.error.message).toBe(
      'Wrong password'
    );
    expect((await publicGet(path, { 'X-Share-Password': 'correct horse' })).status).toBe(200);
    expect((await publicGet(`${path}/data`, { 'X-Share-Password': 'correct horse' })).status).toBe(200);
    const [row] = await app.strapi.db.query(LINKS).findMany({ where: { documentId: response.body.id } });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('tells the viewer whether the link allows PNG downloads (access_level download), never the public token', async () => {
    const viewOnly = await share(dashboard.id, { access_level: 'view' });
    const downloads = await share(dashboard.id, { access_level: 'download' });
    expect([viewOnly.status, downloads.status]).toEqual([200, 200]);
    expect(downloads.body.access_level).toBe('download');
    const structureOf = async (token: string) =>
      (await publicGet(`/api/dashboards/shared/${token}`)).body.allow_download;
    expect(await structureOf(viewOnly.body.share_token)).toBe(false);
    expect(await structureOf(downloads.body.share_token)).toBe(true);
    const publicToken = (await share(dashboard.id, { is_public: true })).body.share_token;
    expect(await structureOf(publicToken)).toBe(false);
  });

  it('rate limits wrong passwords: 429 with Retry-After, then even the right one waits', async () => {
    const { body } = await share(dashboard.id, { password_protected: true, password: 'right password' });
    const path = `/api/dashboards/shared/${body.share_token}`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await publicGet(path, { 'X-Share-Password': `wrong ${attempt}` })).status).toBe(401);
    }
    const blocked = await publicGet(path, { 'X-Share-Password': 'right password' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.error.name).toBe('RateLimitError');
  });

  it('expired → 410; revoked → 404; rotated → the new token opens it, the old one nothing, counts kept', async () => {
    const expiring = await share(dashboard.id, {});
    await app.strapi.db
      .query(LINKS)
      .update({ where: { documentId: expiring.body.id }, data: { expires_at: new Date(Date.now() - 1000) } });
    const gone = await publicGet(`/api/dashboards/shared/${expiring.body.share_token}`);
    expect(gone.status).toBe(410);
    expect(gone.body.error.name).toBe('GoneError');

    const link = await share(dashboard.id, {});
    await publicGet(`/api/dashboards/shared/${link.body.share_token}`);
    const rotated = await app
      .request()
      .post(`/api/dashboards/${dashboard.id}/share-links/${link.body.id}/rotate`)
      .set(as(owner));
    expect(rotated.status).toBe(200);
    expect(rotated.body.share_token).not.toBe(link.body.share_token);
    expect(rotated.body.access_count).toBe(1);
    expect((await publicGet(`/api/dashboards/shared/${link.body.share_token}`)).status).toBe(404);
    expect((await publicGet(`/api/dashboards/shared/${rotated.body.share_token}`)).status).toBe(200);

    const revoke = await app
      .request()
      .delete(`/api/dashboards/${dashboard.id}/share-links/${link.body.id}`)
      .set(as(owner));
    expect(revoke.status).toBe(204);
    expect((await publicGet(`/api/dashboards/shared/${rotated.body.share_token}`)).status).toBe(404);
    const listed = await app.request().get(`/api/dashboards/${dashboard.id}/share-links`).set(as(owner));
    expect(listed.body.find((item: any) => item.id === link.body.id)).toMatchObject({
      revoked: true,
      share_token: null,
      access_count: 2,
    });
  });

  it('emits dashboard.shared through Strapi’s event hub, listed among the webhook events', async () => {
    const events: any[] = [];
    const listener = async (payload: unknown) => {
      events.push(payload);
    };
    app.strapi.eventHub.on('dashboard.shared', listener);
    const link = await share(other.id, {});
    app.strapi.eventHub.off('dashboard.shared', listener);
    expect(events).toEqual([
      {
        dashboard: { id: other.id, name: 'Other board' },
        share_link: { id: link.body.id, kind: 'link', expires_at: null },
        shared_by: `user:${owner.id}`,
      },
    ]);
    expect(app.strapi.get('webhookStore').allowedEvents.get('DASHBOARD_SHARED')).toBe('dashboard.shared');
  });

  it('answers bad bodies 400 naming the field, others’ dashboards 404, viewers 403, no token 401', async () => {
    const cases: [object, string[]][] = [
      [{ is_public: 'yes' }, ['is_public']],
      [{ expires_at: '2020-01-01T00:00:00Z' }, ['expires_at']],
      [{ expires_at: 'tomorrow' }, ['expires_at']],
      [{ password_protected: true }, ['password']],
      [{ password: 'short' }, ['password']],
      [{ access_level: 'edit' }, ['access_level']],
      [{ colour: 'red' }, ['colour']],
    ];
    for (const [body, path] of cases) {
      const response = await share(dashboard.id, body);
      expect({
        body,
        status: response.status,
        path: response.body.error?.details?.errors?.[0]?.path,
      }).toEqual({ body, status: 400, path });
    }
    expect((await share(dashboard.id, {}, stranger)).status).toBe(404);
    expect((await share(dashboard.id, {}, viewer)).status).toBe(403);
    expect((await app.request().post(`/api/dashboards/${dashboard.id}/share`).send({})).status).toBe(401);
    expect(
      (await app.request().get(`/api/dashboards/${dashboard.id}/share-links`).set(as(viewer))).status
    ).toBe(403);
  });
});

describe('snapshots', () => {
  it('latest is the newest that has not expired (404 when none); only the newest 4 are kept', async () => {
    for (let index = 0; index < 5; index += 1) {
      expect((await app.request().post(`/api/dashboards/${other.id}/snapshot`).set(as(owner))).status).toBe(
        201
      );
    }
    const kept = await app.strapi.db
      .query(SNAPSHOTS)
      .findMany({ where: { dashboard: { id: other.rowId } }, orderBy: { id: 'desc' } });
    expect(kept).toHaveLength(4);
    const latest = await app.request().get(`/api/dashboards/${other.id}/snapshot/latest`).set(as(owner));
    expect(latest.body.id).toBe(kept[0].documentId);
    expect(
      new Date(latest.body.expires_at).getTime() - new Date(latest.body.created_at).getTime()
    ).toBeCloseTo(7 * 86_400_000, -4);
    await app.strapi.db.query(SNAPSHOTS).updateMany({
      where: { id: { $in: kept.map((row: any) => row.id) } },
      data: { expires_at: new Date(Date.now() - 1) },
    });
    expect(
      (await app.request().get(`/api/dashboards/${other.id}/snapshot/latest`).set(as(owner))).status
    ).toBe(404);
    expect(
      (await app.request().get(`/api/dashboards/${other.id}/snapshot/latest`).set(as(stranger))).status
    ).toBe(404);
  });
});

describe('pages and embedding', () => {
  it('serves the share page with the viewer, and its CSP frames it only where allowed', async () => {
    const { body } = await share(other.id, { is_public: true });
    const page = await publicGet(`/dashboards/shared/${body.share_token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain(`data-structure-url="/api/dashboards/shared/${body.share_token}"`);
    expect(page.text).toContain('<title>Other board</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'$/);
    expect(page.headers['x-frame-options']).toBeUndefined();
    const update = await app
      .request()
      .put(`/api/dashboards/${other.id}`)
      .set(as(owner))
      .send({ embed: { allowed_domains: ['app.example.com', '*.example.org'] } });
    expect(update.status).toBe(200);
    const framed = await publicGet(`/dashboards/shared/${body.share_token}`);
    expect(framed.headers['content-security-policy']).toMatch(
      /; frame-ancestors app\.example\.com \*\.example\.org$/
    );
    const unknown = await publicGet(`/dashboards/shared/${'B'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-security-policy']).toMatch(/frame-ancestors 'none'$/);
  });

  it('GET /:id/embed gives a signed embed URL that opens this dashboard only, with the options', async () => {
    const response = await app
      .request()
      .get(`/api/dashboards/${other.id}/embed?theme=dark&hide_header=true`)
      .set(as(owner));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      allowed_domains: ['app.example.com', '*.example.org'],
      embed_token: expect.any(String),
    });
    const url = new URL(response.body.embed_url);
    expect(url.pathname).toBe(`/dashboards/embed/${other.id}`);
    expect(url.searchParams.get('theme')).toBe('dark');
    expect(response.body.iframe_code).toContain('<iframe src="');
    const page = await publicGet(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-theme="dark"');
    expect(page.text).toContain('data-hide-header="true"');
    expect(page.headers['content-security-policy']).toMatch(
      /frame-ancestors app\.example\.com \*\.example\.org$/
    );
    const token = response.body.embed_token;
    expect(
      (await publicGet(`/api/dashboards/embed/${other.id}?token=${encodeURIComponent(token)}`)).body.name
    ).toBe('Other board');
    expect(
      (await publicGet(`/api/dashboards/embed/${other.id}/data?token=${encodeURIComponent(token)}`)).status
    ).toBe(200);
    expect(
      (await publicGet(`/api/dashboards/embed/${dashboard.id}?token=${encodeURIComponent(token)}`)).status
    ).toBe(404);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect(
      (await publicGet(`/api/dashboards/embed/${other.id}?token=${encodeURIComponent(forged)}`)).status
    ).toBe(404);
    expect((await publicGet(`/api/dashboards/embed/${other.id}`)).status).toBe(400);
  });
});
