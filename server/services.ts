import dashboard from './dashboards/service';
import tile from './dashboards/tile-service';
import tileData from './dashboards/tile-data';
import query from './query/service';
import analytics from './analytics/service';
import sharing from './sharing/service';
import schedules from './scheduling/service';
import refresh from './scheduling/runs';
import scheduler from './scheduling/scheduler';
import cache from './cache/service';
import rollups from './analytics/rollups/service';
import contentRollups from './query/content-rollups';
import revisions from './dashboards/revisions';
import drill from './dashboards/drill';
import subscriptions from './scheduling/subscriptions';

/** The plugin's services; other code reaches them with `getService` (server/get-service.ts). */
export default {
  dashboard,
  tile,
  tileData,
  query,
  analytics,
  sharing,
  schedules,
  refresh,
  scheduler,
  cache,
  rollups,
  contentRollups,
  revisions,
  drill,
  subscriptions,
};
