import type { Core } from '@strapi/strapi';
import { sharingContext } from './context';
import { embedding } from './embedding';
import { shareLinks } from './links';
import { snapshotStore } from './snapshots';

export type { Published } from './context';
export { PUBLIC_TILE_ERROR, PUBLISHER_GONE } from './snapshots';
export { SHARED_EVENT, sharePasswordOf } from './links';

/** Snapshots, share links and embedding of dashboards: one service, one module per part. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const context = sharingContext(strapi);
  const snapshots = snapshotStore(context);
  const links = shareLinks(context, snapshots);
  return { ...snapshots, ...links, ...embedding(context, snapshots, links) };
};
