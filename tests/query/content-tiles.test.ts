import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createAdmin, createUser, type UserPrincipal } from '../helpers/principals';
import { ALL_ADMIN_ACTIONS, ALL_CONTENT_ACTIONS } from '../helpers/dashboards';

/**
 * Content-type tiles on a small CRM whose answers are known. Europe/Paris changes to summer time
 * on 2026-03-29 at 01:00 UTC and back on 2026-10-25 at 01:00 UTC, so some deals fall on another
 * day, week, month or year there than in UTC.
 */
const OPPORTUNITIES = [
  {
    name: 'Deal 1',
    amount: 100,
    closed_at: '2025-12-31T23:30:00.000Z',
    stage: 'Won',
    owner: 'alice',
    expected_close_date: '2025-12-31',
  },
  {
    name: 'Deal_2',
    amount: 200,
    closed_at: '2026-03-29T00:30:00.000Z',
    stage: 'Won',
    owner: 'bob',
    expected_close_date: '2026-01-01',
  },
  {
    name: 'Deal 3',
    amount: 300,
    closed_at: '2026-03-29T22:30:00.000Z',
    stage: 'Lost',
    owner: 'alice',
    expected_close_date: '2026-03-31',
  },
  {
    name: 'Deal 4',
    amount: 400,
    closed_at: '2026-03-28T23:30:00.000Z',
    stage: 'Won',
    owner: null,
    expected_close_date: '2026-04-01',
  },
  {
    name: 'Deal 5',
    amount: 500,
    closed_at: '2026-10-25T22:30:00.000Z',
    stage: 'Won',
    owner: 'bob',
    expected_close_date: null,
  },
  {
    name: 'Deal 6',
    amount: 600,
    closed_at: '2026-10-25T23:30:00.000Z',
    stage: 'Lost',
    owner: 'bob',
    expected_close_date: null,
  },
  {
    name: 'Deal 7',
    amount: 50,
    closed_at: null,
    stage: 'Open',
    owner: 'alice',
    expected_close_date: '2026-12-31',
  },
];
const LEAD_SOURCES = ['website', 'website', 'referral', 'website', 'event', 'referral'];
const LEAD_CREATED = [
  '2026-01-05T10:00:00.000Z',
  '2026-01-31T23:59:59.000Z',
  '2026-03-01T00:00:00.000Z',
  '2026-03-15T08:30:00.000Z',
  '2026-03-31T12:00:00.000Z',
  '2026-04-02T09:00:00.000Z',
];

const OPPORTUNITY = 'api::opportunity.opportunity';
const READ_CRM = [`${OPPORTUNITY}.find`, 'api::stage.stage.find', 'api::lead.lead.find'];

let app: TestApp;
let reader: UserPrincipal;

beforeAll(async () => {
  app = await bootTestApp();
  const db = app.strapi.db;
  reader = await createUser(app, {
    actions: [...ALL_CONTENT_ACTIONS, ...READ_CRM, 'plugin::users-permissions.user.find'],
    plan: 'pro',
  });
  const users: Record<string, number> = {};
  for (const username of ['alice', 'bob']) {
    users[username] = (
      await db.query('plugin::users-permissions.user').create({
        data: { username, email: `${username}@crm.test`, provider: 'local', confirmed: true },
      })
    ).id;
  }
  const stages: Record<string, number> = {};
  for (const [name, kind] of [
    ['Open', 'open'],
    ['Won', 'won'],
    ['Lost', 'lost'],
  ]) {
    stages[name] = (await db.query('api::stage.stage').create({ data: { name, kind } })).id;
  }
  for (const { stage, owner, ...fields } of OPPORTUNITIES) {
    await db.query(OPPORTUNITY).create({
      data: { ...fields, stage: stages[stage], owner: owner ? users[owner] : null },
    });
  }
  for (const [index, source] of LEAD_SOURCES.entries()) {
    await db.query('api::lead.lead').create({
      data: { name: `Lead from ${source}`, source, status: 'open', createdAt: LEAD_CREATED[index] },
    });
  }
});

afterAll(async () => {
  await app?.close();
});

type Source = Record<string, unknown>;

/** Creates a dashboard holding one table tile on `source` and answers GET …/data for it. */
async function tileData(
  source: Source,
  options: {
    viewer?: UserPrincipal;
    query?: Record<string, string>;
    filters?: unknown[];
    chartConfig?: Record<string, unknown>;
  } = {}
) {
  const created = await app
    .request()
    .post('/api/dashboards')
    .set(bearer(reader.jwt))
    .send({
      name: 'Content tiles',
      filters: options.filters ?? [],
      tiles: [
        {
          title: 'Tile',
          tile_type: 'table',
          chart_config: options.chartConfig ?? {},
          source: { kind: 'content-type', uid: OPPORTUNITY, ...source },
        },
      ],
    });
  expect({ status: created.status, error: created.body.error }).toEqual({ status: 201, error: undefined });
  if (options.viewer) {
    const shared = await app
      .request()
      .post(`/api/dashboards/${created.body.id}/members`)
      .set(bearer(reader.jwt))
      .send({ user_id: options.viewer.id, role: 'viewer' });
    expect(shared.status).toBe(200);
  }
  const response = await app
    .request()
    .get(`/api/dashboards/${created.body.id}/data`)
    .query(options.query ?? {})
    .set(bearer((options.viewer ?? reader).jwt));
  expect(response.status).toBe(200);
  return response.body.tiles[0] as {
    data: { columns: string[]; rows: Record<string, unknown>[] } | null;
    error: string | null;
  };
}

const rowsOf = async (source: Source, options?: Parameters<typeof tileData>[1]) => {
  const tile = await tileData(source, options);
  expect(tile.error).toBeNull();
  return tile.data!.rows;
};

describe('measures', () => {
  it.each([
    [{ fn: 'count' }, 7],
    [{ fn: 'count', field: 'closed_at' }, 6],
    [{ fn: 'sum', field: 'amount' }, 2150],
    [{ fn: 'min', field: 'amount' }, 50],
    [{ fn: 'max', field: 'amount' }, 600],
    [{ fn: 'max', field: 'closed_at' }, '2026-10-25T23:30:00.000Z'],
    [{ fn: 'min', field: 'expected_close_date' }, '2025-12-31'],
  ])('%j over every opportunity is %j', async (measure, expected) => {
    expect(await rowsOf({ measure })).toEqual([{ [measure.fn]: expected }]);
  });

  it('averages the won deals exactly', async () => {
    const rows = await rowsOf({ measure: { fn: 'avg', field: 'amount' }, filters: { 'stage.kind': 'won' } });
    expect(rows).toEqual([{ avg: 300 }]);
  });
});

describe('group by', () => {
  it('groups by a field of the content type, sorted by the measure with a limit', async () => {
    const leads = await tileData({
      uid: 'api::lead.lead',
      measure: { fn: 'count' },
      group_by: 'source',
      sort: 'desc',
      limit: 2,
    });
    expect(leads.error).toBeNull();
    expect(leads.data!.rows).toEqual([
      { source: 'website', count: 3 },
      { source: 'referral', count: 2 },
    ]);
    expect(leads.data!.columns).toEqual(['source', 'count']);
  });

  it('groups by a related entry’s field, through the link table', async () => {
    expect(
      await rowsOf({ measure: { fn: 'sum', field: 'amount' }, group_by: 'stage.name', sort: 'desc' })
    ).toEqual([
      { 'stage.name': 'Won', sum: 1200 },
      { 'stage.name': 'Lost', sum: 900 },
      { 'stage.name': 'Open', sum: 50 },
    ]);
  });

  it('orders a table tile by any of its columns', async () => {
    const tile = await tileData(
      { measure: { fn: 'sum', field: 'amount' }, group_by: 'stage.name' },
      { chartConfig: { sort_by: 'sum', sort_order: 'asc' } }
    );
    expect(tile.data!.rows).toEqual([
      { 'stage.name': 'Open', sum: 50 },
      { 'stage.name': 'Lost', sum: 900 },
      { 'stage.name': 'Won', sum: 1200 },
    ]);
  });

  it('keeps entries without a related entry as a null group, last', async () => {
    expect(await rowsOf({ measure: { fn: 'count' }, group_by: 'owner.username' })).toEqual([
      { 'owner.username': 'alice', count: 3 },
      { 'owner.username': 'bob', count: 3 },
      { 'owner.username': null, count: 1 },
    ]);
  });
});

describe('date buckets in a time zone', () => {
  const closed = (unit: string, timezone?: string, filters?: Source) =>
    rowsOf({
      measure: { fn: 'sum', field: 'amount' },
      date_bucket: { field: 'closed_at', unit, ...(timezone ? { timezone } : {}) },
      ...(filters ? { filters } : {}),
    });

  it('cuts days at local midnight across the spring change (a 23-hour day)', async () => {
    const march = { closed_at: { $gte: '2026-03-01T00:00:00Z', $lt: '2026-04-01T00:00:00Z' } };
    expect(await closed('day', 'Europe/Paris', march)).toEqual([
      { closed_at: '2026-03-29', sum: 600 },
      { closed_at: '2026-03-30', sum: 300 },
    ]);
    expect(await closed('day', 'UTC', march)).toEqual([
      { closed_at: '2026-03-28', sum: 400 },
      { closed_at: '2026-03-29', sum: 500 },
    ]);
  });

  it('cuts weeks on Mondays across the autumn change', async () => {
    const october = { closed_at: { $gte: '2026-10-01T00:00:00Z' } };
    expect(await closed('week', 'Europe/Paris', october)).toEqual([
      { closed_at: '2026-10-19', sum: 500 },
      { closed_at: '2026-10-26', sum: 600 },
    ]);
    expect(await closed('week', 'UTC', october)).toEqual([{ closed_at: '2026-10-19', sum: 1100 }]);
  });

  it('puts the new year where the zone has it, and shows empty months as 0', async () => {
    expect(await closed('month', 'Europe/Paris', { closed_at: { $lt: '2026-04-01T00:00:00Z' } })).toEqual([
      { closed_at: '2026-01-01', sum: 100 },
      { closed_at: '2026-02-01', sum: 0 },
      { closed_at: '2026-03-01', sum: 900 },
    ]);
    expect(await closed('year', 'UTC')).toEqual([
      { closed_at: '2025-01-01', sum: 100 },
      { closed_at: '2026-01-01', sum: 2000 },
    ]);
    expect(await closed('year', 'Europe/Paris')).toEqual([{ closed_at: '2026-01-01', sum: 2100 }]);
  });

  it('uses the configured default zone (UTC) and cuts quarters', async () => {
    expect(await closed('quarter')).toEqual([
      { closed_at: '2025-10-01', sum: 100 },
      { closed_at: '2026-01-01', sum: 900 },
      { closed_at: '2026-04-01', sum: 0 },
      { closed_at: '2026-07-01', sum: 0 },
      { closed_at: '2026-10-01', sum: 1100 },
    ]);
  });

  it('buckets a date field by calendar date, newest first with a limit', async () => {
    const rows = await rowsOf({
      measure: { fn: 'count' },
      date_bucket: { field: 'expected_close_date', unit: 'month', timezone: 'Pacific/Auckland' },
      sort: 'desc',
      limit: 4,
    });
    expect(rows).toEqual([
      { expected_close_date: '2026-12-01', count: 1 },
      { expected_close_date: '2026-11-01', count: 0 },
      { expected_close_date: '2026-10-01', count: 0 },
      { expected_close_date: '2026-09-01', count: 0 },
    ]);
  });

  it('splits buckets by a group', async () => {
    expect(
      await rowsOf({
        measure: { fn: 'count' },
        group_by: 'stage.name',
        date_bucket: { field: 'closed_at', unit: 'year', timezone: 'UTC' },
      })
    ).toEqual([
      { closed_at: '2025-01-01', 'stage.name': 'Won', count: 1 },
      { closed_at: '2026-01-01', 'stage.name': 'Lost', count: 2 },
      { closed_at: '2026-01-01', 'stage.name': 'Won', count: 3 },
    ]);
  });

  it('answers no rows when nothing has a date', async () => {
    expect(
      await rowsOf({
        measure: { fn: 'count' },
        date_bucket: { field: 'closed_at', unit: 'day' },
        filters: { closed_at: { $null: true } },
      })
    ).toEqual([]);
  });
});

describe('filters', () => {
  it.each([
    [{ 'stage.name': { $in: ['Won', 'Lost'] } }, 6],
    [{ 'stage.name': ['Open'] }, 1],
    [{ 'owner.username': { $null: true } }, 1],
    [{ 'owner.username': { $notNull: true } }, 6],
    [{ amount: { $gte: 300 } }, 4],
    [{ amount: { $gt: 300, $lte: 500 } }, 2],
    [{ name: { $contains: '_' } }, 1],
    [{ name: { $contains: 'deal' } }, 7],
    [{ name: { $startsWith: 'Deal 1' } }, 1],
    [{ name: { $ne: 'Deal 7' } }, 6],
    [{ closed_at: { $null: true } }, 1],
    [{ expected_close_date: { $gte: '2026-01-01', $lt: '2026-04-01' } }, 2],
    // a day without a time on a datetime field is that whole UTC day
    [{ closed_at: { $lte: '2026-03-28' } }, 2],
    [{ closed_at: { $lte: '2026-03-28T23:00:00Z' } }, 1],
    [{ closed_at: { $gte: '2026-03-29', $lte: '2026-03-29' } }, 2],
    [{ closed_at: { $gt: '2026-03-29' } }, 2],
    [{ closed_at: { $eq: '2026-10-25' } }, 2],
    [{ closed_at: { $ne: '2026-10-25' } }, 4],
  ])('%j matches %i opportunities', async (filters, count) => {
    expect(await rowsOf({ measure: { fn: 'count' }, filters })).toEqual([{ count }]);
  });

  it('takes dashboard filter values as bound parameters', async () => {
    const filters = [
      { id: 'closed', type: 'date_range', label: 'Closed' },
      { id: 'q', type: 'text', label: 'Search' },
    ];
    const source = {
      measure: { fn: 'sum', field: 'amount' },
      filters: { closed_at: { $gte: '{{closed_from}}', $lt: '{{closed_to}}' }, name: { $contains: '{{q}}' } },
    };
    expect(await rowsOf(source, { filters })).toEqual([{ sum: 2150 }]);
    expect(
      await rowsOf(source, {
        filters,
        query: { 'params[closed_from]': '2026-03-01', 'params[closed_to]': '2026-04-01' },
      })
    ).toEqual([{ sum: 900 }]);
    expect(await rowsOf(source, { filters, query: { 'params[q]': "x' OR '1'='1" } })).toEqual([{ sum: 0 }]);
    const throughTheLastDay = {
      measure: { fn: 'sum', field: 'amount' },
      filters: { closed_at: { $gte: '{{closed_from}}', $lte: '{{closed_to}}' } },
    };
    expect(
      await rowsOf(throughTheLastDay, {
        filters,
        query: { 'params[closed_from]': '2026-03-28', 'params[closed_to]': '2026-03-29' },
      })
    ).toEqual([{ sum: 900 }]);
    expect(await app.strapi.db.query(OPPORTUNITY).count()).toBe(7);
  });
});

describe('what a tile may read', () => {
  it('refuses content types the writer may not read, and private or unknown fields, naming the field', async () => {
    const limited = await createUser(app, {
      actions: [...ALL_CONTENT_ACTIONS, `${OPPORTUNITY}.find`],
      plan: 'pro',
    });
    const save = (source: Source, jwt = reader.jwt) =>
      app
        .request()
        .post('/api/dashboards')
        .set(bearer(jwt))
        .send({
          name: 'x',
          tiles: [{ title: 't', tile_type: 'table', source: { kind: 'content-type', ...source } }],
        });

    const noLeads = await save({ uid: 'api::lead.lead', measure: { fn: 'count' } }, limited.jwt);
    expect(noLeads.status).toBe(403);
    expect(noLeads.body.error).toMatchObject({
      name: 'PolicyError',
      message: 'You may not read api::lead.lead',
      details: { path: ['tiles', '0', 'source', 'uid'] },
    });
    const noUsers = await save(
      { uid: OPPORTUNITY, measure: { fn: 'count' }, group_by: 'owner.username' },
      limited.jwt
    );
    expect(noUsers.status).toBe(403);
    expect(noUsers.body.error.message).toBe('You may not read plugin::users-permissions.user');

    const cases: [Source, string[], string][] = [
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, group_by: 'owner.password' },
        ['group_by'],
        '"password" is private',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, filters: { 'owner.resetPasswordToken': 'x' } },
        ['filters', 'owner.resetPasswordToken'],
        '"resetPasswordToken" is private',
      ],
      [
        { uid: 'plugin::users-permissions.user', measure: { fn: 'max', field: 'password' } },
        ['measure', 'field'],
        '"password" is private',
      ],
      [
        { uid: 'plugin::dashboards.share-link', measure: { fn: 'count' } },
        ['uid'],
        '"plugin::dashboards.share-link" is not a content type tiles may query',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'sum', field: 'name' } },
        ['measure', 'field'],
        'sum needs a number field; "name" is string',
      ],
      [{ uid: OPPORTUNITY, measure: { fn: 'avg' } }, ['measure', 'field'], 'avg needs a field'],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, group_by: 'nope' },
        ['group_by'],
        'api::opportunity.opportunity has no field "nope"',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, group_by: 'stage' },
        ['group_by'],
        '"stage" is a relation: name one of its fields, as stage.<field>',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, group_by: 'stage.pipeline.name' },
        ['group_by'],
        'reaches at most one relation away (relation.field)',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, date_bucket: { field: 'amount', unit: 'day' } },
        ['date_bucket', 'field'],
        '"amount" is not a date or datetime field',
      ],
      [
        {
          uid: OPPORTUNITY,
          measure: { fn: 'count' },
          date_bucket: { field: 'closed_at', unit: 'day', timezone: 'Mars/Olympus' },
        },
        ['date_bucket', 'timezone'],
        '"Mars/Olympus" is not an IANA time zone',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, filters: { amount: { $regex: '.*' } } },
        ['filters', 'amount', '$regex'],
        'is not an operator ($eq, $ne, $in, $notIn, $lt, $lte, $gt, $gte, $null, $notNull, $contains, $startsWith)',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, filters: { amount: 'lots' } },
        ['filters', 'amount', '$eq'],
        'must be a number',
      ],
      [
        { uid: OPPORTUNITY, measure: { fn: 'count' }, filters: { closed_at: { $gte: 'yesterday' } } },
        ['filters', 'closed_at', '$gte'],
        'must be an ISO 8601 date-time',
      ],
    ];
    for (const [source, path, message] of cases) {
      const response = await save(source);
      expect({ source, status: response.status, error: response.body.error?.details?.errors }).toEqual({
        source,
        status: 400,
        error: [{ path: ['tiles', '0', 'source', ...path], message, name: 'ValidationError' }],
      });
    }
  });

  it('runs with the viewer’s permissions: a viewer who may not read the content type gets a tile error', async () => {
    const viewer = await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' });
    const tile = await tileData({ measure: { fn: 'count' } }, { viewer });
    expect(tile).toMatchObject({ data: null, error: `You may not read ${OPPORTUNITY}` });
  });

  it('lets admins read through the Content Manager’s read permission, its fields and without conditions', async () => {
    const read = (fields?: string[], conditions?: string[]) => ({
      action: 'plugin::content-manager.explorer.read',
      subject: OPPORTUNITY,
      fields,
      conditions,
    });
    const save = (token: string, source: Source) =>
      app
        .request()
        .post('/dashboards/dashboards')
        .set(bearer(token))
        .send({
          name: 'x',
          tiles: [
            { title: 't', tile_type: 'kpi', source: { kind: 'content-type', uid: OPPORTUNITY, ...source } },
          ],
        });

    const amountsOnly = await createAdmin(app, {
      actions: ALL_ADMIN_ACTIONS,
      permissions: [read(['name', 'amount'])],
    });
    const sum = await save(amountsOnly.token, { measure: { fn: 'sum', field: 'amount' } });
    expect(sum.status).toBe(201);
    const data = await app
      .request()
      .get(`/dashboards/dashboards/${sum.body.id}/data`)
      .set(bearer(amountsOnly.token));
    expect(data.body.tiles[0]).toMatchObject({ error: null, data: { rows: [{ sum: 2150 }] } });
    const byStage = await save(amountsOnly.token, { measure: { fn: 'count' }, group_by: 'stage.name' });
    expect(byStage.status).toBe(403);
    expect(byStage.body.error.message).toBe(`You may not read ${OPPORTUNITY}'s field "stage"`);

    const ownOnly = await createAdmin(app, {
      actions: ALL_ADMIN_ACTIONS,
      permissions: [read(undefined, ['admin::is-creator'])],
    });
    const conditioned = await save(ownOnly.token, { measure: { fn: 'count' } });
    expect(conditioned.status).toBe(403);
    expect(conditioned.body.error.message).toBe(`You may not read ${OPPORTUNITY}`);
  });
});

describe('timestamps and date buckets (issue 17)', () => {
  const LEAD = 'api::lead.lead';
  const TIMESTAMPS = ['createdAt', 'updatedAt', 'publishedAt'];
  const byMonth = {
    measure: { fn: 'count' },
    date_bucket: { field: 'createdAt', unit: 'month', timezone: 'UTC' },
    filters: { createdAt: { $gte: '2026-01-01T00:00:00.000Z' } },
  };
  const leadsByMonth = [
    { createdAt: '2026-01-01', count: 2 },
    { createdAt: '2026-02-01', count: 0 },
    { createdAt: '2026-03-01', count: 3 },
    { createdAt: '2026-04-01', count: 1 },
  ];

  /** An admin's content-type listing of leads (its timestamps) and a lead tile bucketed by createdAt. */
  async function asAdmin(token: string) {
    const listed = await app.request().get('/dashboards/dashboards/content-types').set(bearer(token));
    const fields = listed.body.data.find((type: { uid: string }) => type.uid === LEAD).fields;
    const saved = await app
      .request()
      .post('/dashboards/dashboards')
      .set(bearer(token))
      .send({
        name: 'Leads by month',
        tiles: [
          {
            title: 'Leads',
            tile_type: 'table',
            source: { kind: 'content-type', uid: LEAD, ...byMonth },
          },
        ],
      });
    const data =
      saved.status === 201
        ? await app.request().get(`/dashboards/dashboards/${saved.body.id}/data`).set(bearer(token))
        : null;
    return {
      timestamps: fields.filter((field: { name: string }) => TIMESTAMPS.includes(field.name)),
      saved: saved.status === 201 ? 201 : [saved.status, saved.body.error.message],
      tile: data && { error: data.body.tiles[0].error, rows: data.body.tiles[0].data?.rows },
    };
  }

  it('lets whoever may read the content type use its timestamps, the Super Admin included', async () => {
    const expected = {
      timestamps: [
        { name: 'createdAt', type: 'datetime' },
        { name: 'updatedAt', type: 'datetime' },
        // Strapi 5 keeps publishedAt without draft & publish too
        { name: 'publishedAt', type: 'datetime' },
      ],
      saved: 201,
      tile: { error: null, rows: leadsByMonth },
    };
    const superAdmin = await createAdmin(app, { superAdmin: true });
    expect(await asAdmin(superAdmin.token)).toEqual(expected);
    const namesOnly = await createAdmin(app, {
      actions: ALL_ADMIN_ACTIONS,
      permissions: [{ action: 'plugin::content-manager.explorer.read', subject: LEAD, fields: ['name'] }],
    });
    expect(await asAdmin(namesOnly.token)).toEqual(expected);
    // a users-permissions user with the content type's find action
    const tile = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(reader.jwt))
      .send({
        name: 'Leads by month',
        tiles: [
          { title: 'Leads', tile_type: 'table', source: { kind: 'content-type', uid: LEAD, ...byMonth } },
        ],
      });
    expect(tile.status).toBe(201);
    const data = await app.request().get(`/api/dashboards/${tile.body.id}/data`).set(bearer(reader.jwt));
    expect(data.body.tiles[0]).toMatchObject({ error: null, data: { rows: leadsByMonth } });
  });

  it('answers 400 naming the field for a date bucket without a unit', async () => {
    const response = await app
      .request()
      .post('/api/dashboards')
      .set(bearer(reader.jwt))
      .send({
        name: 'No unit',
        tiles: [
          {
            title: 'Leads',
            tile_type: 'chart',
            chart_type: 'line',
            source: {
              kind: 'content-type',
              uid: LEAD,
              measure: { fn: 'count' },
              date_bucket: { field: 'createdAt' },
            },
          },
        ],
      });
    expect([response.status, response.body.error.name, response.body.error.message]).toEqual([
      400,
      'ValidationError',
      'tiles.0.source.date_bucket.unit: is required: one of day, week, month, quarter, year',
    ]);
  });
});
