import type { Core } from '@strapi/strapi';
import { ADMIN_ACTIONS } from './permissions/actions';
import { getService } from './services';
import { SHARED_EVENT } from './sharing/service';
import { REFRESHED_EVENT, REFRESH_FAILED_EVENT } from './scheduling/runs';
import { rateLimiters } from './http/rate-limit';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ADMIN_ACTIONS);
  getService(strapi, 'analytics').checkMapping();
  // Settings → Webhooks lists the event; Strapi's webhook runner delivers what the event hub emits
  const webhooks = strapi.get('webhookStore');
  webhooks.addAllowedEvent('DASHBOARD_SHARED', SHARED_EVENT);
  webhooks.addAllowedEvent('DASHBOARD_REFRESHED', REFRESHED_EVENT);
  webhooks.addAllowedEvent('DASHBOARD_REFRESH_FAILED', REFRESH_FAILED_EVENT);
  // the rate limits' table (database store) exists before the first request
  await rateLimiters(strapi);
  // the readers tile SQL runs as: the managed one kept in step, each one probed (and logged)
  await getService(strapi, 'query').prepareReaders();
  // jobs from the schedules in the database; runs left by a dead process are failed first
  await getService(strapi, 'scheduler').start();
};
