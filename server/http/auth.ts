import type { Context } from 'koa';

/**
 * A content-API auth strategy put first on the plugin's authenticated routes: a request without
 * credentials is answered 401 here, instead of being let through as the Public role (which Strapi
 * answers 403 for an action the role lacks). A request with a bearer token falls through to
 * Strapi's own strategies (API token, then users-permissions JWT).
 */
const credentialsRequired = {
  name: 'dashboards-credentials-required',
  authenticate(ctx: Context) {
    const header = ctx.request.header.authorization ?? '';
    return /^bearer\s+\S+/i.test(header)
      ? { authenticated: false }
      : { error: 'Missing or invalid credentials' };
  },
};

/**
 * The auth config of one content-API route, naming its action. A fresh object per route: Strapi
 * fills each route's scope into its `config.auth` in place, so a shared object would give every
 * route the scope of the first.
 */
export const contentApiAuth = (action: string, acceptsShareToken = false) => ({
  scope: [action],
  strategies: [
    ...(acceptsShareToken ? [shareToken] : []),
    credentialsRequired,
    'content-api-token',
    'users-permissions',
  ],
});

const SHARE_TOKEN_STRATEGY = 'dashboards-share-token';

/**
 * Read-only access by share token (`?share_token=` or `X-Share-Token`), tried first
 * on the routes that accept it; the handler checks the token (`shareTokenOf`).
 */
const shareToken = {
  name: SHARE_TOKEN_STRATEGY,
  authenticate(ctx: Context) {
    const given = ctx.request.header['x-share-token'] ?? ctx.query.share_token;
    return typeof given === 'string' && given !== ''
      ? { authenticated: true, credentials: { shareToken: given } }
      : { authenticated: false };
  },
};

/** The share token a request was let in with, or null. */
export function shareTokenOf(ctx: Context): string | null {
  const auth = ctx.state.auth as
    { strategy?: { name?: string }; credentials?: { shareToken?: string } } | undefined;
  return auth?.strategy?.name === SHARE_TOKEN_STRATEGY ? (auth.credentials?.shareToken ?? null) : null;
}
