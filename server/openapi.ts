import { z } from 'zod';
import type { RouteSpec } from './http/routes';
import { ALL_ROUTES } from './routes';

const ERROR_STATUSES: Record<number, string> = {
  400: 'Invalid input: `error.details.errors[]` names each field',
  401: 'Missing or invalid credentials',
  403: 'The caller lacks the action, the entitlement or the dashboard role',
  404: 'Not found, or not visible to the caller',
  409: 'A refresh of the dashboard is running',
};

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

function operation(route: RouteSpec) {
  const pathSchemas = (route.params ? (jsonSchema(route.params).properties ?? {}) : {}) as Record<
    string,
    object
  >;
  const parameters: object[] = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: pathSchemas[name] ?? { type: 'string' },
  }));
  if (route.query) {
    const properties = (jsonSchema(route.query).properties ?? {}) as Record<string, object>;
    for (const [name, schema] of Object.entries(properties)) parameters.push({ name, in: 'query', schema });
  }
  const [status, description] = route.success;
  return {
    operationId: route.handler,
    summary: route.summary,
    ...(route.public
      ? { security: [] }
      : {
          'x-users-permissions-action': route.contentApiAction,
          'x-admin-action': route.adminAction,
        }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.body) } },
          },
        }
      : {}),
    responses: {
      [status]: { description },
      ...Object.fromEntries(
        Object.entries(ERROR_STATUSES).map(([code, text]) => [code, { description: text }])
      ),
    },
  };
}

/** The OpenAPI 3.1 description of the plugin's content-API routes, built from the route table itself. */
export function buildOpenApi() {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of ALL_ROUTES) {
    const relative = route.contentApiPath ?? `/dashboards${route.path === '/' ? '' : route.path}`;
    const path = `/api${relative.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'strapi-plugin-dashboards',
      version: '1',
      description:
        'Content API of the dashboards plugin. The admin panel calls the same handlers under /dashboards/dashboards with an admin JWT and the x-admin-action RBAC action.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/api.md: the route table as a newcomer reads it, generated with docs/openapi.json. */
export function buildApiMarkdown(): string {
  const rows = ALL_ROUTES.map((route) => {
    const relative = route.contentApiPath ?? `/dashboards${route.path === '/' ? '' : route.path}`;
    const access = route.public
      ? 'public'
      : `\`${route.contentApiAction}\`${route.adminAction ? ` · admin \`${route.adminAction}\`` : ''}`;
    const [status, answer] = route.success;
    return `| ${route.method} | \`/api${relative}\` | ${cell(route.summary)} | ${status} ${cell(answer)} | ${access} |`;
  });
  return [
    '# API',
    '',
    '<!-- Generated from the route table by `npm run openapi`; edit server/*/routes.ts, not this file. -->',
    '',
    'Content API, with `Authorization: Bearer <users-permissions JWT or API token>` (public routes',
    'need none). The admin panel calls the same handlers under `/dashboards/dashboards` with an admin',
    'JWT and the admin RBAC action shown. Every route is also described, with its parameters and body',
    'schemas, in [openapi.json](openapi.json).',
    '',
    "Errors use Strapi's format `{data: null, error: {status, name, message, details}}`: 400 lists every",
    'bad field in `details.errors[] {path, message}` (unknown body fields are refused), 401 missing or',
    'invalid credentials, 403 a missing action, entitlement or dashboard role, 404 not found or not',
    'visible to the caller (never a 403 that would reveal it exists), 409 a refresh already running.',
    '',
    '| Method | Path | Does | Answers | Action |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
