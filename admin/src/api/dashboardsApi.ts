import { adminApi } from '@strapi/strapi/admin';

import type { AnalyticsStats } from '../../../contracts/analytics';
import type {
  Dashboard,
  DashboardExport,
  DrillResult,
  ListDashboardTagsResponse,
  ListDashboardsResponse,
  Tile,
} from '../../../contracts/dashboards';
import type {
  ContentTypeListing,
  DatasourceListing,
  Listing,
  TableListing,
  TilePreviewResponse,
} from '../../../contracts/query';
import type { ListRevisionsResponse, Revision } from '../../../contracts/revisions';
import type { Subscription, SubscriptionKind } from '../../../contracts/subscriptions';
import type { RefreshRun, ScheduleBody, ScheduleResponse } from '../../../contracts/schedules';
import type {
  CreatedShareLink,
  CreateShareLinkBody,
  EmbedInfo,
  EmbedOptions,
  PublicShare,
  ShareLink,
  SnapshotTaken,
} from '../../../contracts/sharing';
import type { TileResult } from '../../../contracts/snapshots';
import { concurrencyLimit } from '../utils/concurrency';
import type { LayoutUpdateBody } from '../utils/layout';
import type { TileBody } from '../utils/tileConfig';
import { apiPaths } from './paths';
import { isShown, prefetchTileData, streamedResult, type TileDataArgs } from './tileStream';

/**
 * The cache tags of the plugin's admin API. `Dashboard` (id `LIST` for the lists, else a
 * dashboard's id: its structure), `DashboardData` (a dashboard's tile results), `ShareLink` and
 * `Schedule` (by dashboard id). A write invalidates what it changed; every query loads again on
 * mount (`keepUnusedDataFor: 0`), as the admin's pages always did.
 */
export const TAGS = ['Dashboard', 'DashboardData', 'ShareLink', 'Schedule', 'Subscription'] as const;

const LIST = { type: 'Dashboard', id: 'LIST' } as const;
const structureOf = (id: string) => [{ type: 'Dashboard', id }, LIST] as const;
const tilesOf = (id: string) =>
  [
    { type: 'Dashboard', id },
    { type: 'DashboardData', id },
  ] as const;

/** A GET that is not kept once nothing shows it: the next mount loads it again. */
const FRESH = { keepUnusedDataFor: 0 } as const;

/**
 * A tile that asks for its data on its own (when the shared stream did not answer it): six requests
 * at most at once (what a browser opens to one host over HTTP/1.1), the others waiting in the
 * tiles' order, so that a large dashboard never queues the app's other requests behind its tiles.
 */
const tileRequests = concurrencyLimit(6);

/** The admin's session token (the store keeps the renewed one). */
const tokenOf = (state: unknown): string | null =>
  (state as { admin_app?: { token?: string | null } }).admin_app?.token ?? null;

/** What a request no tile shows any more answers (nothing shows it: only its cache entry sees it). */
const NOT_SHOWN = { status: 499, name: 'NotShown', message: 'No tile shows this data any more' } as const;

export const dashboardsApi = adminApi.enhanceEndpoints({ addTagTypes: [...TAGS] }).injectEndpoints({
  endpoints: (build) => ({
    // the list page and the recent dashboards widget
    listDashboards: build.query<ListDashboardsResponse, Record<string, string>>({
      query: (query) => apiPaths.dashboards(query),
      providesTags: [LIST],
      ...FRESH,
    }),
    // the tags in use, for the list's tag filter and the settings dialog's suggestions
    dashboardTags: build.query<ListDashboardTagsResponse, void>({
      query: () => apiPaths.dashboardTags(),
      providesTags: [LIST],
      ...FRESH,
    }),
    createDashboard: build.mutation<Dashboard, { name: string; description: string | null }>({
      query: (data) => ({ url: apiPaths.dashboards(), method: 'POST', data }),
      invalidatesTags: [LIST],
    }),
    importDashboard: build.mutation<Dashboard, unknown>({
      query: (data) => ({ url: apiPaths.importDashboard(), method: 'POST', data }),
      invalidatesTags: [LIST],
    }),
    exportDashboard: build.query<DashboardExport, string>({
      query: (id) => apiPaths.exportDashboard(id),
      ...FRESH,
    }),
    duplicateDashboard: build.mutation<Dashboard, string>({
      query: (id) => ({ url: apiPaths.duplicateDashboard(id), method: 'POST', data: {} }),
      invalidatesTags: [LIST],
    }),
    deleteDashboard: build.mutation<void, string>({
      query: (id) => ({ url: apiPaths.dashboard(id), method: 'DELETE' }),
      invalidatesTags: (_result, _error, id) => [...structureOf(id)],
    }),

    // one dashboard: its structure, its tiles' results, its layout and tiles
    getDashboard: build.query<Dashboard, string>({
      queryFn: async (id, api, _options, baseQuery) => {
        const loaded = await baseQuery(apiPaths.dashboard(id));
        if (loaded.error) return { error: loaded.error };
        const dashboard = loaded.data as Dashboard;
        // a view's first load (not a reload of its structure) starts its tiles' data at once, before
        // the page draws (the store's answer renders the page before anything else runs)
        const shown = dashboardsApi.endpoints.getDashboard.select(id)(api.getState() as never).data;
        const token = tokenOf(api.getState());
        if (shown === undefined && token !== null) prefetchTileData(dashboard, token);
        return { data: dashboard };
      },
      providesTags: (_result, _error, id) => [{ type: 'Dashboard', id }],
      ...FRESH,
    }),
    updateDashboard: build.mutation<Dashboard, { id: string; body: Record<string, unknown> }>({
      query: ({ id, body }) => ({ url: apiPaths.dashboard(id), method: 'PUT', data: body }),
      // the page's copy of the dashboard is not loaded again (the embed panel keeps its own list)
      invalidatesTags: [LIST],
    }),
    // GET /:id/tiles/:tileId/data: one tile run now with the filters' values (its error is its own)
    getTileData: build.query<TileResult, TileDataArgs>({
      queryFn: async (args, api, _options, baseQuery) => {
        const token = tokenOf(api.getState());
        const streamed = token === null ? null : await streamedResult(args, token);
        if (streamed) return { data: streamed };
        if (token !== null && !isShown(args)) return { error: NOT_SHOWN };
        const answer = await tileRequests(async (waited) =>
          waited && !isShown(args)
            ? { error: NOT_SHOWN }
            : baseQuery(apiPaths.tileData(args.id, args.tileId, args.params))
        );
        return answer.error ? { error: answer.error } : { data: answer.data as TileResult };
      },
      providesTags: (_result, _error, { id }) => [{ type: 'DashboardData', id }],
      ...FRESH,
    }),
    saveLayout: build.mutation<unknown, { id: string; changes: LayoutUpdateBody }>({
      query: ({ id, changes }) => ({ url: apiPaths.layout(id), method: 'PUT', data: changes }),
      // the page keeps the positions it saved
    }),
    createTile: build.mutation<Tile, { id: string; body: TileBody & Partial<Tile> }>({
      query: ({ id, body }) => ({ url: apiPaths.tiles(id), method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [...tilesOf(id)],
    }),
    updateTile: build.mutation<Tile, { id: string; tileId: string; body: TileBody }>({
      query: ({ id, tileId, body }) => ({ url: apiPaths.tile(id, tileId), method: 'PUT', data: body }),
      invalidatesTags: (_result, _error, { id }) => [...tilesOf(id)],
    }),
    deleteTile: build.mutation<void, { id: string; tileId: string }>({
      query: ({ id, tileId }) => ({ url: apiPaths.tile(id, tileId), method: 'DELETE' }),
      invalidatesTags: (_result, _error, { id }) => [...tilesOf(id)],
    }),
    drillTile: build.mutation<
      DrillResult,
      { id: string; tileId: string; params: Record<string, string>; point: Record<string, string> }
    >({
      query: ({ id, tileId, params, point }) => ({
        url: apiPaths.tileDrill(id, tileId, params, point),
        method: 'GET',
      }),
    }),
    previewTile: build.mutation<
      TilePreviewResponse,
      { id: string; body: TileBody; params?: Record<string, string> }
    >({
      query: ({ id, body, params }) => ({
        url: apiPaths.tilePreview(id, params),
        method: 'POST',
        data: body,
      }),
    }),

    // the tile editor's sources
    contentTypes: build.query<ContentTypeListing[], void>({
      query: () => apiPaths.contentTypes(),
      transformResponse: (answer: Listing<ContentTypeListing>) => answer.data,
      ...FRESH,
    }),
    datasources: build.query<DatasourceListing[], void>({
      query: () => apiPaths.datasources(),
      transformResponse: (answer: Listing<DatasourceListing>) => answer.data,
      ...FRESH,
    }),
    tables: build.query<TableListing[], string>({
      query: (datasourceId) => apiPaths.tables(datasourceId),
      transformResponse: (answer: Listing<TableListing>) => answer.data,
      ...FRESH,
    }),

    // sharing
    shareLinks: build.query<ShareLink[], string>({
      query: (id) => apiPaths.shareLinks(id),
      providesTags: (_result, _error, id) => [{ type: 'ShareLink', id }],
      ...FRESH,
    }),
    setPublic: build.mutation<PublicShare, { id: string; isPublic: boolean }>({
      query: ({ id, isPublic }) => ({
        url: apiPaths.share(id),
        method: 'POST',
        data: { is_public: isPublic },
      }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    createShareLink: build.mutation<CreatedShareLink, { id: string; body: CreateShareLinkBody }>({
      query: ({ id, body }) => ({ url: apiPaths.share(id), method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    rotateShareLink: build.mutation<ShareLink, { id: string; linkId: string }>({
      query: ({ id, linkId }) => ({ url: apiPaths.rotateShareLink(id, linkId), method: 'POST', data: {} }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    revokeShareLink: build.mutation<unknown, { id: string; linkId: string }>({
      query: ({ id, linkId }) => ({ url: apiPaths.shareLink(id, linkId), method: 'DELETE' }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'ShareLink', id }],
    }),
    embed: build.query<EmbedInfo, { id: string; options: EmbedOptions }>({
      query: ({ id, options }) => apiPaths.embed(id, options),
      ...FRESH,
    }),
    takeSnapshot: build.mutation<SnapshotTaken, string>({
      query: (id) => ({ url: apiPaths.snapshot(id), method: 'POST', data: {} }),
      invalidatesTags: (_result, _error, id) => [...tilesOf(id)],
    }),

    // scheduling and refresh runs
    getSchedule: build.query<ScheduleResponse, { id: string; page: number; limit: number }>({
      query: ({ id, page, limit }) => apiPaths.schedule(id, page, limit),
      providesTags: (_result, _error, { id }) => [{ type: 'Schedule', id }],
      ...FRESH,
    }),
    saveSchedule: build.mutation<unknown, { id: string; body: ScheduleBody }>({
      query: ({ id, body }) => ({ url: apiPaths.schedule(id), method: 'POST', data: body }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'Schedule', id }],
    }),
    deleteSchedule: build.mutation<unknown, string>({
      query: (id) => ({ url: apiPaths.schedule(id), method: 'DELETE' }),
      invalidatesTags: (_result, _error, id) => [{ type: 'Schedule', id }],
    }),
    startRefresh: build.mutation<RefreshRun, string>({
      query: (id) => ({ url: apiPaths.refresh(id), method: 'POST', data: { mode: 'async' } }),
      invalidatesTags: (_result, _error, id) => [{ type: 'Schedule', id }],
    }),
    refreshRun: build.query<RefreshRun, { id: string; refreshId: string }>({
      query: ({ id, refreshId }) => apiPaths.refreshRun(id, refreshId),
      ...FRESH,
    }),

    // subscriptions and alerts (the caller's own)
    subscriptions: build.query<{ data: Subscription[] }, { id: string; kind: SubscriptionKind }>({
      query: ({ id, kind }) => apiPaths.subscriptions(id, kind),
      providesTags: (_result, _error, { id }) => [{ type: 'Subscription', id }],
      ...FRESH,
    }),
    saveSubscription: build.mutation<
      Subscription,
      { id: string; kind: SubscriptionKind; subscriptionId?: string; body: Record<string, unknown> }
    >({
      query: ({ id, kind, subscriptionId, body }) => ({
        url: apiPaths.subscriptions(id, kind, subscriptionId),
        method: subscriptionId ? 'PUT' : 'POST',
        data: body,
      }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'Subscription', id }],
    }),
    deleteSubscription: build.mutation<void, { id: string; kind: SubscriptionKind; subscriptionId: string }>({
      query: ({ id, kind, subscriptionId }) => ({
        url: apiPaths.subscriptions(id, kind, subscriptionId),
        method: 'DELETE',
      }),
      invalidatesTags: (_result, _error, { id }) => [{ type: 'Subscription', id }],
    }),

    // version history
    revisions: build.query<ListRevisionsResponse, string>({
      query: (id) => apiPaths.revisions(id),
      providesTags: (_result, _error, id) => [{ type: 'Dashboard', id }],
      ...FRESH,
    }),
    revision: build.query<Revision, { id: string; revisionId: string }>({
      query: ({ id, revisionId }) => apiPaths.revision(id, revisionId),
      ...FRESH,
    }),
    restoreRevision: build.mutation<Dashboard, { id: string; revisionId: string }>({
      query: ({ id, revisionId }) => ({
        url: apiPaths.restoreRevision(id, revisionId),
        method: 'POST',
        data: {},
      }),
      invalidatesTags: (_result, _error, { id }) => [...structureOf(id), { type: 'DashboardData', id }],
    }),

    // the homepage widget
    analyticsStats: build.query<AnalyticsStats, string>({
      query: (scope) => apiPaths.analyticsStats(scope),
      ...FRESH,
    }),
  }),
});

export const {
  useListDashboardsQuery,
  useDashboardTagsQuery,
  useCreateDashboardMutation,
  useImportDashboardMutation,
  useLazyExportDashboardQuery,
  useDuplicateDashboardMutation,
  useDeleteDashboardMutation,
  useGetDashboardQuery,
  useLazyGetDashboardQuery,
  useUpdateDashboardMutation,
  useGetTileDataQuery,
  useSaveLayoutMutation,
  useCreateTileMutation,
  useUpdateTileMutation,
  useDeleteTileMutation,
  usePreviewTileMutation,
  useDrillTileMutation,
  useContentTypesQuery,
  useDatasourcesQuery,
  useTablesQuery,
  useShareLinksQuery,
  useSetPublicMutation,
  useCreateShareLinkMutation,
  useRotateShareLinkMutation,
  useRevokeShareLinkMutation,
  useEmbedQuery,
  useTakeSnapshotMutation,
  useGetScheduleQuery,
  useSaveScheduleMutation,
  useDeleteScheduleMutation,
  useStartRefreshMutation,
  useLazyRefreshRunQuery,
  useAnalyticsStatsQuery,
  useRevisionsQuery,
  useSubscriptionsQuery,
  useSaveSubscriptionMutation,
  useDeleteSubscriptionMutation,
  useRevisionQuery,
  useRestoreRevisionMutation,
} = dashboardsApi;
