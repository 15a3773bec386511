import fs from 'fs';
import path from 'path';
import { buildApiMarkdown, buildOpenApi } from '../server/openapi';
import { ALL_ROUTES } from '../server/routes';

it('docs/openapi.json is what the route table generates (run `npm run openapi` after changing a route)', () => {
  const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
});

it('docs/api.md is what the route table generates (run `npm run openapi` after changing a route)', () => {
  const committed = fs.readFileSync(path.join(__dirname, '..', 'docs', 'api.md'), 'utf8');
  expect(committed).toBe(buildApiMarkdown());
});

it('describes every content-API route with its users-permissions action, public routes with no security', () => {
  const operations = Object.values(buildOpenApi().paths).flatMap((methods) =>
    Object.values(methods)
  ) as any[];
  expect(operations).toHaveLength(ALL_ROUTES.length);
  expect(operations.map((operation) => operation.operationId)).toEqual(
    ALL_ROUTES.map((route) => route.handler)
  );
  ALL_ROUTES.forEach((route, index) => {
    const operation = operations[index];
    if (route.public) {
      expect(operation.security).toEqual([]);
      expect(operation['x-users-permissions-action']).toBeUndefined();
    } else {
      expect(operation['x-users-permissions-action']).toBe(route.contentApiAction);
    }
  });
  expect(ALL_ROUTES.filter((route) => route.public).length).toBeGreaterThan(0);
});

it('links only to files of the repository that exist, from the README and docs/', () => {
  const root = path.join(__dirname, '..');
  const pages = [
    'README.md',
    ...fs.readdirSync(path.join(root, 'docs')).map((name) => `docs/${name}`),
  ].filter((page) => page.endsWith('.md'));
  const broken = pages.flatMap((page) =>
    [...fs.readFileSync(path.join(root, page), 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map(([, target]) => target)
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => !fs.existsSync(path.join(root, path.dirname(page), target)))
      .map((target) => `${page} → ${target}`)
  );
  expect(broken).toEqual([]);
});
