import http from 'http';
import type { AddressInfo } from 'net';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';
import { SHARING_ROUTES } from '../../server/sharing/routes';

/**
 * Subscriptions and alerts (issue 19). The scheduler is off: each test runs the fires due at a time
 * it chooses (`runDue(now)`), so nothing waits on the clock. Slack posts reach a local receiver;
 * e-mails are what Strapi's email service hands its transport.
 */
const LEAD = 'api::lead.lead';
const LINKS = 'plugin::dashboards.share-link';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHARED = 'https://share.crm.example/dashboards/shared/';
const ADMIN = 'https://crm.example/admin/plugins/dashboards/';
const TILES = [
  { title: 'Answer', tile_type: 'kpi', query: 'SELECT 42 AS total' },
  {
    title: 'Leads',
    tile_type: 'kpi',
    source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' } },
  },
  { title: 'Notes', tile_type: 'text', chart_config: { content: 'hello' } },
];

let app: TestApp;
let receiver: http.Server;
let receiverUrl: string;
const slack: { path: string; text: string }[] = [];
const outbox: { to: string; subject: string; text: string }[] = [];
let owner: UserPrincipal;
let viewer: UserPrincipal;
let stranger: UserPrincipal;
let dashboardId: string;
let leadsTileId: string;
const leadIds: number[] = [];

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      slack.push({ path: request.url ?? '', text: JSON.parse(text).text });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await bootTestApp({
    configure: () => ({
      scheduling: { enabled: false },
      subscriptions: { slackUrlPrefixes: [`${receiverUrl}/`], adminUrl: 'https://crm.example/admin' },
      sharing: { publicUrl: 'https://share.crm.example' },
    }),
  });
  app.strapi.plugin('email').provider = {
    send: async (message: { to: string; subject: string; text: string }) => void outbox.push(message),
  };
  owner = await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, `${LEAD}.find`], plan: 'pro' });
  viewer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  stranger = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
  for (const name of ['Ada', 'Bo', 'Cy'])
    leadIds.push((await app.strapi.db.query(LEAD).create({ data: { name } })).id);

  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(owner.jwt))
    .send({ name: 'Pipeline', tiles: TILES });
  expect(created.status).toBe(201);
  dashboardId = created.body.id;
  leadsTileId = created.body.tiles.find((tile: any) => tile.title === 'Leads').id;
  await app
    .request()
    .post(`/api/dashboards/${dashboardId}/members`)
    .set(bearer(owner.jwt))
    .send({ user_id: viewer.id, role: 'viewer' });
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const runDue = (at: Date) => app.strapi.plugin('dashboards').service('subscriptions').runDue(at);
/** The top of the hour `hours` hours from now: a fire of `0 * * * *` after every subscription made now. */
const hoursLater = (hours: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + hours * HOUR);

const api = () => app.request();
const as = (user: UserPrincipal) => bearer(user.jwt);

/** A time as the messages write it. */
const minuteOf = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** The token in the share line of a message. */
const SHARE_LINE =
  /^Share link \(until .+\): https:\/\/share\.crm\.example\/dashboards\/shared\/([\w-]{43})$/m;
const tokenIn = (text: string) => text.match(SHARE_LINE)?.[1];

async function subscribe(user: UserPrincipal, to: string, dashboard = dashboardId) {
  const created = await api()
    .post(`/api/dashboards/${dashboard}/subscriptions`)
    .set(as(user))
    .send({ cron: '0 * * * *', email_to: [to] });
  expect(created.status).toBe(201);
  return created.body.id as string;
}
const unsubscribe = (user: UserPrincipal, id: string, dashboard = dashboardId) =>
  api().delete(`/api/dashboards/${dashboard}/subscriptions/${id}`).set(as(user));
const mailsTo = (to: string) => outbox.filter((mail) => mail.to === to);
async function deliveriesOf(user: UserPrincipal, id: string, dashboard = dashboardId) {
  const listed = await api().get(`/api/dashboards/${dashboard}/subscriptions`).set(as(user));
  expect(listed.status).toBe(200);
  return listed.body.data.find((entry: any) => entry.id === id).deliveries;
}
/** A copy of Pipeline owned by `user` (the owner writes it: its tiles read what `user` may not). */
async function pipelineOwnedBy(user: UserPrincipal, name: string) {
  const created = await api().post('/api/dashboards').set(as(owner)).send({ name, tiles: TILES });
  expect(created.status).toBe(201);
  await app.strapi.db
    .query('plugin::dashboards.dashboard')
    .update({ where: { documentId: created.body.id }, data: { owner: user.id } });
  return created.body.id as string;
}
const linksOf = (dashboard: string) =>
  app.strapi.db.query(LINKS).count({ where: { dashboard: { documentId: dashboard } } });

/** What a share token opens for anyone: the dashboard's name and each tile's public figure or error. */
async function openShared(token: string) {
  const structure = await api().get(`/api/dashboards/shared/${token}`);
  expect(structure.status).toBe(200);
  const data = await api().get(`/api/dashboards/shared/${token}/data`);
  expect(data.status).toBe(200);
  const figures = structure.body.tiles
    .filter((tile: any) => tile.tile_type !== 'text')
    .map((tile: any) => {
      const entry = data.body.tile_data[tile.id];
      return [tile.title, entry.error ?? entry.data.value];
    });
  return { name: structure.body.name, figures: Object.fromEntries(figures) };
}

it('sends the figures on the rule once per fire, by e-mail and Slack, and keeps each delivery', async () => {
  const created = await api()
    .post(`/api/dashboards/${dashboardId}/subscriptions`)
    .set(as(owner))
    .send({ cron: '0 * * * *', email_to: ['boss@crm.example'], slack_webhook_url: `${receiverUrl}/hook` });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    kind: 'digest',
    cron: '0 * * * *',
    email_to: ['boss@crm.example'],
    slack: true,
  });
  expect(JSON.stringify(created.body)).not.toContain(receiverUrl);

  const [before, slackBefore] = [outbox.length, slack.length];
  const fire = hoursLater(1);
  await runDue(fire);
  await runDue(fire);
  await runDue(new Date(fire.getTime() + 60_000));
  const mails = outbox.slice(before).filter((mail) => mail.to === 'boss@crm.example');
  expect(mails).toHaveLength(1);
  const token = tokenIn(mails[0].text)!;
  expect(mails[0].text).toBe(
    [
      '• Answer: 42',
      '• Leads: 3',
      '',
      `Share link (until ${minuteOf(new Date(fire.getTime() + 7 * DAY))}): ${SHARED}${token}`,
      `${ADMIN}${dashboardId}`,
    ].join('\n')
  );
  expect(mails[0].subject).toBe(`Pipeline: ${fire.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  expect(slack.slice(slackBefore)).toEqual([
    { path: '/hook', text: `*${mails[0].subject}*\n${mails[0].text}` },
  ]);

  const listed = await api().get(`/api/dashboards/${dashboardId}/subscriptions`).set(as(owner));
  expect(listed.body.data).toHaveLength(1);
  const linkId = listed.body.data[0].deliveries[0]?.share_link_id;
  expect(listed.body.data[0].deliveries).toEqual([
    {
      fire_time: fire.toISOString(),
      event: 'digest',
      status: 'sent',
      value: null,
      // the token is in the message only: the summary kept names the link
      summary: mails[0].text.replace(`${SHARED}${token}`, `[share link ${linkId}]`),
      channels: [
        { channel: 'email', status: 'sent' },
        { channel: 'slack', status: 'sent' },
      ],
      share_link_id: expect.stringMatching(/^[a-z0-9]{24}$/),
    },
  ]);
  expect(JSON.stringify(listed.body)).not.toContain(token);
  // the next fire is another delivery
  await runDue(hoursLater(2));
  expect(outbox.slice(before).filter((mail) => mail.to === 'boss@crm.example')).toHaveLength(2);
  await api().delete(`/api/dashboards/${dashboardId}/subscriptions/${created.body.id}`).set(as(owner));
});

it('computes each subscriber’s figures with its own rights', async () => {
  for (const [user, to] of [
    [owner, 'owner@crm.example'],
    [viewer, 'viewer@crm.example'],
  ] as const) {
    const created = await api()
      .post(`/api/dashboards/${dashboardId}/subscriptions`)
      .set(as(user))
      .send({ cron: '0 * * * *', email_to: [to] });
    expect(created.status).toBe(201);
  }
  const before = outbox.length;
  await runDue(hoursLater(3));
  const textTo = (to: string) => outbox.slice(before).find((mail) => mail.to === to)!.text;
  expect(textTo('owner@crm.example')).toContain('• Leads: 3\n');
  // the viewer may read the dashboard, not the leads: its message says so, and shows no count
  expect(textTo('viewer@crm.example')).toMatch(/• Leads: not available \(.*api::lead\.lead.*\)\n/);
  expect(textTo('viewer@crm.example')).toContain('• Answer: 42\n');
  // each sees only its own subscriptions
  const mine = await api().get(`/api/dashboards/${dashboardId}/subscriptions`).set(as(viewer));
  expect(mine.body.data.map((entry: any) => entry.email_to)).toEqual([['viewer@crm.example']]);
  for (const user of [owner, viewer]) {
    const listed = await api().get(`/api/dashboards/${dashboardId}/subscriptions`).set(as(user));
    for (const entry of listed.body.data)
      await api().delete(`/api/dashboards/${dashboardId}/subscriptions/${entry.id}`).set(as(user));
  }
});

describe('a fresh share link in each digest', () => {
  it('is made as a subscriber who may share, opens its figures, and lives 7 days from the fire', async () => {
    // a subscriber who may share a dashboard like Pipeline but may not read the leads
    const theirs = await pipelineOwnedBy(stranger, 'Pipeline of a stranger');
    const mine = await subscribe(owner, 'share@crm.example');
    const strangers = await subscribe(stranger, 'stranger@crm.example', theirs);
    const fire = hoursLater(10);
    const expires = new Date(fire.getTime() + 7 * DAY);
    await runDue(fire);

    const [mail] = mailsTo('share@crm.example');
    const token = tokenIn(mail.text)!;
    expect(mail.text).toBe(
      [
        '• Answer: 42',
        '• Leads: 3',
        '',
        `Share link (until ${minuteOf(expires)}): ${SHARED}${token}`,
        `${ADMIN}${dashboardId}`,
      ].join('\n')
    );
    // the public viewer opens what the subscriber could see when it was sent
    expect(await openShared(token)).toEqual({ name: 'Pipeline', figures: { Answer: 42, Leads: 3 } });
    const [delivery] = await deliveriesOf(owner, mine);
    expect(delivery).toMatchObject({ status: 'sent', event: 'digest' });
    const links = await api().get(`/api/dashboards/${dashboardId}/share-links`).set(as(owner));
    expect(links.body.find((link: any) => link.id === delivery.share_link_id)).toMatchObject({
      kind: 'link',
      share_token: token,
      expires_at: expires.toISOString(),
      created_by: `user:${owner.id}`,
      revoked: false,
      access_level: 'view',
      password_protected: false,
    });

    // the same tiles shared by a subscriber who may not read the leads: its link withholds them
    const [theirMail] = mailsTo('stranger@crm.example');
    const theirToken = tokenIn(theirMail.text)!;
    expect(theirToken).not.toBe(token);
    expect(theirMail.text.split('\n').slice(2)).toEqual([
      '',
      `Share link (until ${minuteOf(expires)}): ${SHARED}${theirToken}`,
      `${ADMIN}${theirs}`,
    ]);
    expect(theirMail.text).toMatch(/^• Answer: 42\n• Leads: not available \(.*api::lead\.lead.*\)\n/);
    expect(await openShared(theirToken)).toEqual({
      name: 'Pipeline of a stranger',
      figures: { Answer: 42, Leads: 'This tile could not be loaded' },
    });
    expect((await unsubscribe(owner, mine)).status).toBe(204);
    expect((await unsubscribe(stranger, strangers, theirs)).status).toBe(204);
  });

  it('is left out for a subscriber who may not share, whose delivery is still sent', async () => {
    // a viewer of Pipeline (its role may not share), and an owner whose own grants lack sharing
    const keeper = await createUser(app, {
      actions: [
        ...ALL_CONTENT_ACTIONS.filter((action) => action !== SHARING_ROUTES.share.contentApiAction),
        `${LEAD}.find`,
      ],
      plan: 'pro',
    });
    const kept = await pipelineOwnedBy(keeper, 'Pipeline kept');
    const [viewers, keepers] = [
      await subscribe(viewer, 'noshare@crm.example'),
      await subscribe(keeper, 'keeper@crm.example', kept),
    ];
    const linksBefore = [await linksOf(dashboardId), await linksOf(kept)];
    const fire = hoursLater(11);
    await runDue(fire);

    const [viewerMail] = mailsTo('noshare@crm.example');
    expect(viewerMail.text).toMatch(
      new RegExp(
        `^• Answer: 42\n• Leads: not available \\(.*api::lead\\.lead.*\\)\n\n${ADMIN}${dashboardId}$`
      )
    );
    const [keeperMail] = mailsTo('keeper@crm.example');
    expect(keeperMail.text).toBe(['• Answer: 42', '• Leads: 3', '', `${ADMIN}${kept}`].join('\n'));
    for (const [user, id, dashboard, text] of [
      [viewer, viewers, dashboardId, viewerMail.text],
      [keeper, keepers, kept, keeperMail.text],
    ] as const) {
      expect(await deliveriesOf(user, id, dashboard)).toEqual([
        {
          fire_time: fire.toISOString(),
          event: 'digest',
          status: 'sent',
          value: null,
          summary: text,
          channels: [{ channel: 'email', status: 'sent' }],
          share_link_id: null,
        },
      ]);
    }
    expect([await linksOf(dashboardId), await linksOf(kept)]).toEqual(linksBefore);
    expect((await unsubscribe(viewer, viewers)).status).toBe(204);
    expect((await unsubscribe(keeper, keepers, kept)).status).toBe(204);
  });

  it('stops opening once the subscription is deleted; other links stay', async () => {
    const id = await subscribe(owner, 'revoked@crm.example');
    await runDue(hoursLater(12));
    await runDue(hoursLater(13));
    const tokens = mailsTo('revoked@crm.example').map((mail) => tokenIn(mail.text)!);
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(2);
    const linkIds = (await deliveriesOf(owner, id)).map((delivery: any) => delivery.share_link_id);
    // a link shared by hand is not the subscription's
    const byHand = await api()
      .post(`/api/dashboards/${dashboardId}/share`)
      .set(as(owner))
      .send({ expires_at: new Date(Date.now() + DAY).toISOString() });
    expect(byHand.status).toBe(200);
    for (const token of tokens) expect((await api().get(`/api/dashboards/shared/${token}`)).status).toBe(200);

    expect((await unsubscribe(owner, id)).status).toBe(204);
    for (const token of tokens) {
      expect((await api().get(`/api/dashboards/shared/${token}`)).status).toBe(404);
      expect((await api().get(`/api/dashboards/shared/${token}/data`)).status).toBe(404);
    }
    const rows = await app.strapi.db.query(LINKS).findMany({ where: { documentId: { $in: linkIds } } });
    expect(rows.map((row: any) => [row.revoked, row.revoked_at === null])).toEqual([
      [true, false],
      [true, false],
    ]);
    expect((await api().get(`/api/dashboards/shared/${byHand.body.share_token}`)).status).toBe(200);
  });

  it('is not sent when subscriptions.shareLinkDays is 0', async () => {
    const config = app.strapi.config.get('plugin::dashboards') as Record<string, any>;
    app.strapi.config.set('plugin::dashboards', {
      ...config,
      subscriptions: { ...config.subscriptions, shareLinkDays: 0 },
    });
    try {
      const id = await subscribe(owner, 'nolink@crm.example');
      const linksBefore = await linksOf(dashboardId);
      const fire = hoursLater(14);
      await runDue(fire);
      const [mail] = mailsTo('nolink@crm.example');
      expect(mail.text).toBe(['• Answer: 42', '• Leads: 3', '', `${ADMIN}${dashboardId}`].join('\n'));
      expect(await deliveriesOf(owner, id)).toEqual([
        {
          fire_time: fire.toISOString(),
          event: 'digest',
          status: 'sent',
          value: null,
          summary: mail.text,
          channels: [{ channel: 'email', status: 'sent' }],
          share_link_id: null,
        },
      ]);
      expect(await linksOf(dashboardId)).toBe(linksBefore);
      expect((await unsubscribe(owner, id)).status).toBe(204);
    } finally {
      app.strapi.config.set('plugin::dashboards', config);
    }
  });
});

it('notifies once when a value crosses its threshold, not at every check, and once when it recovers', async () => {
  const created = await api()
    .post(`/api/dashboards/${dashboardId}/alerts`)
    .set(as(owner))
    .send({
      name: 'Lead surge',
      cron: '0 * * * *',
      tile_id: leadsTileId,
      operator: 'above',
      threshold: 3,
      email_to: ['alerts@crm.example'],
    });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ kind: 'alert', operator: 'above', threshold: 3, breached: false });
  const alerts = () => outbox.filter((mail) => mail.to === 'alerts@crm.example');

  await runDue(hoursLater(4)); // 3 leads: not above 3
  expect(alerts()).toHaveLength(0);
  leadIds.push((await app.strapi.db.query(LEAD).create({ data: { name: 'Di' } })).id);
  await runDue(hoursLater(5)); // 4: crossed
  leadIds.push((await app.strapi.db.query(LEAD).create({ data: { name: 'Ed' } })).id);
  await runDue(hoursLater(6)); // 5: still above, no new message
  expect(alerts().map((mail) => [mail.subject, mail.text.split('\n')[0]])).toEqual([
    ['Alert: Lead surge on Pipeline', 'Leads is 4 (above 3): the alert “Lead surge” fired'],
  ]);
  for (const id of leadIds.splice(3)) await app.strapi.db.query(LEAD).delete({ where: { id } });
  await runDue(hoursLater(7)); // 3: recovered
  await runDue(hoursLater(8));
  expect(alerts().map((mail) => mail.text.split('\n')[0])).toEqual([
    'Leads is 4 (above 3): the alert “Lead surge” fired',
    'Leads is back to 3 (no longer above 3)',
  ]);
  const listed = await api().get(`/api/dashboards/${dashboardId}/alerts`).set(as(owner));
  expect(listed.body.data[0]).toMatchObject({ breached: false, last_value: 3 });
  expect(listed.body.data[0].deliveries.map((entry: any) => [entry.event, entry.value])).toEqual([
    ['recovered', 3],
    ['crossed', 4],
  ]);
});

it('refuses bad rules, foreign URLs and other people’s subscriptions with 4xx naming the field', async () => {
  const post = (path: string, body: object, user = owner) =>
    api().post(`/api/dashboards/${dashboardId}/${path}`).set(as(user)).send(body);
  const fieldOf = (response: any) => response.body.error.details.errors[0].path;

  expect(fieldOf(await post('subscriptions', { cron: 'every day', email_to: ['a@b.co'] }))).toEqual(['cron']);
  const foreign = await post('subscriptions', {
    cron: '0 * * * *',
    slack_webhook_url: 'https://evil.example/x',
  });
  expect([foreign.status, fieldOf(foreign)]).toEqual([400, ['slack_webhook_url']]);
  const nobody = await post('subscriptions', { cron: '0 * * * *' });
  expect([nobody.status, fieldOf(nobody)]).toEqual([400, ['email_to']]);
  const badTile = await post('alerts', {
    cron: '0 * * * *',
    tile_id: 'nosuchtile000000000000000',
    operator: 'below',
    threshold: 1,
    email_to: ['a@b.co'],
  });
  expect([badTile.status, fieldOf(badTile)]).toEqual([400, ['tile_id']]);
  expect((await post('subscriptions', { cron: '0 * * * *', email_to: ['a@b.co'] }, stranger)).status).toBe(
    404
  );

  const mine = await post('subscriptions', { cron: '0 * * * *', email_to: ['a@b.co'] });
  const path = `/api/dashboards/${dashboardId}/subscriptions/${mine.body.id}`;
  expect((await api().put(path).set(as(viewer)).send({ enabled: false })).status).toBe(404);
  expect((await api().delete(path).set(as(viewer))).status).toBe(404);
  const paused = await api().put(path).set(as(owner)).send({ enabled: false });
  expect([paused.status, paused.body.enabled, paused.body.next_run]).toEqual([200, false, null]);
  expect((await api().delete(path).set(as(owner))).status).toBe(204);
});

it('records a failed delivery when its author may no longer read the dashboard', async () => {
  const created = await api()
    .post(`/api/dashboards/${dashboardId}/subscriptions`)
    .set(as(viewer))
    .send({ cron: '0 * * * *', email_to: ['gone@crm.example'] });
  expect(created.status).toBe(201);
  expect(
    (await api().delete(`/api/dashboards/${dashboardId}/members/${viewer.id}`).set(as(owner))).status
  ).toBe(204);
  await runDue(hoursLater(9));
  expect(outbox.filter((mail) => mail.to === 'gone@crm.example')).toHaveLength(0);
  const row = await app.strapi.db
    .query('plugin::dashboards.subscription-delivery')
    .findOne({ where: { subscription: { documentId: created.body.id } } });
  expect(row).toMatchObject({
    event: 'error',
    status: 'failed',
    summary: 'Not delivered: its author may no longer read this dashboard',
  });
});
