import type { Core } from '@strapi/strapi';
import dashboardActions from './dashboards/controller';
import tile from './dashboards/tile-controller';
import query from './query/controller';
import analytics from './analytics/controller';
import shared, { dashboardSharingActions } from './sharing/controller';
import pages from './sharing/pages';
import { dashboardSchedulingActions } from './scheduling/controller';
import { dashboardRevisionActions } from './dashboards/revision-controller';
import { dashboardSubscriptionActions } from './scheduling/subscription-controller';

/** The dashboard controller holds its sharing and scheduling actions too: their content-API actions read `dashboard.share`, `dashboard.refresh` …. */
const dashboard = (deps: { strapi: Core.Strapi }) => ({
  ...dashboardActions(deps),
  ...dashboardSharingActions(deps),
  ...dashboardSchedulingActions(deps),
  ...dashboardRevisionActions(deps),
  ...dashboardSubscriptionActions(deps),
});

export default { dashboard, tile, query, analytics, shared, pages };
