import fs from 'fs';
import path from 'path';
import { buildOpenApi } from '../server/openapi';
import { ALL_ROUTES } from '../server/routes';

it('docs/openapi.json is what the route table generates (run `npm run openapi` after changing a route)', () => {
  const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
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
      expect(operation['x-users-permissions-action']).toBe(`plugin::dashboards.${route.handler}`);
    }
  });
  expect(ALL_ROUTES.filter((route) => route.public).length).toBeGreaterThan(0);
});
