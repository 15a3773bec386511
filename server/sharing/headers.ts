import type { Context } from 'koa';

/** `frame-ancestors` with exactly the allowed domains; none allowed → 'none'. */
export const frameAncestors = (domains: string[]) =>
  `frame-ancestors ${domains.length > 0 ? domains.join(' ') : "'none'"}`;

/** Headers of every public response: nothing cached or referred, framed only where allowed. */
export function publicHeaders(ctx: Context, ancestors: string, page = false) {
  const policy = page
    ? "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
      "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"
    : "default-src 'none'";
  ctx.set('Content-Security-Policy', `${policy}; ${ancestors}`);
  ctx.remove('X-Frame-Options');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
}

/** Route middleware of the public routes: their answers, errors included, carry the public headers. */
export const publicByDefault = async (ctx: Context, next: () => Promise<unknown>) => {
  publicHeaders(ctx, frameAncestors([]));
  await next();
};
