import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { TestApp } from './strapi';

const PASSWORD = 'Test-password-1';
const unique = (label: string) => `${label}-${crypto.randomBytes(4).toString('hex')}`;

export interface AdminPrincipal {
  id: number;
  email: string;
  token: string;
}

/** An admin permission on a subject (a content type), limited to fields or by conditions. */
export interface AdminPermission {
  action: string;
  subject: string;
  fields?: string[];
  conditions?: string[];
}

/**
 * An active admin-panel user whose role holds exactly `actions` (plugin::dashboards.* …) and
 * `permissions` (on content types), or the Super Admin role with `{ superAdmin: true }`, logged
 * in through POST /admin/login.
 */
export async function createAdmin(
  app: TestApp,
  options: { actions?: string[]; permissions?: AdminPermission[]; superAdmin?: boolean; email?: string } = {}
): Promise<AdminPrincipal> {
  const { strapi } = app;
  const roleService = strapi.service('admin::role');
  let roleId: number;
  if (options.superAdmin) {
    roleId = (await roleService.getSuperAdmin()).id;
  } else {
    const role = await roleService.create({ name: unique('role'), description: 'test role' });
    const permissions = [
      ...(options.actions ?? []).map((action) => ({ action, subject: null, conditions: [], properties: {} })),
      ...(options.permissions ?? []).map(({ action, subject, fields, conditions }) => ({
        action,
        subject,
        conditions: conditions ?? [],
        properties: fields ? { fields } : {},
      })),
    ];
    await roleService.assignPermissions(role.id, permissions);
    roleId = role.id;
  }
  const email = options.email ?? `${unique('admin')}@test.local`;
  const user = await strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: 'Admin',
    password: PASSWORD,
    isActive: true,
    roles: [roleId],
  });
  const response = await app.request().post('/admin/login').send({ email, password: PASSWORD });
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${response.text}`);
  return { id: user.id, email, token: response.body.data.token };
}

export interface UserPrincipal {
  id: number;
  email: string;
  username: string;
  jwt: string;
}

/** A users-permissions role (by type) holding exactly `actions` — created when it does not exist. */
export async function ensureUserRole(strapi: Core.Strapi, type: string, actions: string[]) {
  let role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } });
  if (!role) {
    role = await strapi.db
      .query('plugin::users-permissions.role')
      .create({ data: { name: type, type, description: type } });
  }
  await strapi.db.query('plugin::users-permissions.permission').deleteMany({ where: { role: role.id } });
  for (const action of actions) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
  return role;
}

/**
 * A confirmed users-permissions user in a role — `role` names an existing role type, or `actions`
 * gives it a fresh role with exactly those actions — logged in through POST /api/auth/local.
 */
export async function createUser(
  app: TestApp,
  options: { role?: string; actions?: string[]; plan?: 'free' | 'pro'; extra?: Record<string, unknown> } = {}
): Promise<UserPrincipal> {
  const { strapi } = app;
  const role = options.actions
    ? await ensureUserRole(strapi, unique('role'), options.actions)
    : await strapi.db
        .query('plugin::users-permissions.role')
        .findOne({ where: { type: options.role ?? 'authenticated' } });
  if (!role) throw new Error(`no users-permissions role ${options.role}`);
  const username = unique('user');
  const email = `${username}@test.local`;
  const user = await strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username,
      email,
      password: PASSWORD,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
      plan: options.plan ?? 'free',
      ...options.extra,
    });
  const response = await app
    .request()
    .post('/api/auth/local')
    .send({ identifier: email, password: PASSWORD });
  if (response.status !== 200) throw new Error(`user login failed: ${response.status} ${response.text}`);
  return { id: user.id, email, username, jwt: response.body.jwt };
}

/** A custom Strapi API token allowed exactly `actions` (content-API actions such as plugin::dashboards.dashboard.find). */
export async function createApiToken(app: TestApp, actions: string[]): Promise<string> {
  const token = await app.strapi.service('admin::api-token').create({
    name: unique('token'),
    description: 'test token',
    type: 'custom',
    lifespan: null,
    permissions: actions,
  });
  return token.accessKey;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
