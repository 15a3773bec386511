import * as React from 'react';

import { useFetchClient } from '@strapi/strapi/admin';

import { PLUGIN_ID } from '../pluginId';

export type AdminGet<T> = { status: 'loading' } | { status: 'error' } | { status: 'loaded'; data: T };

/**
 * GET `/dashboards<path>` of the plugin's admin API; loads again when the path changes, or when
 * `reloadKey` does (after a write that changed what the path answers). With `keepData`, a reload
 * keeps showing the loaded answer until the new one arrives.
 */
export function useAdminGet<T>(
  path: string,
  reloadKey: number = 0,
  { keepData = false }: { keepData?: boolean } = {}
): AdminGet<T> {
  const { get } = useFetchClient();
  const [request, setRequest] = React.useState<AdminGet<T>>({ status: 'loading' });
  const loadedPath = React.useRef<string | null>(null);

  React.useEffect(() => {
    let isCurrent = true;
    const keep = keepData && loadedPath.current === path;
    setRequest((previous) => (keep && previous.status === 'loaded' ? previous : { status: 'loading' }));
    get<T>(`/${PLUGIN_ID}${path}`)
      .then(({ data }) => {
        if (!isCurrent) return;
        loadedPath.current = path;
        setRequest({ status: 'loaded', data });
      })
      .catch(() => {
        if (isCurrent) setRequest({ status: 'error' });
      });
    return () => {
      isCurrent = false;
    };
  }, [get, path, reloadKey, keepData]);

  return request;
}
