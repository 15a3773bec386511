import { ACTIONS } from '../permissions/actions';
import type { RouteSpec } from '../http/routes';
import { embedOptionsSchema, embedRequestSchema, shareBodySchema } from './validation';

/** Snapshots, share links and embedding of one dashboard: content API and admin panel alike. */
export const SHARING_ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/:id/snapshot',
    handler: 'dashboard.snapshot',
    adminAction: ACTIONS.read,
    summary: 'Run every tile and keep the results (expires after `sharing.snapshotTtlSeconds`)',
    success: [201, 'Snapshot'],
  },
  {
    method: 'GET',
    path: '/:id/snapshot/latest',
    handler: 'dashboard.latestSnapshot',
    adminAction: ACTIONS.read,
    summary: 'The newest snapshot that has not expired (404 if none)',
    success: [200, 'Snapshot'],
  },
  {
    method: 'POST',
    path: '/:id/share',
    handler: 'dashboard.share',
    adminAction: ACTIONS.share,
    summary:
      '`{is_public}` turns the public token on or off (off revokes every link); `{expires_at, password_protected, password, access_level}` creates a share link. Takes a snapshot and emits dashboard.shared',
    body: shareBodySchema,
    success: [200, '{ is_public, share_token, share_url } | ShareLink & { share_link }'],
  },
  {
    method: 'GET',
    path: '/:id/share-links',
    handler: 'dashboard.shareLinks',
    adminAction: ACTIONS.share,
    summary: 'The dashboard’s share links with their access counts (revoked ones without token)',
    success: [200, 'ShareLink[]'],
  },
  {
    method: 'POST',
    path: '/:id/share-links/:linkId/rotate',
    handler: 'dashboard.rotateShareLink',
    adminAction: ACTIONS.share,
    summary: 'A new token for the link; the old one opens nothing',
    success: [200, 'ShareLink'],
  },
  {
    method: 'DELETE',
    path: '/:id/share-links/:linkId',
    handler: 'dashboard.revokeShareLink',
    adminAction: ACTIONS.share,
    summary: 'Revoke one link',
    success: [204, 'No content'],
  },
  {
    method: 'GET',
    path: '/:id/embed',
    handler: 'dashboard.embed',
    adminAction: ACTIONS.share,
    summary: 'Embed URL and iframe code with a signed, short-lived embed token; the allowed domains',
    query: embedOptionsSchema,
    success: [200, '{ embed_url, iframe_code, allowed_domains, embed_token, expires_at }'],
  },
];

/** No credentials: a share or embed token opens them; rate limited per client IP. */
export const PUBLIC_ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/shared/:token',
    handler: 'shared.structure',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    summary:
      'The shared dashboard’s structure and tiles (X-Share-Password for protected links): 404, 410, 401',
    success: [200, 'PublicDashboard'],
  },
  {
    method: 'GET',
    path: '/shared/:token/data',
    handler: 'shared.data',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    summary: 'The latest snapshot of the shared dashboard, never a live query (`stale` once expired)',
    success: [200, 'PublicSnapshot'],
  },
  {
    method: 'GET',
    path: '/public/:token',
    contentApiPath: '/dashboard/public/:token',
    handler: 'shared.dashboard',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    summary: 'The shared dashboard with its snapshot data',
    success: [200, 'PublicDashboard & { data: PublicSnapshot }'],
  },
  {
    method: 'GET',
    path: '/embed/:id',
    handler: 'shared.embedStructure',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    summary: 'An embedded dashboard’s structure (`token`: a signed embed token or a share token)',
    query: embedRequestSchema,
    success: [200, 'PublicDashboard'],
  },
  {
    method: 'GET',
    path: '/embed/:id/data',
    handler: 'shared.embedData',
    adminAction: null,
    public: true,
    rateLimit: 'public',
    summary: 'An embedded dashboard’s latest snapshot',
    query: embedRequestSchema,
    success: [200, 'PublicSnapshot'],
  },
];
