import * as React from 'react';

import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';

export type AdminGet<T> = { status: 'loading' } | { status: 'error' } | { status: 'loaded'; data: T };

/**
 * GET `/dashboards<path>` of the plugin's admin API; loads again when the path changes, or when
 * `reloadKey` does (after a write that changed what the path answers).
 */
export function useAdminGet<T>(path: string, reloadKey: number = 0): AdminGet<T> {
  const { get } = useFetchClient();
  const [request, setRequest] = React.useState<AdminGet<T>>({ status: 'loading' });

  React.useEffect(() => {
    let isCurrent = true;
    setRequest({ status: 'loading' });
    get<T>(`/${PLUGIN_ID}${path}`)
      .then(({ data }) => {
        if (isCurrent) setRequest({ status: 'loaded', data });
      })
      .catch(() => {
        if (isCurrent) setRequest({ status: 'error' });
      });
    return () => {
      isCurrent = false;
    };
  }, [get, path, reloadKey]);

  return request;
}
