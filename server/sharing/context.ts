import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getConfig } from '../config';
import type { DashboardRow } from '../db/rows';
import { embedSigner, tokenSealer } from './tokens';

/** What every part of sharing needs: its config, the token sealer and signer, and absolute URLs. */
export function sharingContext(strapi: Core.Strapi) {
  const config = () => getConfig(strapi).sharing;
  const secret = (): string =>
    config().secret ??
    (strapi.config.get('admin.auth.secret') as string | undefined) ??
    ((strapi.config.get('server.app.keys') as string[] | undefined) ?? []).join(',');
  /** Links are absolute: `sharing.publicUrl`, else `server.url`, else the origin the request came in on. */
  const origin = () =>
    (
      config().publicUrl ||
      (strapi.config.get('server.url') as string | undefined) ||
      (strapi.requestContext.get() as Context | undefined)?.request.origin ||
      ''
    ).replace(/\/$/, '');
  return {
    strapi,
    config,
    sealer: () => tokenSealer(secret()),
    signer: () => embedSigner(secret()),
    origin,
    shareUrl: (token: string) => `${origin()}/dashboards/shared/${token}`,
  };
}

export type SharingContext = ReturnType<typeof sharingContext>;

/** A dashboard opened by a share or embed token, and who published it (whose rights its data has). */
export interface Published {
  dashboard: DashboardRow;
  publisher: string;
  /** The link lets its readers download PNGs (`access_level: download`). */
  allowDownload?: boolean;
  /** An embed whose filters are read-only (`hide_filters`): a click sets none. */
  filtersLocked?: boolean;
}
