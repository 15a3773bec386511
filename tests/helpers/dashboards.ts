import crypto from 'crypto';
import { ACTIONS } from '../../contracts/permissions';
import { ALL_ROUTES } from '../../server/routes';
import { createUser, type UserPrincipal } from './principals';
import type { TestApp } from './strapi';

/** Every content-API action of the dashboards resource, as Settings → Users & Permissions names them. */
export const ALL_CONTENT_ACTIONS = [...new Set(ALL_ROUTES.map((route) => route.contentApiAction))];

/** Every admin RBAC action of dashboards and the query engine. */
export const ALL_ADMIN_ACTIONS: string[] = Object.values(ACTIONS);

/**
 * The callers of the dashboard CRUD tests: a pro user (with `proActions` besides every dashboards
 * action), a free user, and another pro user whose dashboards are not the first one's.
 */
export async function createPlanUsers(
  app: TestApp,
  proActions: string[] = []
): Promise<{ pro: UserPrincipal; free: UserPrincipal; other: UserPrincipal }> {
  return {
    pro: await createUser(app, { actions: [...ALL_CONTENT_ACTIONS, ...proActions], plan: 'pro' }),
    free: await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'free' }),
    other: await createUser(app, { actions: ALL_CONTENT_ACTIONS, plan: 'pro' }),
  };
}

/** What a copy of a dashboard (duplicate, export then import) keeps of each of its tiles. */
export const tileShape = (dashboard: { tiles: Record<string, unknown>[] }) =>
  dashboard.tiles.map(
    ({ title, tile_type, chart_type, source, chart_config, grid_x, grid_y, grid_w, grid_h }) => ({
      title,
      tile_type,
      chart_type,
      source,
      chart_config,
      grid_x,
      grid_y,
      grid_w,
      grid_h,
    })
  );

export interface SeededDashboard {
  id: string;
  rowId: number;
  tileIds: string[];
}

/** A dashboard written straight to the database (for the tests of what callers may do with it). */
export async function seedDashboard(
  app: TestApp,
  options: {
    name?: string;
    owner?: number;
    ownerAdmin?: number;
    members?: { user: number; role: 'editor' | 'viewer' }[];
    workspace?: number;
    tiles?: number;
    extra?: Record<string, unknown>;
  } = {}
): Promise<SeededDashboard> {
  const db = app.strapi.db;
  const row = await db.query('plugin::dashboards.dashboard').create({
    data: {
      name: options.name ?? 'Seeded dashboard',
      owner: options.owner,
      owner_admin: options.ownerAdmin,
      workspace: options.workspace,
      layout: { columns: 12, rowHeight: 80, gap: 16 },
      ...options.extra,
    },
  });
  const tileIds: string[] = [];
  for (let index = 0; index < (options.tiles ?? 1); index += 1) {
    const tile = await db.query('plugin::dashboards.tile').create({
      data: {
        dashboard: row.id,
        title: `Tile ${index + 1}`,
        tile_type: 'chart',
        chart_type: 'bar',
        source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT 1 AS one' },
        chart_config: { xField: 'one', yField: 'one' },
        grid_x: (index % 3) * 4,
        grid_y: Math.floor(index / 3) * 3,
        grid_w: 4,
        grid_h: 3,
      },
    });
    tileIds.push(tile.documentId);
  }
  for (const member of options.members ?? []) {
    await db.query('plugin::dashboards.member').create({ data: { dashboard: row.id, ...member } });
  }
  return { id: row.documentId, rowId: row.id, tileIds };
}

/**
 * A checksum of every row of the plugin's tables and link tables: a refused write must leave it
 * unchanged.
 */
export async function pluginTablesChecksum(app: TestApp): Promise<string> {
  const tables = new Set<string>();
  for (const [uid, meta] of app.strapi.db.metadata as unknown as Map<string, any>) {
    if (!uid.startsWith('plugin::dashboards.')) continue;
    tables.add(meta.tableName);
    for (const attribute of Object.values<any>(meta.attributes)) {
      if (attribute.joinTable) tables.add(attribute.joinTable.name);
    }
  }
  const hash = crypto.createHash('sha256');
  for (const table of [...tables].sort()) {
    const rows = await app.strapi.db.connection(table).select('*').orderBy('id');
    hash.update(table).update(JSON.stringify(rows));
  }
  return hash.digest('hex');
}
