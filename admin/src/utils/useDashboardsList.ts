import * as React from 'react';

import type { ListDashboardsResponse, SortField } from '../../../contracts/dashboards';
import { useAdminGet } from './useAdminGet';

export type SortOrder = 'asc' | 'desc';
export interface ListSort {
  sort: SortField;
  order: SortOrder;
}

export const PAGE_SIZE = 10;

export interface ListQueryState {
  search: string;
  sort: ListSort;
  includeArchived: boolean;
  page: number;
}

/** The query string of GET /dashboards for the list page's state. */
export const listPath = ({ search, sort, includeArchived, page }: ListQueryState): string => {
  const params = new URLSearchParams({
    page: String(page),
    limit: String(PAGE_SIZE),
    sort: sort.sort,
    order: sort.order,
  });
  if (search) params.set('search', search);
  if (includeArchived) params.set('include_archived', 'true');
  return `/dashboards?${params.toString()}`;
};

/**
 * The list page's query (search, sort, archived, page) and its answer. The previous answer stays
 * shown while the next loads, so the toolbar keeps its focus; `reload` fetches the same page again.
 */
export function useDashboardsList() {
  const [query, setQuery] = React.useState<ListQueryState>({
    search: '',
    sort: { sort: 'updated_at', order: 'desc' },
    includeArchived: false,
    page: 1,
  });
  const [reloadKey, setReloadKey] = React.useState(0);
  const request = useAdminGet<ListDashboardsResponse>(listPath(query), reloadKey);
  const [last, setLast] = React.useState<ListDashboardsResponse | null>(null);

  React.useEffect(() => {
    if (request.status !== 'loaded') return;
    const { pagination } = request.data;
    // after a deletion emptied the last page, go to the one before
    if (pagination.total_pages >= 1 && pagination.page > pagination.total_pages) {
      setQuery((current) => ({ ...current, page: pagination.total_pages }));
      return;
    }
    setLast(request.data);
  }, [request]);

  /** Changing the search, sort or archived filter goes back to the first page. */
  const update = React.useCallback(
    (change: Partial<Omit<ListQueryState, 'page'>>) =>
      setQuery((current) => ({ ...current, ...change, page: 1 })),
    []
  );
  const setPage = React.useCallback((page: number) => setQuery((current) => ({ ...current, page })), []);
  const reload = React.useCallback(() => setReloadKey((key) => key + 1), []);

  return {
    query,
    update,
    setPage,
    reload,
    list: last,
    isLoading: request.status === 'loading',
    isError: request.status === 'error',
  };
}
