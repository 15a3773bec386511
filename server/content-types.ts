import dashboard from '../content-types/dashboard/schema.json';
import tile from '../content-types/tile/schema.json';
import snapshot from '../content-types/snapshot/schema.json';
import schedule from '../content-types/schedule/schema.json';
import refreshRun from '../content-types/refresh-run/schema.json';
import shareLink from '../content-types/share-link/schema.json';
import workspace from '../content-types/workspace/schema.json';
import member from '../content-types/member/schema.json';
import cacheVersion from '../content-types/cache-version/schema.json';
import dealReach from '../content-types/deal-reach/schema.json';
import dailyRollup from '../content-types/daily-rollup/schema.json';
import contentRollup from '../content-types/content-rollup/schema.json';
import contentRollupSpec from '../content-types/content-rollup-spec/schema.json';
import revision from '../content-types/revision/schema.json';
import subscription from '../content-types/subscription/schema.json';
import subscriptionDelivery from '../content-types/subscription-delivery/schema.json';
import { PLUGIN_ID } from '../contracts/permissions';

export { PLUGIN_ID };

export const UID = {
  dashboard: 'plugin::dashboards.dashboard',
  tile: 'plugin::dashboards.tile',
  snapshot: 'plugin::dashboards.snapshot',
  schedule: 'plugin::dashboards.schedule',
  refreshRun: 'plugin::dashboards.refresh-run',
  shareLink: 'plugin::dashboards.share-link',
  workspace: 'plugin::dashboards.workspace',
  member: 'plugin::dashboards.member',
  cacheVersion: 'plugin::dashboards.cache-version',
  dealReach: 'plugin::dashboards.deal-reach',
  dailyRollup: 'plugin::dashboards.daily-rollup',
  contentRollup: 'plugin::dashboards.content-rollup',
  contentRollupSpec: 'plugin::dashboards.content-rollup-spec',
  revision: 'plugin::dashboards.revision',
  subscription: 'plugin::dashboards.subscription',
  subscriptionDelivery: 'plugin::dashboards.subscription-delivery',
} as const;

export default {
  dashboard: { schema: dashboard },
  tile: { schema: tile },
  snapshot: { schema: snapshot },
  schedule: { schema: schedule },
  'refresh-run': { schema: refreshRun },
  'share-link': { schema: shareLink },
  workspace: { schema: workspace },
  member: { schema: member },
  'cache-version': { schema: cacheVersion },
  'deal-reach': { schema: dealReach },
  'daily-rollup': { schema: dailyRollup },
  'content-rollup': { schema: contentRollup },
  'content-rollup-spec': { schema: contentRollupSpec },
  revision: { schema: revision },
  subscription: { schema: subscription },
  'subscription-delivery': { schema: subscriptionDelivery },
};
