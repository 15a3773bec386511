import type { Core } from '@strapi/strapi';
import { ADMIN_ACTIONS, ANALYTICS_ADMIN_ACTIONS } from './permissions/actions';
import { logEntitlementSetup } from './permissions/entitlements';
import { getService } from './get-service';
import { SHARED_EVENT } from './sharing/service';
import { REFRESHED_EVENT, REFRESH_FAILED_EVENT } from './scheduling/runs';
import { rateLimiters } from './http/rate-limit';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // the rollups follow Strapi's writes before the cache versions are bumped (docs/rollups.md)
  await getService(strapi, 'rollups').start();
  await getService(strapi, 'contentRollups').start();
  // every write through Strapi bumps the cache versions of what it changed (docs/cache.md)
  getService(strapi, 'cache').watchWrites();
  const analytics = getService(strapi, 'analytics');
  const crmState = analytics.state();
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(
      crmState === 'off' || crmState === 'absent'
        ? ADMIN_ACTIONS
        : [...ADMIN_ACTIONS, ...ANALYTICS_ADMIN_ACTIONS]
    );
  analytics.checkMapping();
  logEntitlementSetup(strapi);
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
