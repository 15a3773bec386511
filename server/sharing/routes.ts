import { ACTIONS } from '../permissions/actions';
import { defineRoutes } from '../http/routes';
import { publicByDefault } from './headers';
import { idParamsSchema } from '../dashboards/validation';
import {
  embedDataQuerySchema,
  embedOptionsSchema,
  embedRequestSchema,
  publicDataQuerySchema,
  linkParamsSchema,
  shareBodySchema,
  shareSchemaOf,
  tokenParamsSchema,
} from './validation';

/** Snapshots, share links and embedding of one dashboard: content API and admin panel alike. */
export const SHARING_ROUTES = defineRoutes('dashboard', {
  snapshot: {
    method: 'POST',
    path: '/:id/snapshot',
    adminAction: ACTIONS.read,
    summary: 'Run every tile and keep the results (expires after `sharing.snapshotTtlSeconds`)',
    params: idParamsSchema,
    success: [201, 'Snapshot'],
  },
  latestSnapshot: {
    method: 'GET',
    path: '/:id/snapshot/latest',
    adminAction: ACTIONS.read,
    summary: 'The newest snapshot that has not expired (404 if none)',
    params: idParamsSchema,
    success: [200, 'Snapshot'],
  },
  share: {
    method: 'POST',
    path: '/:id/share',
    adminAction: ACTIONS.share,
    summary:
      '`{is_public}` turns the public token on or off (off revokes every link); `{expires_at, password_protected, password, access_level}` creates a share link (`access_level: download` lets its readers download PNGs). Takes a snapshot and emits dashboard.shared',
    params: idParamsSchema,
    body: shareBodySchema,
    bodyOf: shareSchemaOf,
    success: [200, '{ is_public, share_token, share_url } | ShareLink & { share_link }'],
  },
  shareLinks: {
    method: 'GET',
    path: '/:id/share-links',
    adminAction: ACTIONS.share,
    summary: 'The dashboard’s share links with their access counts (revoked ones without token)',
    params: idParamsSchema,
    success: [200, 'ShareLink[]'],
  },
  rotateShareLink: {
    method: 'POST',
    path: '/:id/share-links/:linkId/rotate',
    adminAction: ACTIONS.share,
    summary: 'A new token for the link; the old one opens nothing',
    params: linkParamsSchema,
    success: [200, 'ShareLink'],
  },
  revokeShareLink: {
    method: 'DELETE',
    path: '/:id/share-links/:linkId',
    adminAction: ACTIONS.share,
    summary: 'Revoke one link',
    params: linkParamsSchema,
    success: [204, 'No content'],
  },
  embed: {
    method: 'GET',
    path: '/:id/embed',
    adminAction: ACTIONS.share,
    summary: 'Embed URL and iframe code with a signed, short-lived embed token; the allowed domains',
    params: idParamsSchema,
    query: embedOptionsSchema,
    success: [200, '{ embed_url, iframe_code, allowed_domains, embed_token, expires_at }'],
  },
});

/** No credentials: a share or embed token opens them; rate limited per client IP. */
export const PUBLIC_ROUTES = defineRoutes('shared', {
  structure: {
    method: 'GET',
    path: '/shared/:token',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    middlewares: [publicByDefault],
    summary:
      'The shared dashboard’s structure and tiles (X-Share-Password for protected links): 404, 410, 401',
    params: tokenParamsSchema,
    success: [200, 'PublicDashboard'],
  },
  data: {
    method: 'GET',
    path: '/shared/:token/data',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    middlewares: [publicByDefault],
    summary:
      'The latest snapshot of the shared dashboard, never a live query (`stale` once expired); `params[filter]=value`: a click filter’s snapshot, for a value the dashboard shows',
    params: tokenParamsSchema,
    query: publicDataQuerySchema,
    success: [200, 'PublicSnapshot'],
  },
  dashboard: {
    method: 'GET',
    path: '/public/:token',
    contentApiPath: '/dashboard/public/:token',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    middlewares: [publicByDefault],
    summary: 'The shared dashboard with its snapshot data',
    params: tokenParamsSchema,
    success: [200, 'PublicDashboard & { data: PublicSnapshot }'],
  },
  embedStructure: {
    method: 'GET',
    path: '/embed/:id',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    middlewares: [publicByDefault],
    summary: 'An embedded dashboard’s structure (`token`: a signed embed token or a share token)',
    params: idParamsSchema,
    query: embedRequestSchema,
    success: [200, 'PublicDashboard'],
  },
  embedData: {
    method: 'GET',
    path: '/embed/:id/data',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    middlewares: [publicByDefault],
    summary:
      'An embedded dashboard’s latest snapshot; `params[filter]=value` as for shared data (400 when the embed’s filters are read-only)',
    params: idParamsSchema,
    query: embedDataQuerySchema,
    success: [200, 'PublicSnapshot'],
  },
});
