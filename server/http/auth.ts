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

export const CONTENT_API_AUTH = {
  strategies: [credentialsRequired, 'content-api-token', 'users-permissions'],
};
