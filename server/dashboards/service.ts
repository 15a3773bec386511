import type { Core } from '@strapi/strapi';
import type { ListDashboardsResponse } from '../../contracts/dashboards';
import { UID } from '../content-types';
import type { Principal } from '../permissions/principal';
import { permissionsFor, visibleWhere } from './access';
import { toListItem } from './serialize';
import type { ListQuery } from './validation';

const DEFAULT_LIMIT = 20;
const SORT_COLUMNS = { created_at: 'createdAt', updated_at: 'updatedAt', name: 'name' } as const;

const LIST_POPULATE = {
  tiles: { count: true },
  owner: { select: ['id', 'username'] },
  owner_admin: { select: ['id', 'firstname', 'lastname', 'username'] },
  workspace: { select: ['documentId', 'name'] },
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(principal: Principal, query: ListQuery): Promise<ListDashboardsResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? ((query.page ?? 1) - 1) * limit;
    const conditions: Record<string, unknown>[] = [visibleWhere(principal)];
    if (!query.include_archived) conditions.push({ is_archived: false });
    if (query.workspace_id) conditions.push({ workspace: { documentId: query.workspace_id } });
    if (query.search) {
      conditions.push({
        $or: [{ name: { $containsi: query.search } }, { description: { $containsi: query.search } }],
      });
    }
    const where = { $and: conditions };
    const order = query.order ?? 'desc';
    const orderBy = [{ [SORT_COLUMNS[query.sort ?? 'updated_at']]: order }, { id: order }];

    const [rows, total] = await Promise.all([
      strapi.db.query(UID.dashboard).findMany({ where, orderBy, offset, limit, populate: LIST_POPULATE }),
      strapi.db.query(UID.dashboard).count({ where }),
    ]);

    const page = Math.floor(offset / limit) + 1;
    const totalPages = Math.ceil(total / limit);
    return {
      data: rows.map((row: Record<string, any>) => toListItem(row, permissionsFor(principal, row))),
      pagination: {
        page,
        limit,
        offset,
        total,
        total_pages: totalPages,
        has_next: offset + rows.length < total,
        has_prev: offset > 0,
      },
    };
  },
});
