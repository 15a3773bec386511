import * as React from 'react';

import { useFetchClient } from '@strapi/strapi/admin';

import type { DatasourceListing } from '../../../../contracts/query';
import { PLUGIN_ID } from '../../pluginId';
import type { ContentTypeListing, TableListing } from './SourceFields';

const BASE = `/${PLUGIN_ID}/dashboards`;

/**
 * What the tile editor offers as sources: the content types the caller may read, and — with the
 * SQL permission — the datasources and the tables of `datasourceId` (none while it is null).
 */
export function useSourceListings(canUseSql: boolean, datasourceId: string | null) {
  const { get } = useFetchClient();
  const [datasources, setDatasources] = React.useState<DatasourceListing[]>([]);
  const [tables, setTables] = React.useState<TableListing[]>([]);
  const [contentTypes, setContentTypes] = React.useState<ContentTypeListing[]>([]);

  React.useEffect(() => {
    get<{ data: ContentTypeListing[] }>(`${BASE}/content-types`).then(
      ({ data }) => setContentTypes(data.data),
      () => setContentTypes([])
    );
  }, [get]);
  React.useEffect(() => {
    if (!canUseSql) return;
    get<{ data: DatasourceListing[] }>(`${BASE}/datasources`).then(
      ({ data }) => setDatasources(data.data),
      () => setDatasources([])
    );
  }, [get, canUseSql]);
  React.useEffect(() => {
    if (!canUseSql || datasourceId === null) return;
    get<{ data: TableListing[] }>(`${BASE}/datasources/${encodeURIComponent(datasourceId)}/tables`).then(
      ({ data }) => setTables(data.data),
      () => setTables([])
    );
  }, [get, canUseSql, datasourceId]);

  return { datasources, tables, contentTypes };
}
