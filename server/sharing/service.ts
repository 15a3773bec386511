import type { Core } from '@strapi/strapi';
import { chartConfigWithoutSql } from '../dashboards/sources';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import argon2 from 'argon2';
import { UID } from '../content-types';
import { getConfig } from '../config';
import { CredentialsError, GoneError } from '../http/errors';
import { ensureNotBlocked, consume } from '../http/rate-limit';
import { principalFromRef, principalRef, type Principal } from '../permissions/principal';
import { loadDashboard, notFound, permissionsFor } from '../dashboards/access';
import { resolveFilterParams } from '../dashboards/filters';
import { byPosition, iso, layoutOf, settingsOf, toTile } from '../dashboards/serialize';
import { getService } from '../services';
import type { TileResult } from '../query/tile-data';
import { ContentQueryError } from '../query/content-query';
import type { TileSource } from '../../contracts/dashboards';
import { rowReader } from './rows';
import { embedSigner, newShareToken, SHARE_TOKEN, tokenHash, tokenSealer } from './tokens';
import type { EmbedOptions, ShareBody, ShareLinkBody } from './validation';

type Row = Record<string, any>;

/** A claim on refreshing an expired snapshot lasts this long (then another reader may take it). */
const REFRESH_CLAIM_MS = 10 * 60_000;
/** The one thing a public reader learns of a tile that failed: never the SQL or the database's words. */
export const PUBLIC_TILE_ERROR = 'This tile could not be loaded';

/** What every tile of a published dashboard shows once its publisher may no longer share it. */
export const PUBLISHER_GONE = 'The person who shared this dashboard can no longer share it';

export const SHARED_EVENT = 'dashboard.shared';

/** A dashboard opened by a share or embed token, and who published it (whose rights its data has). */
export interface Published {
  dashboard: Row;
  publisher: string;
}

/** A protected link's password, sent in `X-Share-Password` (never in the URL). */
export const sharePasswordOf = (ctx: Context) => {
  const given = ctx.request.header['x-share-password'];
  return typeof given === 'string' ? given : undefined;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getConfig(strapi).sharing;
  const links = () => strapi.db.query(UID.shareLink);
  const snapshots = () => strapi.db.query(UID.snapshot);

  const secret = (): string =>
    config().secret ??
    (strapi.config.get('admin.auth.secret') as string | undefined) ??
    ((strapi.config.get('server.app.keys') as string[] | undefined) ?? []).join(',');
  const sealer = () => tokenSealer(secret());
  const signer = () => embedSigner(secret());
  /** Links are absolute: `sharing.publicUrl`, else `server.url`, else the origin the request came in on. */
  const origin = () =>
    (
      config().publicUrl ||
      (strapi.config.get('server.url') as string | undefined) ||
      (strapi.requestContext.get() as Context | undefined)?.request.origin ||
      ''
    ).replace(/\/$/, '');
  const shareUrl = (token: string) => `${origin()}/dashboards/shared/${token}`;

  // ----- snapshots ------------------------------------------------------------------------------

  const toSnapshot = (row: Row, dashboardId: string) => ({
    id: row.documentId,
    dashboard_id: dashboardId,
    tile_data: row.tile_data ?? {},
    execution_time_ms: row.execution_time_ms,
    executed_by: row.executed_by,
    trigger_type: row.trigger_type,
    created_at: iso(row.createdAt),
    expires_at: iso(row.expires_at),
  });

  /** Keeps a snapshot written with `executedBy`'s rights; that executor's older ones beyond the kept number go. */
  async function writeSnapshot(
    executedBy: string,
    dashboard: Row,
    trigger: string,
    tileData: Record<string, Row>,
    started: number
  ) {
    const row = await snapshots().create({
      data: {
        dashboard: dashboard.id,
        tile_data: tileData,
        execution_time_ms: Date.now() - started,
        executed_by: executedBy,
        trigger_type: trigger,
        expires_at: new Date(Date.now() + config().snapshotTtlSeconds * 1000),
      },
    });
    const old = await snapshots().findMany({
      where: { dashboard: { id: dashboard.id }, executed_by: executedBy },
      select: ['id'],
      orderBy: { id: 'desc' },
      offset: config().keepSnapshots,
    });
    if (old.length > 0)
      await snapshots().deleteMany({ where: { id: { $in: old.map((item: Row) => item.id) } } });
    return row;
  }

  /**
   * Runs the tiles as `principal` and keeps the results, recorded as computed with its rights. With
   * `tileIds`, only those run and the other tiles keep their data from its own newest snapshot.
   */
  async function takeSnapshot(
    principal: Principal,
    dashboard: Row,
    trigger: string,
    options: { tileIds?: string[]; onResult?: (result: TileResult) => void | Promise<void> } = {}
  ) {
    const started = Date.now();
    const executedBy = principalRef(principal);
    const tiles = [...(dashboard.tiles ?? [])]
      .sort(byPosition)
      .filter((tile) => !options.tileIds || options.tileIds.includes(tile.documentId));
    const results = await getService(strapi, 'tileData').runTiles(
      tiles,
      resolveFilterParams(dashboard.filters, undefined),
      principal,
      options.onResult
    );
    const kept = options.tileIds
      ? ((await newestSnapshot(dashboard.id, { fresh: false, by: executedBy }))?.tile_data ?? {})
      : {};
    const tileData = {
      ...kept,
      ...Object.fromEntries(
        results.map((result) => [
          result.id,
          {
            data: result.data,
            error: result.error,
            executed_at: result.executed_at,
            ...(result.scope ? { scope: result.scope } : {}),
          },
        ])
      ),
    };
    const row = await writeSnapshot(executedBy, dashboard, trigger, tileData, started);
    return { snapshot: toSnapshot(row, dashboard.documentId), results };
  }

  const rows = rowReader(strapi);

  /** The newest snapshot of a dashboard (unexpired only when `fresh`; `by` one executor only), in one statement. */
  async function newestSnapshot(
    dashboardId: number,
    { fresh, by }: { fresh: boolean; by?: string }
  ): Promise<Row | null> {
    const link = rows.link(UID.snapshot, 'dashboard');
    const query = rows
      .knex()(`${rows.table(UID.snapshot)} as s`)
      .join(`${link.name} as j`, `j.${link.owner}`, 's.id')
      .where(`j.${link.target}`, dashboardId)
      .orderBy('s.id', 'desc')
      .first(rows.columns(UID.snapshot, 's'));
    if (fresh) query.where('s.expires_at', '>', new Date());
    if (by) query.where('s.executed_by', by);
    const row = await query;
    return row ? rows.read(UID.snapshot, row, 's') : null;
  }

  /**
   * Whether `publisher` may still publish the dashboard: it exists and may share it. Shared data is
   * computed only with the rights of someone who may share it.
   */
  async function publisherOf(ref: string, documentId: string): Promise<Principal | null> {
    const principal = await principalFromRef(strapi, ref);
    if (!principal) return null;
    try {
      // its role on the dashboard, and its own grant to share (a route checks that one itself)
      const row = await loadDashboard(strapi, principal, documentId, 'share');
      return permissionsFor(principal, row).can_share ? principal : null;
    } catch (error) {
      if (error instanceof errors.NotFoundError || error instanceof errors.PolicyError) return null;
      throw error;
    }
  }

  /**
   * An expired published snapshot is refreshed once, whatever the number of readers and instances:
   * the reader whose conditional update claims it runs the refresh, always with the publisher's
   * rights as they are now. A publisher who may no longer share the dashboard publishes nothing:
   * every tile becomes a notice.
   */
  async function refreshOnce(snapshot: Row, dashboardId: number) {
    const now = new Date();
    const claimed = await strapi.db
      .connection(strapi.db.metadata.get(UID.snapshot).tableName)
      .where('id', snapshot.id)
      .where((where) =>
        where
          .whereNull('refresh_claimed_at')
          .orWhere('refresh_claimed_at', '<', new Date(now.getTime() - REFRESH_CLAIM_MS))
      )
      .update({ refresh_claimed_at: now });
    if (claimed !== 1) return;
    const run = async () => {
      const started = Date.now();
      const dashboard = await strapi.db
        .query(UID.dashboard)
        .findOne({ where: { id: dashboardId }, populate: { tiles: true } });
      if (!dashboard) return;
      const publisher = await publisherOf(snapshot.executed_by, dashboard.documentId);
      if (publisher) {
        await takeSnapshot(publisher, dashboard, 'refresh');
        return;
      }
      const withdrawn = Object.fromEntries(
        (dashboard.tiles ?? []).map((tile: Row) => [
          tile.documentId,
          { data: null, error: PUBLISHER_GONE, executed_at: now.toISOString() },
        ])
      );
      await writeSnapshot(snapshot.executed_by, dashboard, 'refresh', withdrawn, started);
    };
    run().catch((error) =>
      strapi.log.error(`[dashboards] snapshot refresh failed: ${(error as Error).message}`)
    );
  }

  /**
   * A snapshot's tiles as `reader` may see them: each tile only if the reader could see the same
   * figures live — a content-type tile when it may read what the tile reads; an analytics tile when
   * the reader took the snapshot, or when it was computed for everyone (`all`) and the reader may
   * ask for `all`. Any other tile is a notice, never data.
   */
  async function readableTileData(reader: Principal, tiles: Row[], snapshot: Row) {
    const stored = (snapshot.tile_data ?? {}) as Record<string, Row>;
    if (snapshot.executed_by === principalRef(reader)) return stored;
    let widest: Promise<string | null> | undefined;
    const withheld = (entry: Row, reason: string) => ({
      data: null,
      error: `Not shown: ${reason}`,
      executed_at: entry.executed_at,
      withheld: true,
    });
    const readable: Record<string, Row> = {};
    for (const tile of tiles) {
      const entry = stored[tile.documentId];
      if (!entry) continue;
      const source = (tile.source ?? { kind: 'none' }) as TileSource;
      readable[tile.documentId] = entry;
      if (source.kind === 'content-type') {
        try {
          getService(strapi, 'query').checkContent(source, reader);
        } catch (error) {
          if (!(error instanceof ContentQueryError)) throw error;
          readable[tile.documentId] = withheld(entry, error.message);
        }
      } else if (source.kind === 'analytics' && !entry.error) {
        widest ??= getService(strapi, 'analytics').widestScope(reader);
        if (entry.scope !== 'all' || (await widest) !== 'all') {
          readable[tile.documentId] = withheld(
            entry,
            entry.scope === 'all'
              ? 'these figures cover every record, wider than your analytics scope'
              : "these figures were computed in another person's analytics scope"
          );
        }
      }
    }
    return readable;
  }

  /**
   * The public form of the newest snapshot computed with the publisher's rights (stale when expired,
   * which starts its refresh); never a live query, never a snapshot someone else took.
   */
  async function publicData({ dashboard, publisher }: Published) {
    const snapshot = await newestSnapshot(dashboard.id, { fresh: false, by: publisher });
    if (!snapshot) {
      return {
        id: null,
        dashboard_id: dashboard.documentId,
        tile_data: {},
        execution_time_ms: 0,
        trigger_type: null,
        created_at: null,
        expires_at: null,
        stale: true,
      };
    }
    const stale = !snapshot.expires_at || new Date(snapshot.expires_at).getTime() <= Date.now();
    if (stale) await refreshOnce(snapshot, dashboard.id);
    const tileData = Object.fromEntries(
      Object.entries((snapshot.tile_data ?? {}) as Record<string, Row>).map(([tileId, entry]) => [
        tileId,
        {
          data: entry.error ? null : entry.data,
          error: entry.error ? PUBLIC_TILE_ERROR : null,
          executed_at: entry.executed_at,
        },
      ])
    );
    const { executed_by: _author, ...rest } = toSnapshot(snapshot, dashboard.documentId);
    return { ...rest, tile_data: tileData, stale };
  }

  /** What a public reader needs to draw the dashboard: no owner, no SQL, no datasource. */
  async function publicStructure(dashboard: Row) {
    const tiles: Row[] =
      dashboard.tiles ??
      (await strapi.db.query(UID.tile).findMany({ where: { dashboard: { id: dashboard.id } } }));
    const settings = settingsOf(dashboard);
    return {
      id: dashboard.documentId,
      name: dashboard.name,
      description: dashboard.description ?? null,
      layout: layoutOf(dashboard),
      settings: {
        theme: settings.theme,
        auto_refresh: settings.auto_refresh,
        refresh_interval_seconds: settings.refresh_interval_seconds,
      },
      tiles: [...tiles].sort(byPosition).map((row: Row) => {
        const tile = toTile(row, dashboard.documentId);
        return {
          id: tile.id,
          title: tile.title,
          tile_type: tile.tile_type,
          chart_type: tile.chart_type,
          chart_config: chartConfigWithoutSql(tile.chart_config),
          grid_x: tile.grid_x,
          grid_y: tile.grid_y,
          grid_w: tile.grid_w,
          grid_h: tile.grid_h,
        };
      }),
    };
  }

  // ----- share links ----------------------------------------------------------------------------

  const toLink = (row: Row, token: string | null) => ({
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
    dashboard: Row,
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

  async function revokeWhere(where: Row) {
    const live = await links().findMany({ where: { ...where, revoked: false }, select: ['id'] });
    if (live.length === 0) return;
    await links().updateMany({
      where: { id: { $in: live.map((link: Row) => link.id) } },
      data: { revoked: true, revoked_at: new Date() },
    });
  }

  /** Sharing takes a snapshot and tells webhooks. */
  async function shared(principal: Principal, dashboard: Row, link: Row) {
    await takeSnapshot(principal, dashboard, 'on_share');
    strapi.eventHub.emit(SHARED_EVENT, {
      dashboard: { id: dashboard.documentId, name: dashboard.name },
      share_link: { id: link.documentId, kind: link.kind, expires_at: iso(link.expires_at) },
      shared_by: principalRef(principal),
    });
  }

  async function share(principal: Principal, documentId: string, body: ShareBody) {
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
        await strapi.db
          .query(UID.dashboard)
          .update({ where: { id: dashboard.id }, data: { is_public: true } });
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
    const link: Row | null = row
      ? { ...rows.read(UID.shareLink, row, 'l'), dashboard: rows.read(UID.dashboard, row, 'd') }
      : null;
    if (!link || link.revoked || !link.dashboard) throw new errors.NotFoundError('Share link not found');
    if (link.kind === 'public' && !link.dashboard.is_public)
      throw new errors.NotFoundError('Share link not found');
    if (link.expires_at && new Date(link.expires_at).getTime() <= Date.now()) {
      throw new GoneError('This share link has expired', { expired_at: iso(link.expires_at) });
    }
    return link as Row;
  }

  /** 401 when a protected link's password is missing or wrong; wrong ones are rate limited per link and IP. */
  async function unlock(ctx: Context, link: Row, password: string | undefined) {
    if (!link.password_protected) return;
    const key = `${link.id}:${ctx.request.ip}`;
    await ensureNotBlocked(strapi, ctx, 'password', key);
    if (!password)
      throw new CredentialsError('This share link needs a password', { password_required: true });
    if (!(await argon2.verify(link.password_hash, password))) {
      await consume(strapi, ctx, 'password', key);
      throw new CredentialsError('Wrong password', { password_required: true });
    }
  }

  /** One more access, counted in the database (several instances add up). */
  async function countAccess(link: Row) {
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
    return { dashboard: link.dashboard as Row, publisher: link.created_by as string };
  }

  // ----- embedding ------------------------------------------------------------------------------

  const allowedDomains = (dashboard: Row): string[] => dashboard.embed_settings?.allowed_domains ?? [];

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
    const dashboard = await strapi.db
      .query(UID.dashboard)
      .findOne({ where: { documentId }, populate: { tiles: true } });
    if (!dashboard || (dashboard.share_version ?? 0) !== claims.v) throw notFound();
    if (verified.expired) throw new GoneError('This embed link has expired');
    return { dashboard: dashboard as Row, publisher: claims.p };
  }

  return {
    takeSnapshot,
    publicData,
    publicStructure,
    share,
    find,
    open,
    openEmbed,
    allowedDomains,

    /** Seed 004's GET /:id?share_token=: the read-only view a share token of this dashboard opens. */
    async sharedView(ctx: Context, documentId: string, token: string) {
      const { dashboard } = await open(ctx, token, { count: true, password: sharePasswordOf(ctx) });
      if (dashboard.documentId !== documentId) throw new errors.NotFoundError('Share link not found');
      return {
        ...(await publicStructure(dashboard)),
        permissions: { can_edit: false, can_delete: false, can_share: false, role: 'viewer' },
      };
    },

    async snapshot(principal: Principal, documentId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
      return (await takeSnapshot(principal, dashboard, 'manual')).snapshot;
    },

    /** The newest unexpired snapshot, each tile shown only if the reader could see it live. */
    async latestSnapshot(principal: Principal, documentId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'read', { tiles: true });
      const snapshot = await newestSnapshot(dashboard.id, { fresh: true });
      if (!snapshot) throw new errors.NotFoundError('No snapshot that has not expired');
      return {
        ...toSnapshot(snapshot, documentId),
        tile_data: await readableTileData(principal, dashboard.tiles ?? [], snapshot),
      };
    },

    async listLinks(principal: Principal, documentId: string) {
      const dashboard = await loadDashboard(strapi, principal, documentId, 'share');
      const rows = await links().findMany({
        where: { dashboard: { id: dashboard.id } },
        orderBy: { id: 'asc' },
      });
      return rows.map((row: Row) => toLink(row, row.revoked ? null : sealer().open(row.token_sealed)));
    },

    async revokeLink(principal: Principal, documentId: string, linkId: string) {
      const { dashboard, link } = await linkOf(principal, documentId, linkId);
      await strapi.db.transaction(async () => {
        await revokeWhere({ id: link.id });
        if (link.kind === 'public') {
          await strapi.db
            .query(UID.dashboard)
            .update({ where: { id: dashboard.id }, data: { is_public: false } });
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
    tokenOf: (link: Row) => (link.revoked ? null : sealer().open(link.token_sealed)),

    /** The public token of a dashboard, for those who may share it (seed 003's `share_token`). */
    async publicTokenOf(dashboardId: number) {
      const link = await links().findOne({
        where: { dashboard: { id: dashboardId }, kind: 'public', revoked: false },
      });
      return link ? sealer().open(link.token_sealed) : null;
    },

    async embed(principal: Principal, documentId: string, options: EmbedOptions) {
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
};
