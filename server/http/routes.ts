import type { Context } from 'koa';
import type { z } from 'zod';
import { PLUGIN_ID } from '../content-types';
import { resolvePrincipal, type Principal } from '../permissions/principal';
import { contentApiAuth, shareTokenOf } from './auth';
import { answerOwnErrors } from './errors';
import { rateLimited, type Bucket } from './rate-limit';
import { validate } from './validate';

/** One route as its table declares it; the table's key is the controller action that answers it. */
export interface RouteDeclaration {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the plugin's resource (/api/dashboards in the content API, /dashboards/dashboards in the admin API). */
  path: string;
  /** A content-API path outside the plugin's prefix (`/dashboard/stats` → /api/dashboard/stats). */
  contentApiPath?: string;
  /** The admin RBAC action that guards the admin-panel route; null for a public route (no admin twin). */
  adminAction: string | null;
  /** No authentication: the route checks what it is given itself (a share or embed token). */
  public?: true;
  /** Also open to a share token instead of credentials (`?share_token=`); the principal is then null. */
  acceptsShareToken?: true;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body's schema when it depends on the request or the configuration; `body` documents its shape. */
  bodyOf?: (body: unknown) => z.ZodType;
  /** The success status and what it returns. */
  success: [number, string];
  /** The rate-limit bucket the route draws on. */
  rateLimit?: Bucket;
  /** Route middlewares run before the input is checked. */
  middlewares?: ((ctx: Context, next: () => Promise<unknown>) => Promise<unknown>)[];
}

/** A declared route with the names derived from its table: `handler` (controller.action) and its users-permissions action. */
export type RouteSpec<
  Declaration extends RouteDeclaration = RouteDeclaration,
  Controller extends string = string,
  Action extends string = string,
> = Declaration & {
  handler: `${Controller}.${Action}`;
  /** The users-permissions action a content-API caller needs (Settings → Users & Permissions). */
  contentApiAction: `plugin::dashboards.${Controller}.${Action}`;
};

export type RouteTable<Controller extends string, Table extends Record<string, RouteDeclaration>> = {
  [Action in keyof Table & string]: RouteSpec<Table[Action], Controller, Action>;
};

/**
 * The routes one controller answers, keyed by action. The order of the keys is the order in which
 * they are matched (a literal segment such as `tiles/layout` before `tiles/:tileId`).
 */
export function defineRoutes<Controller extends string, Table extends Record<string, RouteDeclaration>>(
  controller: Controller,
  table: Table
): RouteTable<Controller, Table> {
  return Object.fromEntries(
    Object.entries(table).map(([action, declaration]) => [
      action,
      {
        ...declaration,
        handler: `${controller}.${action}`,
        contentApiAction: `plugin::${PLUGIN_ID}.${controller}.${action}`,
      },
    ])
  ) as RouteTable<Controller, Table>;
}

type Parsed<Declaration, Key extends string> = Declaration extends { [K in Key]: infer Schema }
  ? Schema extends z.ZodType
    ? z.output<Schema>
    : undefined
  : undefined;

/** What the route layer hands a controller action: its input, validated, and who is calling. */
export interface RouteInput<Declaration extends RouteDeclaration> {
  params: Parsed<Declaration, 'params'>;
  query: Parsed<Declaration, 'query'>;
  body: Parsed<Declaration, 'body'>;
  principal: Declaration extends { public: true }
    ? null
    : Declaration extends { acceptsShareToken: true }
      ? Principal | null
      : Principal;
}

/** A controller action: given the route's input, it returns the response body (nothing for 204). */
export type Action<Declaration extends RouteDeclaration> = (
  input: RouteInput<Declaration>,
  ctx: Context
) => Promise<unknown> | unknown;

/**
 * The controller actions of a route table, one per route: a missing or misnamed action is a type
 * error. Each answers with the route's success status unless it sets another one itself.
 */
export function actionsFor<Table extends Record<string, RouteSpec>>(
  table: Table,
  actions: { [Name in keyof Table]: Action<Table[Name]> }
): Record<keyof Table, (ctx: Context) => Promise<void>> {
  return Object.fromEntries(
    Object.entries(table).map(([name, route]) => [
      name,
      async (ctx: Context) => {
        ctx.status = route.success[0];
        const answer = await actions[name](ctx.state.input, ctx);
        if (answer !== undefined && ctx.status !== 204) ctx.body = answer;
      },
    ])
  ) as Record<keyof Table, (ctx: Context) => Promise<void>>;
}

/**
 * Route middleware: who is calling (`ctx.state.principal`) and the route's params, query and body
 * checked against its schemas (`ctx.state.input`), refused with a 400 naming the field.
 */
const withInput = (spec: RouteSpec) => async (ctx: Context, next: () => Promise<unknown>) => {
  const principal =
    spec.public || (spec.acceptsShareToken && shareTokenOf(ctx) !== null) ? null : resolvePrincipal(ctx);
  const rawBody = (ctx.request as { body?: unknown }).body ?? {};
  const bodySchema = spec.bodyOf ? spec.bodyOf(rawBody) : spec.body;
  ctx.state.principal = principal;
  ctx.state.input = {
    principal,
    params: spec.params ? validate(spec.params, ctx.params) : undefined,
    query: spec.query ? validate(spec.query, ctx.query) : undefined,
    body: bodySchema ? validate(bodySchema, rawBody) : undefined,
  };
  await next();
};

const middlewaresOf = (spec: RouteSpec) => [
  answerOwnErrors,
  ...(spec.rateLimit ? [rateLimited(spec.rateLimit)] : []),
  ...(spec.middlewares ?? []),
  withInput(spec),
];

/** Content API: /api/dashboards/…, each route guarded by its own users-permissions action. */
export const toContentApiRoutes = (specs: RouteSpec[]) =>
  specs.map((spec) => ({
    method: spec.method,
    path: spec.contentApiPath ?? spec.path,
    handler: spec.handler,
    config: {
      ...(spec.contentApiPath ? { prefix: '' } : {}),
      auth: spec.public ? false : contentApiAuth(spec.contentApiAction, spec.acceptsShareToken),
      middlewares: middlewaresOf(spec),
    },
  }));

/** Admin API: /dashboards/dashboards/… for the admin panel, guarded by the plugin's RBAC actions. */
export const toAdminRoutes = (specs: RouteSpec[]) =>
  specs
    .flatMap((spec) => (spec.adminAction === null ? [] : [{ ...spec, adminAction: spec.adminAction }]))
    .map((spec) => ({
      method: spec.method,
      path: spec.path === '/' ? '/dashboards' : `/dashboards${spec.path}`,
      handler: spec.handler,
      config: {
        policies: [
          'admin::isAuthenticatedAdmin',
          { name: 'admin::hasPermissions', config: { actions: [spec.adminAction] } },
        ],
        middlewares: middlewaresOf(spec),
      },
    }));
