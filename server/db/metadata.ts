import type { Core, Schema } from '@strapi/strapi';

/** A relation's link table: `joinColumn` holds this side's id, `inverseJoinColumn` the related one's. */
export interface LinkTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

/** What the plugin reads of an attribute in Strapi's database metadata. */
export interface AttributeMetadata {
  type: string;
  columnName?: string;
  relation?: string;
  target?: string;
  joinTable?: LinkTable;
}

/** What the plugin reads of a content type in Strapi's database metadata: its table and columns. */
export interface ModelMetadata {
  tableName: string;
  attributes: Record<string, AttributeMetadata>;
}

/** A content type's database metadata (Strapi's `metadata.get` throws for an unknown uid). */
export const metadataOf = (strapi: Core.Strapi, uid: string): ModelMetadata =>
  strapi.db.metadata.get(uid) as ModelMetadata;

/** Every content type's database metadata, by uid. */
export const allMetadata = (strapi: Core.Strapi): Iterable<[string, ModelMetadata]> =>
  strapi.db.metadata as Map<string, ModelMetadata>;

/** A content type's schema by uid; undefined when the app has none of that uid. */
export const contentTypeSchema = (strapi: Core.Strapi, uid: string): Schema.ContentType | undefined =>
  (strapi.contentTypes as Record<string, Schema.ContentType | undefined>)[uid];
