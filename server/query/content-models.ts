import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import type { Principal } from '../permissions/principal';
import type { ContentModels, ModelInfo } from './content-plan';
import { contentTypeSchema, metadataOf } from '../db/metadata';

/** Content types a tile may query: the app's own, and users (a CRM's owners). Never admin, core or plugin internals. */
export const isQueryable = (uid: string) =>
  uid.startsWith('api::') || uid === 'plugin::users-permissions.user';

/** The fields Strapi adds to every content type (publishedAt under draft & publish). */
const TIMESTAMPS = new Set(['createdAt', 'updatedAt', 'publishedAt']);

/** The content types as a structured query sees them, through the caller's read permissions. */
export function contentModels(
  strapi: Core.Strapi,
  principal: Pick<Principal, 'readsContent'>
): ContentModels {
  return {
    model(uid): ModelInfo | undefined {
      if (!isQueryable(uid)) return undefined;
      const schema = contentTypeSchema(strapi, uid);
      const meta = metadataOf(strapi, uid);
      if (!schema || !meta) return undefined;
      const attributes: ModelInfo['attributes'] = {};
      for (const [name, attribute] of Object.entries(meta.attributes)) {
        attributes[name] = {
          ...attribute,
          private: contentTypes.isPrivateAttribute(schema, name) || attribute.type === 'password',
        };
      }
      return {
        tableName: meta.tableName,
        draftAndPublish: contentTypes.hasDraftAndPublish(schema),
        attributes,
      };
    },
    // Strapi's rule: the timestamps (never among the Content Manager's field permissions) are
    // readable by whoever may read the content type
    readsContent: (uid, field) =>
      principal.readsContent(uid, field !== undefined && TIMESTAMPS.has(field) ? undefined : field),
  };
}
