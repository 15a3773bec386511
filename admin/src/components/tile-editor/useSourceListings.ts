import type { ContentTypeListing, DatasourceListing, TableListing } from '../../../../contracts/query';
import { useContentTypesQuery, useDatasourcesQuery, useTablesQuery } from '../../api/dashboardsApi';

const NONE: never[] = [];

/**
 * What the tile editor offers as sources: the content types the caller may read, and — with the
 * SQL permission — the datasources and the tables of `datasourceId` (none while it is null). A
 * listing that fails to load offers nothing.
 */
export function useSourceListings(canUseSql: boolean, datasourceId: string | null) {
  const contentTypes: ContentTypeListing[] = useContentTypesQuery().data ?? NONE;
  const datasources: DatasourceListing[] = useDatasourcesQuery(undefined, { skip: !canUseSql }).data ?? NONE;
  const tables: TableListing[] =
    useTablesQuery(datasourceId ?? '', { skip: !canUseSql || datasourceId === null }).data ?? NONE;
  return { datasources, tables, contentTypes };
}
