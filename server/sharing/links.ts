import argon2 from 'argon2';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { UID } from '../content-types';
import { loadDashboard } from '../dashboards/access';
import { iso } from '../dashboards/serialize';
import type { CreatedShareLink, PublicShare, ShareLink } from '../../contracts/sharing';
import { CredentialsError, GoneError } from '../http/errors';
import { consume, ensureNotBlocked } from '../http/rate-limit';
import { principalRef, type Principal } from '../permissions/principal';
import type { Published, SharingContext } from './context';
import type { DashboardRow, ShareLinkRow } from '../db/rows';
import { rowReader } from './rows';
import type { snapshotStore } from './snapshots';
import { newShareToken, SHARE_TOKEN, tokenHash } from './tokens';
import type { ShareBody, ShareLinkBody } from './validation';
import { dashboardRows } from '../db/dashboards';

export const SHARED_EVENT = 'dashboard.shared';

/** A protected link's password, sent in `X-Share-Password` (never in the URL). */
export const sharePasswordOf = (ctx: Context) => {
  const given = ctx.request.header['x-share-password'];
  return typeof given === 'string' ? given : undefined;
};

/** The public token and share links: made, listed, rotated, revoked, and opened by readers. */
export function shareLinks(
  { strapi, sealer, origin, shareUrl }: SharingContext,
  { takeSnapshot, publicStructure }: ReturnType<typeof snapshotStore>
) {
  const links = () => strapi.db.query(UID.shareLink);
  const rows = rowReader(strapi);

  const toLink = (row: ShareLinkRow, token: string | null): ShareLink => ({
    id: row.documentId,
    kind: row.kind,
    share_token: token,
    share_url: token ? shareUrl(token) : null,
    expires_at: iso(row.expires_at),
    password_protected: Boolean(row.password_protected),
    access_level: row.access_level,
    access_count: row.access_count ?? 0,
    last_accessed_at: iso(row.last_accessed_at),
    revoked: Boolean(row.revoked),
    created_by: row.created_by ?? null,
    created_at: iso(row.createdAt),
  });

  async function createLink(
    principal: Principal,
    dashboard: DashboardRow,
    kind: 'public' | 'link',
    body: ShareLinkBody = {}
  ) {
    const token = newShareToken();
    const row = await links().create({
      data: {
        dashboard: dashboard.id,
        kind,
        token_hash: tokenHash(token),
        token_sealed: sealer().seal(token),
        expires_at: body.expires_at ?? null,
        password_protected: Boolean(body.password),
        password_hash: body.password ? await argon2.hash(body.password) : null,
        access_level: body.access_level ?? 'view',
        created_by: principalRef(principal),
      },
    });
    return { row, token };
  }

  async function revokeWhere(where: Record<string, unknown>) {
    const live = await links().findMany({ where: { ...where, revoked: false }, select: ['id'] });
    if (live.length === 0) return;
    await links().updateMany({
      where: { id: { $in: live.map((link: ShareLinkRow) => link.id) } },
      data: { revoked: true, revoked_at: new Date() },
    });
  }

  /** Sharing takes a snapshot and tells webhooks. */
  async function shared(principal: Principal, dashboard: DashboardRow, link: ShareLinkRow) {
    await takeSnapshot(principal, dashboard, 'on_share');
    strapi.eventHub.emit(SHARED_EVENT, {
      dashboard: { id: dashboard.documentId, name: dashboard.name },
      share_link: { id: link.documentId, kind: link.kind, expires_at: iso(link.expires_at) },
      shared_by: principalRef(principal),
    });
  }

  async function share(
    principal: Principal,
    documentId: string,
    body: ShareBody
  ): Promise<PublicShare | CreatedShareLink> {
    const dashboard = await loadDashboard(strapi, principal, documentId, 'share', { tiles: true });
    if ('is_public' in body) {
      if (!body.is_public) {
        // every link revoked, and every embed token signed so far opens nothing
        await strapi.db.transaction(async () => {
          await revokeWhere({ dashboard: { id: dashboard.id } });
          await strapi.db.query(UID.dashboard).update({
            where: { id: dashboard.id },
            data: { is_public: false, share_version: (dashboard.share_version ?? 0) + 1 },
          });
        });
        return { is_public: false, share_token: null, share_url: null };
      }
      const current = await links().findOne({
        where: { dashboard: { id: dashboard.id }, kind: 'public', revoked: false },
      });
      const token = current ? sealer().open(current.token_sealed) : null;
      if (current && token) return { is_public: true, share_token: token, share_url: shareUrl(token) };
      const created = await strapi.db.transaction(async () => {
        if (current) await revokeWhere({ id: current.id });
        const link = await createLink(principal, dashboard, 'public');
        await dashboardRows(strapi).setPublic(dashboard.id, true);
        return link;
      });
      await shared(principal, dashboard, created.row);
      return { is_public: true, share_token: created.token, share_url: shareUrl(created.token) };
    }
    const { row, token } = await createLink(principal, dashboard, 'link', body);
    await shared(principal, dashboard, row);
    return {
      ...toLink(row, token),
      share_link: shareUrl(token),
      api_url: `${origin()}/api/dashboards/${dashboard.documentId}?share_token=${token}`,
    };
  }

  async function linkOf(principal: Principal, documentId: string, linkId: string) {
    const dashboard = await loadDashboard(strapi, principal, documentId, 'share');
    const link = await links().findOne({ where: { documentId: linkId, dashboard: { id: dashboard.id } } });
    if (!link) throw new errors.NotFoundError('Share link not found');
    return { dashboard, link };
  }

  /** The live link a public token names, with its dashboard: 404 when unknown or revoked, 410 when expired. */
  async function find(token: string) {
    if (!SHARE_TOKEN.test(token)) throw new errors.NotFoundError('Share link not found');
    // one statement for the link and its dashboard: this runs on every public request
    const join = rows.link(UID.shareLink, 'dashboard');
    const row = await rows
      .knex()(`${rows.table(UID.shareLink)} as l`)
      .join(`${join.name} as j`, `j.${join.owner}`, 'l.id')
      .join(`${rows.table(UID.dashboard)} as d`, 'd.id', `j.${join.target}`)
      .where('l.token_hash', tokenHash(token))
      .first([...rows.columns(UID.shareLink, 'l'), ...rows.columns(UID.dashboard, 'd')]);
    const link: (ShareLinkRow & { dashboard: DashboardRow }) | null = row
      ? {
          ...rows.read<ShareLinkRow>(UID.shareLink, row, 'l'),
          dashboard: rows.read<DashboardRow>(UID.dashboard, row, 'd'),
        }
      : null;
    if (!link || link.revoked || !link.dashboard) throw new errors.NotFoundError('Share link not found');
    if (link.kind === 'public' && !link.dashboard.is_public)
      throw new errors.NotFoundError('Share link not found');
    if (link.expires_at && new Date(link.expires_at).getTime() <= Date.now()) {
      throw new GoneError('This share link has expired', { expired_at: iso(link.expires_at) });
    }
    return link;
  }

  /** 401 when a protected link's password is missing or wrong; wrong ones are rate limited per link and IP. */
  async function unlock(ctx: Context, link: ShareLinkRow, password: string | undefined) {
    if (!link.password_protected) return;
    const key = `${link.id}:${ctx.request.ip}`;
    await ensureNotBlocked(strapi, ctx, 'password', key);
    if (!password)
      throw new CredentialsError('This share link needs a password', { password_required: true });
    if (link.password_hash === null || !(await argon2.verify(link.password_hash, password))) {
      await consume(strapi, ctx, 'password', key);
      throw new CredentialsError('Wrong password', { password_required: true });
    }
  }

  /** One more access, counted in the database (several instances add up). */
  async function countAccess(link: ShareLinkRow) {
    const table = strapi.db.metadata.get(UID.shareLink).tableName;
    await strapi.db
      .connection(table)
      .where('id', link.id)
      .update({
        access_count: strapi.db.connection.raw('?? + 1', ['access_count']),
        last_accessed_at: new Date(),
      });
  }

  /** The dashboard a public token opens for a reader (found, unlocked, counted when `count`), and its publisher. */
  async function open(
    ctx: Context,
    token: string,
    options: { count: boolean; password?: string }
  ): Promise<Published> {
    const link = await find(token);
    await unlock(ctx, link, options.password);
    if (options.count) await countAccess(link);
    return {
      dashboard: link.dashboard,
      publisher: link.created_by as string,
      allowDownload: link.access_level === 'download',
    };
  }

  return {
    share,
    find,
    open,

    /** GET /:id?share_token=: the read-only view a share token of this dashboard opens. */
    async sharedView(ctx: Context, documentId: string, token: string) {
      const opened = await open(ctx, token, { count: true, password: sharePasswordOf(ctx) });
      const { dashboard } = opened;
      if (dashboard.documentId !== documentId) throw new errors.NotFoundError('Share link not found');
      return {
        ...(await publicStructure(dashboard, opened)),
        permissions: { can_edit: false, can_delete: false, can_share: false, role: 'viewer' },
      };
    },

    async listLinks(principal: Principal, documentId: string): Promise<ShareLink[]> {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'share');
      const rows = await links().findMany({
        where: { dashboard: { id: dashboard.id } },
        orderBy: { id: 'asc' },
      });
      return rows.map((row: ShareLinkRow) =>
        toLink(row, row.revoked ? null : sealer().open(row.token_sealed))
      );
    },

    async revokeLink(principal: Principal, documentId: string, linkId: string) {
      const { dashboard, link } = await linkOf(principal, documentId, linkId);
      await strapi.db.transaction(async () => {
        await revokeWhere({ id: link.id });
        if (link.kind === 'public') {
          await dashboardRows(strapi).setPublic(dashboard.id, false);
        }
      });
    },

    /** A new token for the same link (same expiry, password and counts): the old one opens nothing. */
    async rotateLink(principal: Principal, documentId: string, linkId: string) {
      const { link } = await linkOf(principal, documentId, linkId);
      if (link.revoked) throw new errors.NotFoundError('Share link not found');
      const token = newShareToken();
      const row = await links().update({
        where: { id: link.id },
        data: { token_hash: tokenHash(token), token_sealed: sealer().seal(token) },
      });
      return toLink(row, token);
    },

    /** A live link's token, opened from its sealed copy (null once revoked or when the secret changed). */
    tokenOf: (link: ShareLinkRow) => (link.revoked ? null : sealer().open(link.token_sealed)),

    /** The public token of a dashboard, for those who may share it (the dashboard's `share_token`). */
    async publicTokenOf(dashboardId: number) {
      const link = await links().findOne({
        where: { dashboard: { id: dashboardId }, kind: 'public', revoked: false },
      });
      return link ? sealer().open(link.token_sealed) : null;
    },
  };
}
