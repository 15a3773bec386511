import { bootTestApp, type TestApp } from '../helpers/strapi';
import { bearer, createUser, type UserPrincipal } from '../helpers/principals';
import { DASHBOARD_ROUTES } from '../../server/dashboards/routes';

/**
 * 30 dashboards of one user with known names, descriptions and dates: pagination, search and sort
 * have answers computed here by hand.
 */
let app: TestApp;
let user: UserPrincipal;
const NAMES = Array.from({ length: 30 }, (_, index) => `Board ${String(index + 1).padStart(2, '0')}`);

beforeAll(async () => {
  app = await bootTestApp();
  user = await createUser(app, { actions: [DASHBOARD_ROUTES.find.contentApiAction] });
  const start = Date.UTC(2025, 0, 1);
  for (const [index, name] of NAMES.entries()) {
    // created one day apart in name order; updated in the reverse order
    await app.strapi.db.query('plugin::dashboards.dashboard').create({
      data: {
        name,
        description: index % 3 === 0 ? 'Quarterly REVENUE review' : 'Pipeline health',
        owner: user.id,
        createdAt: new Date(start + index * 86_400_000),
        updatedAt: new Date(start + (60 - index) * 86_400_000),
      },
    });
  }
  const someoneElse = await createUser(app, { actions: [] });
  await app.strapi.db
    .query('plugin::dashboards.dashboard')
    .create({ data: { name: 'Board 99 revenue', owner: someoneElse.id } });
});

afterAll(async () => {
  await app?.close();
});

const list = async (query: string) => {
  const response = await app.request().get(`/api/dashboards?${query}`).set(bearer(user.jwt));
  expect(response.status).toBe(200);
  return response.body;
};
const names = (body: any) => body.data.map((item: any) => item.name);

it('pages with page and limit', async () => {
  const body = await list('sort=name&order=asc&page=2&limit=7');
  expect(names(body)).toEqual(NAMES.slice(7, 14));
  expect(body.pagination).toEqual({
    page: 2,
    limit: 7,
    offset: 7,
    total: 30,
    total_pages: 5,
    has_next: true,
    has_prev: true,
  });
  const last = await list('sort=name&order=asc&page=5&limit=7');
  expect(names(last)).toEqual(NAMES.slice(28));
  expect(last.pagination).toMatchObject({ has_next: false, has_prev: true });
});

it('pages with offset and limit (seed 003)', async () => {
  const body = await list('sort=name&order=desc&offset=25&limit=10');
  expect(names(body)).toEqual([...NAMES].reverse().slice(25));
  expect(body.pagination).toMatchObject({
    offset: 25,
    limit: 10,
    total: 30,
    has_next: false,
    has_prev: true,
  });
});

it('sorts by created_at, by updated_at (the default, newest first) and by name', async () => {
  expect(names(await list('sort=created_at&order=asc&limit=3'))).toEqual([
    'Board 01',
    'Board 02',
    'Board 03',
  ]);
  expect(names(await list('sort=created_at&order=desc&limit=3'))).toEqual([
    'Board 30',
    'Board 29',
    'Board 28',
  ]);
  // updated_at runs opposite to creation: the newest update is Board 01's
  expect(names(await list('limit=3'))).toEqual(['Board 01', 'Board 02', 'Board 03']);
  expect(names(await list('sort=updated_at&order=asc&limit=2'))).toEqual(['Board 30', 'Board 29']);
});

it('searches name and description case-insensitively, within what the caller may see', async () => {
  const body = await list('search=revenue&sort=name&order=asc&limit=100');
  const expected = NAMES.filter((_, index) => index % 3 === 0);
  expect(names(body)).toEqual(expected);
  expect(body.pagination.total).toBe(10);
  expect(names(await list('search=bOaRd%2012'))).toEqual(['Board 12']);
  // LIKE wildcards in a term match only themselves
  expect((await list('search=%25')).pagination.total).toBe(0);
  expect((await list('search=Board_0')).pagination.total).toBe(0);
  expect((await list('search=nothing-matches')).pagination).toMatchObject({
    total: 0,
    total_pages: 0,
    has_next: false,
  });
});

it('refuses bad paging and sort values, naming them', async () => {
  for (const [query, field] of [
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['page=0', 'page'],
    ['offset=-1', 'offset'],
    ['sort=owner', 'sort'],
    ['order=up', 'order'],
    ['include_archived=maybe', 'include_archived'],
  ]) {
    const response = await app.request().get(`/api/dashboards?${query}`).set(bearer(user.jwt));
    expect({ query, status: response.status, path: response.body.error?.details?.errors?.[0]?.path }).toEqual(
      {
        query,
        status: 400,
        path: [field],
      }
    );
  }
});
