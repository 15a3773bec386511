import type { SnapshotPayload } from './snapshots';

/** Contracts of the sharing routes (public link, share links, embed code, snapshots), shared by the server and the admin app. */

/** `POST /:id/share` with `{is_public}`: the dashboard's public link, or none once it is off. */
export interface PublicShare {
  is_public: boolean;
  share_token: string | null;
  share_url: string | null;
}

export type ShareLinkKind = 'public' | 'link';

/** A share link as `GET /:id/share-links` lists it (revoked ones without token). */
export interface ShareLink {
  id: string;
  kind: ShareLinkKind;
  share_token: string | null;
  share_url: string | null;
  expires_at: string | null;
  password_protected: boolean;
  access_level: string;
  access_count: number;
  last_accessed_at: string | null;
  revoked: boolean;
  created_by?: unknown;
  created_at: string | null;
}

/** `POST /:id/share` without `is_public`: the new link, its address and the API address that opens it. */
export interface CreatedShareLink extends ShareLink {
  share_link: string;
  api_url: string;
}

/** The body of `POST /:id/share` that creates a share link. */
export interface CreateShareLinkBody {
  expires_at: string | null;
  password_protected: boolean;
  password?: string;
  access_level: string;
}

/** The options of `GET /:id/embed` (what the embedded page shows). */
export interface EmbedOptions {
  theme: 'light' | 'dark';
  hide_header: boolean;
  hide_filters: boolean;
  auto_refresh: boolean;
}

/** `GET /:id/embed`: the embed address, its iframe and the token it carries. */
export interface EmbedInfo {
  embed_url: string;
  iframe_code: string;
  allowed_domains: string[];
  embed_token: string;
  expires_at: string;
}

/** `POST /:id/snapshot`: the snapshot just taken, computed with its taker's rights. */
export interface SnapshotTaken extends Omit<SnapshotPayload, 'id' | 'stale'> {
  id: string;
  executed_by: unknown;
}

/** A filter a click sets on the public viewer (`click_filters` of the public structure). */
export interface PublicClickFilter {
  id: string;
  label: string;
}
