import * as React from 'react';
import { useSearchParams } from 'react-router-dom';

import type { ListDashboardsResponse, SortField } from '../../../contracts/dashboards';
import { useListDashboardsQuery } from '../api/dashboardsApi';

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
  /** Only the dashboards with this tag ('' : any); kept in the page's URL as `?tag=`. */
  tag: string;
}

/** The query of GET /dashboards for the list page's state. */
export const listQuery = ({
  search,
  sort,
  includeArchived,
  page,
  tag,
}: ListQueryState): Record<string, string> => ({
  page: String(page),
  limit: String(PAGE_SIZE),
  sort: sort.sort,
  order: sort.order,
  ...(search ? { search } : {}),
  ...(includeArchived ? { include_archived: 'true' } : {}),
  ...(tag ? { tag } : {}),
});

/**
 * The list page's query (search, sort, archived, page, and the tag from the URL) and its answer. The previous answer stays
 * shown while the next loads, so the toolbar keeps its focus; a write to the dashboards loads the
 * page again (the `Dashboard` LIST cache tag).
 */
export function useDashboardsList() {
  const [state, setQuery] = React.useState<Omit<ListQueryState, 'tag'>>({
    search: '',
    sort: { sort: 'updated_at', order: 'desc' },
    includeArchived: false,
    page: 1,
  });
  const [searchParams, setSearchParams] = useSearchParams();
  const tag = searchParams.get('tag')?.trim() ?? '';
  const query: ListQueryState = React.useMemo(() => ({ ...state, tag }), [state, tag]);
  const { currentData, isFetching, isError } = useListDashboardsQuery(listQuery(query));
  const [last, setLast] = React.useState<ListDashboardsResponse | null>(null);

  React.useEffect(() => {
    if (isFetching || !currentData) return;
    const { pagination } = currentData;
    // after a deletion emptied the last page, go to the one before
    if (pagination.total_pages >= 1 && pagination.page > pagination.total_pages) {
      setQuery((current) => ({ ...current, page: pagination.total_pages }));
      return;
    }
    setLast(currentData);
  }, [currentData, isFetching]);

  /** Changing the search, sort or archived filter goes back to the first page. */
  const update = React.useCallback(
    (change: Partial<Omit<ListQueryState, 'page'>>) =>
      setQuery((current) => ({ ...current, ...change, page: 1 })),
    []
  );
  /** Filtering by a tag (or by none, with '') changes the URL, and goes back to the first page. */
  const setTag = React.useCallback(
    (next: string) => {
      setSearchParams((current) => {
        const params = new URLSearchParams(current);
        if (next) params.set('tag', next);
        else params.delete('tag');
        return params;
      });
      setQuery((current) => ({ ...current, page: 1 }));
    },
    [setSearchParams]
  );
  const setPage = React.useCallback((page: number) => setQuery((current) => ({ ...current, page })), []);

  return {
    query,
    update,
    setTag,
    setPage,
    list: last,
    isLoading: isFetching,
    isError,
  };
}
