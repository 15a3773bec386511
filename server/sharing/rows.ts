import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { metadataOf } from '../db/metadata';

type Row = Record<string, unknown>;

/**
 * Plain knex reads of the plugin's rows for the public routes, whose every request would otherwise
 * pay for the query engine's populate pipeline: the columns of a model under an alias, read back
 * into the attribute names and types the query engine gives (JSON parsed, booleans as booleans).
 */
export function rowReader(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const attributesOf = (uid: string) =>
    Object.entries(metadataOf(strapi, uid).attributes).filter(
      ([, attribute]) => attribute.type !== 'relation' && attribute.columnName
    );

  return {
    table: (uid: string) => metadataOf(strapi, uid).tableName,

    /** The link table of a to-one relation: its name, the owner's and the target's columns. */
    link(uid: string, relation: string) {
      const joinTable = metadataOf(strapi, uid).attributes[relation].joinTable!;
      return {
        name: joinTable.name,
        owner: joinTable.joinColumn.name,
        target: joinTable.inverseJoinColumn.name,
      };
    },

    columns: (uid: string, alias: string) =>
      attributesOf(uid).map(([name, attribute]) => `${alias}.${attribute.columnName} as ${alias}__${name}`),

    /** The row of `uid` under `alias`, as the query engine would give it (typed by the caller). */
    read<Read = Row>(uid: string, row: Row, alias: string): Read {
      const record: Row = {};
      for (const [name, attribute] of attributesOf(uid)) {
        let value = row[`${alias}__${name}`];
        if (attribute.type === 'json' && typeof value === 'string') value = JSON.parse(value);
        if (attribute.type === 'boolean' && value !== null && value !== undefined) value = Boolean(value);
        record[name] = value;
      }
      return record as Read;
    },

    knex: knex as () => Knex,
  };
}
