import type { Core } from '@strapi/strapi';

/** What the seed reads from `strapi.db.metadata` (a subset of @strapi/database's Meta). */
export interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

export interface AttributeMeta {
  type: string;
  columnName?: string;
  default?: unknown;
  joinTable?: JoinTableMeta;
}

export interface ModelMeta {
  tableName: string;
  attributes: Record<string, AttributeMeta>;
}

export function modelMeta(strapi: Core.Strapi, uid: string): ModelMeta {
  return strapi.db.metadata.get(uid) as unknown as ModelMeta;
}

/** The link table that holds a relation (Strapi 5 keeps every relation in one, even many-to-one). */
export function joinTableOf(strapi: Core.Strapi, uid: string, attribute: string): JoinTableMeta {
  const joinTable = modelMeta(strapi, uid).attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`${uid}.${attribute} is not a relation kept in a link table`);
  return joinTable;
}
