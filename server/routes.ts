import * as dashboards from './dashboards/routes';

export default {
  'content-api': { type: 'content-api', routes: [...dashboards.contentApiRoutes] },
  admin: { type: 'admin', routes: [...dashboards.adminRoutes] },
};
