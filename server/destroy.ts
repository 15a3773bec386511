import type { Core } from '@strapi/strapi';
import { getService } from './services';

/** Closes the datasources' own connection pools and SQLite workers. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'query').destroy();
};
