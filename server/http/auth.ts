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
export const contentApiAuth = (action: string) => ({
  scope: [action],
  strategies: [credentialsRequired, 'content-api-token', 'users-permissions'],
});
