import type { Core } from '@strapi/strapi';
import { getService } from './get-service';
import { closeRateLimiters } from './http/rate-limit';

/** Stops the scheduler (waiting for its refreshes) and the rollups' start-up build, closes the datasources' own connection pools and SQLite workers, and the rate limits' Redis connection. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'scheduler').stop();
  await getService(strapi, 'rollups').stop();
  await getService(strapi, 'contentRollups').stop();
  await getService(strapi, 'query').destroy();
  await closeRateLimiters(strapi);
};
