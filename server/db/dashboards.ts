import type { Core } from '@strapi/strapi';
import { UID } from '../content-types';
import type { DashboardRow } from './rows';

/** The dashboard queries several services make alike. */
export function dashboardRows(strapi: Core.Strapi) {
  const dashboards = () => strapi.db.query(UID.dashboard);
  return {
    /** A dashboard with its tiles, by row id or document id; null when there is none. */
    withTiles: (where: { id: number } | { documentId: string }): Promise<DashboardRow | null> =>
      dashboards().findOne({ where, populate: { tiles: true } }),

    /** Whether the dashboard has a public link, as its row says (the links themselves are share-link rows). */
    setPublic: async (id: number, isPublic: boolean) => {
      await dashboards().update({ where: { id }, data: { is_public: isPublic } });
    },
  };
}
