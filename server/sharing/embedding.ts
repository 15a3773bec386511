import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { loadDashboard, notFound } from '../dashboards/access';
import { GoneError } from '../http/errors';
import { principalRef, type Principal } from '../permissions/principal';
import type { Published, SharingContext } from './context';
import type { DashboardRow } from '../db/rows';
import type { shareLinks } from './links';
import type { snapshotStore } from './snapshots';
import type { EmbedInfo } from '../../contracts/sharing';
import type { EmbedOptions } from './validation';
import { dashboardRows } from '../db/dashboards';

/** Embedding: signed embed tokens for a publisher, opened by the embed page and its data route. */
export function embedding(
  { strapi, config, signer, origin }: SharingContext,
  { takeSnapshot, newestSnapshot }: ReturnType<typeof snapshotStore>,
  { open }: ReturnType<typeof shareLinks>
) {
  const allowedDomains = (dashboard: DashboardRow): string[] =>
    dashboard.embed_settings?.allowed_domains ?? [];

  function embedQuery(token: string, options: EmbedOptions) {
    const query = new URLSearchParams({ token });
    for (const [key, value] of Object.entries(options))
      if (value !== undefined) query.set(key, String(value));
    return query.toString();
  }

  /**
   * The dashboard an embed token (signed, or a share token) opens, and its publisher. A signed token
   * opens nothing once the dashboard was unshared after it was signed.
   */
  async function openEmbed(
    ctx: Context,
    documentId: string,
    token: string,
    password?: string
  ): Promise<Published> {
    const verified = signer().verify(token);
    if (!verified) {
      const opened = await open(ctx, token, { count: false, password });
      if (opened.dashboard.documentId !== documentId) throw new errors.NotFoundError('Share link not found');
      return opened;
    }
    const { claims } = verified;
    if (claims.d !== documentId) throw new errors.NotFoundError('Dashboard not found');
    const dashboard = await dashboardRows(strapi).withTiles({ documentId });
    if (!dashboard || (dashboard.share_version ?? 0) !== claims.v) throw notFound();
    if (verified.expired) throw new GoneError('This embed link has expired');
    return { dashboard, publisher: claims.p, filtersLocked: claims.lf === true };
  }

  return {
    allowedDomains,
    openEmbed,

    async embed(principal: Principal, documentId: string, options: EmbedOptions): Promise<EmbedInfo> {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'share', { tiles: true });
      const publisher = principalRef(principal);
      if (!(await newestSnapshot(dashboard.id, { fresh: true, by: publisher })))
        await takeSnapshot(principal, dashboard, 'on_share');
      const expires = Math.floor(Date.now() / 1000) + config().embedTokenTtlSeconds;
      const token = signer().sign({
        d: documentId,
        exp: expires,
        p: publisher,
        v: dashboard.share_version ?? 0,
        ...(options.hide_filters ? { lf: true } : {}),
      });
      const embedUrl = `${origin()}/dashboards/embed/${documentId}?${embedQuery(token, options)}`;
      const escaped = embedUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      return {
        embed_url: embedUrl,
        iframe_code: `<iframe src="${escaped}" width="100%" height="600" frameborder="0"></iframe>`,
        allowed_domains: allowedDomains(dashboard),
        embed_token: token,
        expires_at: new Date(expires * 1000).toISOString(),
      };
    },
  };
}
