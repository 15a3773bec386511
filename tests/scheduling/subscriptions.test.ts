import http from 'http';
import type { AddressInfo } from 'net';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_CONTENT_ACTIONS } from '../helpers/dashboards';

/**
 * Subscriptions and alerts (issue 19). The scheduler is off: each test runs the fires due at a time
 * it chooses (`runDue(now)`), so nothing waits on the clock. Slack posts reach a local receiver;
 * e-mails are what Strapi's email service hands its transport.
 */
const LEAD = 'api::lead.lead';
const HOUR = 3_600_000;

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
    .send({
      name: 'Pipeline',
      tiles: [
        { title: 'Answer', tile_type: 'kpi', query: 'SELECT 42 AS total' },
        {
          title: 'Leads',
          tile_type: 'kpi',
          source: { kind: 'content-type', uid: LEAD, measure: { fn: 'count' } },
        },
        { title: 'Notes', tile_type: 'text', chart_config: { content: 'hello' } },
      ],
    });
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
  expect(mails[0].text).toBe(
    ['• Answer: 42', '• Leads: 3', '', `https://crm.example/admin/plugins/dashboards/${dashboardId}`].join(
      '\n'
    )
  );
  expect(mails[0].subject).toBe(`Pipeline: ${fire.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  expect(slack.slice(slackBefore)).toEqual([
    { path: '/hook', text: `*${mails[0].subject}*\n${mails[0].text}` },
  ]);

  const listed = await api().get(`/api/dashboards/${dashboardId}/subscriptions`).set(as(owner));
  expect(listed.body.data).toHaveLength(1);
  expect(listed.body.data[0].deliveries).toEqual([
    {
      fire_time: fire.toISOString(),
      event: 'digest',
      status: 'sent',
      value: null,
      summary: mails[0].text,
      channels: [
        { channel: 'email', status: 'sent' },
        { channel: 'slack', status: 'sent' },
      ],
    },
  ]);
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
