import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createApiToken } from '../helpers/principals';
import { ANALYTICS_ROUTES } from '../../server/analytics/routes';

/** A CRM mapping that does not fit the app: Strapi still starts; the affected endpoints answer 501. */
let app: TestApp;

beforeAll(async () => {
  app = await bootTestApp({
    configure: () => ({
      crm: { opportunity: { uid: 'api::deal.deal' }, lead: { fields: { source: 'origin' } } },
    }),
  });
});

afterAll(async () => {
  await app?.close();
});

it('answers 501 naming what does not fit, and logs it', async () => {
  const token = await createApiToken(app, [ANALYTICS_ROUTES.stats.contentApiAction]);
  const response = await app.request().get('/api/dashboard/stats').set(bearer(token));
  expect(response.status).toBe(501);
  expect(response.body.error).toMatchObject({
    name: 'NotImplementedError',
    details: {
      problems: [
        'api::lead.lead has no field "origin" (crm.lead.fields.source)',
        'no content type "api::deal.deal"',
      ],
    },
  });
  const warn = jest.spyOn(app.strapi.log, 'warn').mockImplementation(() => app.strapi.log);
  app.strapi.plugin('dashboards').service('analytics').checkMapping();
  expect(warn.mock.calls.map(([line]) => line)).toEqual([
    '[dashboards] CRM analytics: the mapping does not fit this app: ' +
      'crm.lead: api::lead.lead has no field "origin" (crm.lead.fields.source) | ' +
      'crm.opportunity: no content type "api::deal.deal". The analytics that need them answer 501; ' +
      "map them to your content types with `crm` in the plugin's config (docs/crm.md).",
  ]);
  warn.mockRestore();
});
