import * as React from 'react';

import { useFetchClient } from '@strapi/strapi/admin';

import type { Dashboard, DashboardExport, DashboardListItem } from '../../../contracts/dashboards';
import { PLUGIN_ID } from '../pluginId';

const BASE = `/${PLUGIN_ID}/dashboards`;
const NAME_MAX = 255;

/** The name a duplicate gets: `<name> (copy)`, kept within the server's 255 characters. */
export const copyName = (name: string): string => {
  const suffix = ' (copy)';
  return `${name.slice(0, NAME_MAX - suffix.length)}${suffix}`;
};

/** The list page's writes through the plugin's admin API; each rejects with the fetch client's error. */
export function useDashboardWrites() {
  const { get, post, del } = useFetchClient();

  return React.useMemo(
    () => ({
      create: async (body: { name: string; description: string | null }) =>
        (await post<Dashboard>(BASE, body)).data,
      importJson: async (body: unknown) => (await post<Dashboard>(`${BASE}/import`, body)).data,
      /** Export then import under the name `<name> (copy)`. */
      duplicate: async (dashboard: DashboardListItem) => {
        const { data: exported } = await get<DashboardExport>(
          `${BASE}/${encodeURIComponent(dashboard.id)}/export`
        );
        const body = { ...exported, dashboard: { ...exported.dashboard, name: copyName(dashboard.name) } };
        return (await post<Dashboard>(`${BASE}/import`, body)).data;
      },
      remove: async (dashboard: DashboardListItem) => {
        await del(`${BASE}/${encodeURIComponent(dashboard.id)}`);
      },
    }),
    [get, post, del]
  );
}
