import crypto from 'crypto';
import { bootTestApp, type TestApp } from '../helpers/strapi';
import { seedCrm } from '../../playground/scripts/seed/index';

let app: TestApp;

beforeAll(async () => {
  app = await bootTestApp();
});

afterAll(async () => {
  await app?.close();
});

/** A digest of the CRM rows that matter to the analytics, in id order. */
async function crmDigest() {
  const hash = crypto.createHash('sha256');
  const columns: Record<string, string[]> = {
    leads: ['id', 'name', 'source', 'status', 'created_at', 'qualified_at', 'converted_at'],
    opportunities: ['id', 'name', 'amount', 'closed_at', 'win_reason', 'loss_reason'],
    leads_owner_lnk: ['lead_id', 'user_id'],
    stage_histories: ['id', 'entered_at', 'exited_at'],
  };
  for (const [table, fields] of Object.entries(columns)) {
    const rows = await app.strapi.db.connection(table).select(fields).orderBy(fields[0]);
    hash.update(
      JSON.stringify(rows.map((row: Record<string, unknown>) => fields.map((field) => String(row[field]))))
    );
  }
  return hash.digest('hex');
}

it('seeds a reproducible CRM of the asked size, with the demo dashboards', async () => {
  const options = { leads: 400, seed: 7, today: '2026-03-15' };
  const first = await seedCrm(app.strapi, options);
  expect(first.counts['api::lead.lead']).toBe(400);
  expect(first.counts['api::department.department']).toBe(3);
  expect(first.counts['plugin::dashboards.dashboard']).toBe(2);
  expect(await app.strapi.db.query('api::lead.lead').count()).toBe(400);
  const opportunities = await app.strapi.db.query('api::opportunity.opportunity').count();
  expect(opportunities).toBeGreaterThan(60);
  expect(opportunities).toBeLessThan(140);
  const digest = await crmDigest();

  const skipped = await seedCrm(app.strapi, { ...options, ifEmpty: true });
  expect(skipped.skipped).toBe(true);

  await seedCrm(app.strapi, { ...options, reset: true });
  expect(await crmDigest()).toBe(digest);

  await seedCrm(app.strapi, { ...options, seed: 8, reset: true });
  expect(await crmDigest()).not.toBe(digest);
});

it('seeds demo dashboards whose every tile runs for the director', async () => {
  await seedCrm(app.strapi, { leads: 300, seed: 3, today: '2026-03-15', reset: true });
  // the rows went in around Strapi: the deal-reach rollup was rebuilt from them, one row per deal with stints
  const withStints = await app.strapi.db
    .connection('stage_histories_opportunity_lnk')
    .countDistinct({ n: 'opportunity_id' });
  expect(await app.strapi.db.query('plugin::dashboards.deal-reach').count()).toBe(Number(withStints[0].n));
  const login = await app
    .request()
    .post('/api/auth/local')
    .send({ identifier: 'director@crm.test', password: 'Crm-demo-1' });
  expect(login.status).toBe(200);
  const auth = { Authorization: `Bearer ${login.body.jwt}` };
  const list = await app.request().get('/api/dashboards').set(auth);
  expect(list.body.data.map((dashboard: { name: string }) => dashboard.name).sort()).toEqual([
    'CRM overview',
    'Sales dashboard',
  ]);
  for (const dashboard of list.body.data) {
    const data = await app.request().get(`/api/dashboards/${dashboard.id}/data`).set(auth);
    expect(data.status).toBe(200);
    const failed = data.body.tiles.filter((tile: { error: string | null }) => tile.error !== null);
    expect(failed.map(({ title, error }: { title: string; error: string }) => `${title}: ${error}`)).toEqual(
      []
    );
  }
});

it('indexes the columns the analytics filter on', async () => {
  const knex = app.strapi.db.connection;
  const names: string[] = await (async () => {
    switch (app.strapi.db.dialect.client) {
      case 'sqlite':
        return (await knex.raw("SELECT name FROM sqlite_master WHERE type = 'index'")).map(
          (row: { name: string }) => row.name
        );
      case 'postgres':
        return (await knex.raw('SELECT indexname AS name FROM pg_indexes')).rows.map(
          (row: { name: string }) => row.name
        );
      default:
        return (
          await knex.raw(
            'SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE()'
          )
        )[0].map((row: Record<string, string>) => row.name ?? row.NAME);
    }
  })();
  expect(names).toEqual(
    expect.arrayContaining([
      'leads_created_at_source_idx',
      'leads_status_idx',
      'leads_converted_at_idx',
      'leads_sla_due_at_idx',
      'opportunities_created_at_idx',
      'opportunities_closed_at_idx',
      'opportunities_expected_close_date_idx',
      'activities_created_at_type_idx',
      'tasks_due_at_completed_at_idx',
      'tasks_completed_at_idx',
      'stage_histories_exited_at_idx',
    ])
  );
});
