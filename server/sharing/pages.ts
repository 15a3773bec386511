import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '@strapi/utils';
import { getService } from '../get-service';
import { embedRequestSchema } from './validation';
import { SHARE_TOKEN } from './tokens';
import { consume } from '../http/rate-limit';
import { CredentialsError, GoneError } from '../http/errors';
import { frameAncestors, publicHeaders } from './headers';
import type { DashboardRow } from '../db/rows';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The page shell the viewer bundle (dist/viewer) draws into. */
function shell(title: string, attributes: Record<string, string>) {
  const data = Object.entries(attributes)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">' +
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>` +
    '<link rel="stylesheet" href="/dashboards/viewer/viewer.css"></head>' +
    `<body><div id="dashboard-viewer"${data}></div>` +
    '<script src="/dashboards/viewer/viewer.js" defer></script></body></html>'
  );
}

const VIEWER_DIR = join(__dirname, '..', '..', 'viewer');
const ASSET = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.(js|css|map)$/;
const TYPES: Record<string, string> = {
  js: 'application/javascript',
  css: 'text/css',
  map: 'application/json',
};

/** The HTML pages of share and embed URLs (outside /api), and the viewer's files. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sharing = () => getService(strapi, 'sharing');
  const status = (error: unknown) =>
    error instanceof GoneError
      ? 410
      : error instanceof errors.NotFoundError
        ? 404
        : error instanceof CredentialsError
          ? 401
          : 500;

  /** Every page is drawn by the viewer; a link that opens nothing still gets the page (which says why), framed nowhere. */
  async function page(
    ctx: Context,
    title: () => Promise<string>,
    ancestors: () => Promise<string[]>,
    attributes: Record<string, string>
  ) {
    await consume(strapi, ctx, 'public', `ip:${ctx.request.ip}`);
    let domains: string[] = [];
    let heading = 'Shared dashboard';
    try {
      domains = await ancestors();
      heading = await title();
    } catch (error) {
      const code = status(error);
      if (code >= 500) throw error;
      ctx.status = code === 401 ? 200 : code;
    }
    publicHeaders(ctx, frameAncestors(domains), true);
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = shell(heading, attributes);
  }

  return {
    async shared(ctx: Context) {
      const token = String(ctx.params.token ?? '');
      const safe = SHARE_TOKEN.test(token) ? token : 'invalid';
      let found: ReturnType<ReturnType<typeof sharing>['find']> | undefined;
      const link = () => (found ??= sharing().find(token));
      await page(
        ctx,
        async () => {
          const shared = await link();
          return shared.password_protected ? 'Shared dashboard' : String(shared.dashboard.name);
        },
        async () => sharing().allowedDomains((await link()).dashboard),
        {
          'structure-url': `/api/dashboards/shared/${safe}`,
          'data-url': `/api/dashboards/shared/${safe}/data`,
          theme: '',
          'hide-header': 'false',
          'hide-filters': 'false',
          'auto-refresh': 'false',
        }
      );
    },

    async embed(ctx: Context) {
      const id = String(ctx.params.id ?? '');
      const parsed = embedRequestSchema.safeParse(ctx.query);
      const options = parsed.success ? parsed.data : { token: '' };
      const query = new URLSearchParams({ token: options.token }).toString();
      const base = `/api/dashboards/embed/${encodeURIComponent(id)}`;
      let opened: Promise<DashboardRow> | undefined;
      const dashboard = () =>
        (opened ??= sharing()
          .openEmbed(ctx, id, options.token)
          .then((published) => published.dashboard));
      await page(
        ctx,
        async () => String((await dashboard()).name),
        async () => sharing().allowedDomains(await dashboard()),
        {
          'structure-url': `${base}?${query}`,
          'data-url': `${base}/data?${query}`,
          theme: options.theme ?? '',
          'hide-header': String(options.hide_header ?? false),
          'hide-filters': String(options.hide_filters ?? false),
          'auto-refresh': String(options.auto_refresh ?? false),
        }
      );
    },

    async asset(ctx: Context) {
      const file = String(ctx.params.file ?? '');
      const path = join(VIEWER_DIR, file);
      if (!ASSET.test(file) || !existsSync(path)) throw new errors.NotFoundError('Not found');
      ctx.type = TYPES[file.split('.').pop()!];
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.body = createReadStream(path);
    },
  };
};
