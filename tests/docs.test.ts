import fs from 'fs';
import path from 'path';
import { buildOpenApi } from '../server/openapi';

it('docs/openapi.json is what the route table generates (run `npm run openapi` after changing a route)', () => {
  const committed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'docs', 'openapi.json'), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
});

it('describes every content-API route with its users-permissions action', () => {
  const operations = Object.values(buildOpenApi().paths).flatMap((methods) =>
    Object.values(methods)
  ) as any[];
  expect(operations).toHaveLength(19);
  expect(
    operations.every((operation) => operation['x-users-permissions-action'].startsWith('plugin::dashboards.'))
  ).toBe(true);
});
