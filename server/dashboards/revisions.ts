import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  ListRevisionsResponse,
  Revision,
  RevisionChange,
  RevisionContent,
  RevisionListItem,
} from '../../contracts/revisions';
import type { DashboardPermissions } from '../../contracts/dashboards';
import { sameJson } from '../../contracts/same-json';
import { UID } from '../content-types';
import { getConfig } from '../config';
import { dashboardRows } from '../db/dashboards';
import type { RevisionRow } from '../db/rows';
import { getService } from '../get-service';
import { principalRef, type Principal } from '../permissions/principal';
import { loadDashboard } from './access';
import { describeChanges, summarize } from './revision-changes';
import { iso, toDashboard, toExport } from './serialize';
import { updateDashboardSchema } from './dashboard-schema';
import { validate } from '../http/validate';

/** How a save came about, when its changes alone would not say it. */
export interface SaveReason {
  created?: boolean;
  restored?: number;
}

const NO_PERMISSIONS: DashboardPermissions = {
  can_edit: false,
  can_delete: false,
  can_share: false,
  role: 'viewer',
};

/**
 * Version history: every save of a dashboard (its layout, tiles, filters, settings) keeps a
 * revision, written in the save's own transaction; the last `revisions.keep` are kept.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const revisions = () => strapi.db.query(UID.revision);

  /** The dashboard as it is now (within the caller's transaction), in the form a revision keeps. */
  async function contentOf(dashboardId: number): Promise<RevisionContent> {
    const row = await dashboardRows(strapi).withTiles({ id: dashboardId });
    if (!row) throw new errors.NotFoundError('Dashboard not found or access denied');
    const dashboard = toDashboard(row, NO_PERMISSIONS);
    const exported = toExport(dashboard).dashboard;
    return {
      ...exported,
      tiles: exported.tiles.map((tile, index) => ({ id: dashboard.tiles[index].id, ...tile })),
    };
  }

  const latest = (dashboardId: number): Promise<RevisionRow | null> =>
    revisions().findOne({ where: { dashboard: { id: dashboardId } }, orderBy: { number: 'desc' } });

  function toItem(row: RevisionRow, current: number): RevisionListItem {
    const changes = (row.changes ?? []) as RevisionChange[];
    return {
      id: row.documentId,
      number: row.number,
      created_at: iso(row.createdAt)!,
      author: row.author ?? null,
      author_name: row.author_name ?? null,
      changes,
      summary: summarize(changes),
      is_current: row.number === current,
    };
  }

  async function revisionOf(dashboardId: number, revisionId: string): Promise<RevisionRow> {
    const row = await revisions().findOne({
      where: { documentId: revisionId, dashboard: { id: dashboardId } },
    });
    if (!row) throw new errors.NotFoundError('Revision not found');
    return row;
  }

  return {
    /**
     * Keeps the dashboard's state after a save: call it inside the save's transaction, after the
     * writes (the dashboard row the save updated stays locked until it commits, so two saves number
     * their revisions one after the other). A save that changed nothing keeps no revision.
     */
    async record(principal: Principal, dashboardId: number, reason: SaveReason = {}) {
      const content = await contentOf(dashboardId);
      const last = await latest(dashboardId);
      const described = describeChanges((last?.content as RevisionContent | undefined) ?? null, content);
      const lead: RevisionChange[] = reason.created
        ? [{ type: 'created' }]
        : reason.restored !== undefined
          ? [{ type: 'restored', number: reason.restored }]
          : last
            ? []
            : [{ type: 'first_kept' }];
      if (last && !lead.length && (!described.length || sameJson(last.content, content))) return;
      const number = (last?.number ?? 0) + 1;
      await revisions().create({
        data: {
          dashboard: dashboardId,
          number,
          content,
          changes: [...lead, ...described],
          author: principalRef(principal),
          author_name: principal.name ?? null,
        },
      });
      const keep = getConfig(strapi).revisions.keep;
      await revisions().deleteMany({
        where: { dashboard: { id: dashboardId }, number: { $lte: number - keep } },
      });
    },

    async list(principal: Principal, documentId: string): Promise<ListRevisionsResponse> {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'update');
      const rows: RevisionRow[] = await revisions().findMany({
        where: { dashboard: { id: dashboard.id } },
        select: ['id', 'documentId', 'number', 'changes', 'author', 'author_name', 'createdAt'],
        orderBy: { number: 'desc' },
      });
      const current = rows[0]?.number ?? 0;
      return { data: rows.map((row) => toItem(row, current)) };
    },

    async findOne(principal: Principal, documentId: string, revisionId: string): Promise<Revision> {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'update');
      const row = await revisionOf(dashboard.id, revisionId);
      const current = (await latest(dashboard.id))?.number ?? row.number;
      return { ...toItem(row, current), content: row.content as RevisionContent };
    },

    /**
     * Puts the dashboard back as the revision kept it, through the same update as a save (the
     * caller's rights over each tile's source are checked again); that is itself a new revision.
     * Tiles still on the dashboard keep their ids; tiles removed since come back as new tiles.
     */
    async restore(principal: Principal, documentId: string, revisionId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'update', { tiles: true });
      const row = await revisionOf(dashboard.id, revisionId);
      const content = row.content as RevisionContent;
      const present = new Set((dashboard.tiles ?? []).map((tile) => tile.documentId));
      const { name, description, tags, layout, settings, filters, embed } = content;
      const input = validate(updateDashboardSchema, {
        name,
        description,
        tags,
        layout,
        settings,
        filters,
        embed,
        tiles: content.tiles.map(({ id, ...tile }) => (present.has(id) ? { id, ...tile } : tile)),
      });
      return getService(strapi, 'dashboard').update(principal, documentId, input, {
        restored: row.number,
      });
    },
  };
};
