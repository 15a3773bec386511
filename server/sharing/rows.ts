import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

type Row = Record<string, any>;
type Attribute = { type: string; columnName?: string; joinTable?: Row };

/**
 * Plain knex reads of the plugin's rows for the public routes, whose every request would otherwise
 * pay for the query engine's populate pipeline: the columns of a model under an alias, read back
 * into the attribute names and types the query engine gives (JSON parsed, booleans as booleans).
 */
export function rowReader(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const attributesOf = (uid: string) =>
    Object.entries(strapi.db.metadata.get(uid).attributes as Record<string, Attribute>).filter(
      ([, attribute]) => attribute.type !== 'relation' && attribute.columnName
    );

  return {
    table: (uid: string) => strapi.db.metadata.get(uid).tableName as string,

    /** The link table of a to-one relation: its name, the owner's and the target's columns. */
    link(uid: string, relation: string) {
      const joinTable = (strapi.db.metadata.get(uid).attributes[relation] as Attribute).joinTable!;
      return {
        name: joinTable.name as string,
        owner: joinTable.joinColumn.name as string,
        target: joinTable.inverseJoinColumn.name as string,
      };
    },

    columns: (uid: string, alias: string) =>
      attributesOf(uid).map(([name, attribute]) => `${alias}.${attribute.columnName} as ${alias}__${name}`),

    read(uid: string, row: Row, alias: string): Row {
      const record: Row = {};
      for (const [name, attribute] of attributesOf(uid)) {
        let value = row[`${alias}__${name}`];
        if (attribute.type === 'json' && typeof value === 'string') value = JSON.parse(value);
        if (attribute.type === 'boolean' && value !== null && value !== undefined) value = Boolean(value);
        record[name] = value;
      }
      return record;
    },

    knex: knex as () => Knex,
  };
}
