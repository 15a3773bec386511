import type { EmbedOptions } from '../../../contracts/sharing';
import { PLUGIN_ID } from '../pluginId';

/** The plugin's admin API: `/dashboards/dashboards/…` (the plugin's prefix, then the routes' own). */
const ROOT = `/${PLUGIN_ID}/dashboards`;
const segment = encodeURIComponent;

/** `?a=b` from the non-empty entries of `search`, or nothing. */
const queryOf = (search: URLSearchParams): string => {
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** The query string that hands the filters bar's values to the tiles (`params[name]=value`). */
export const paramsQuery = (params: Record<string, string>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== '') search.append(`params[${name}]`, value);
  }
  return queryOf(search);
};

/** The embed options as GET /:id/embed takes them: only those that differ from the defaults. */
export const embedQuery = (options: EmbedOptions): string => {
  const search = new URLSearchParams();
  if (options.theme !== 'light') search.set('theme', options.theme);
  for (const key of ['hide_header', 'hide_filters', 'auto_refresh'] as const) {
    if (options[key]) search.set(key, 'true');
  }
  return queryOf(search);
};

/** Every path of the plugin's admin API the admin app calls, built here and nowhere else. */
export const apiPaths = {
  dashboards: (query: Record<string, string> = {}) => `${ROOT}${queryOf(new URLSearchParams(query))}`,
  dashboardTags: () => `${ROOT}/tags`,
  importDashboard: () => `${ROOT}/import`,
  contentTypes: () => `${ROOT}/content-types`,
  datasources: () => `${ROOT}/datasources`,
  tables: (datasourceId: string) => `${ROOT}/datasources/${segment(datasourceId)}/tables`,
  analyticsStats: (scope: string) => `${ROOT}/analytics/stats?scope=${segment(scope)}`,
  dashboard: (id: string) => `${ROOT}/${segment(id)}`,
  exportDashboard: (id: string) => `${ROOT}/${segment(id)}/export`,
  duplicateDashboard: (id: string) => `${ROOT}/${segment(id)}/duplicate`,
  data: (id: string, params: Record<string, string>) => `${ROOT}/${segment(id)}/data${paramsQuery(params)}`,
  /** These tiles' results, one line each as soon as it is computed (`format=ndjson`). */
  streamedData: (id: string, params: Record<string, string>, tileIds: string[]) => {
    const query = paramsQuery(params);
    return `${ROOT}/${segment(id)}/data${query}${query ? '&' : '?'}format=ndjson&tiles=${tileIds.map(segment).join(',')}`;
  },
  tiles: (id: string) => `${ROOT}/${segment(id)}/tiles`,
  tile: (id: string, tileId: string) => `${ROOT}/${segment(id)}/tiles/${segment(tileId)}`,
  tileData: (id: string, tileId: string, params: Record<string, string>) =>
    `${ROOT}/${segment(id)}/tiles/${segment(tileId)}/data${paramsQuery(params)}`,
  tileCsv: (id: string, tileId: string, params: Record<string, string>) =>
    `${ROOT}/${segment(id)}/tiles/${segment(tileId)}/csv${paramsQuery(params)}`,
  /** What lies behind one point of a tile (its row's values in `point`). */
  tileDrill: (id: string, tileId: string, params: Record<string, string>, point: Record<string, string>) => {
    const search = new URLSearchParams(paramsQuery(params).slice(1));
    for (const [column, value] of Object.entries(point)) search.append(`point[${column}]`, value);
    return `${ROOT}/${segment(id)}/tiles/${segment(tileId)}/drill${queryOf(search)}`;
  },
  tilePreview: (id: string, params: Record<string, string> = {}) =>
    `${ROOT}/${segment(id)}/tiles/preview${paramsQuery(params)}`,
  layout: (id: string) => `${ROOT}/${segment(id)}/tiles/layout`,
  share: (id: string) => `${ROOT}/${segment(id)}/share`,
  shareLinks: (id: string) => `${ROOT}/${segment(id)}/share-links`,
  shareLink: (id: string, linkId: string) => `${ROOT}/${segment(id)}/share-links/${segment(linkId)}`,
  rotateShareLink: (id: string, linkId: string) =>
    `${ROOT}/${segment(id)}/share-links/${segment(linkId)}/rotate`,
  embed: (id: string, options: EmbedOptions) => `${ROOT}/${segment(id)}/embed${embedQuery(options)}`,
  snapshot: (id: string) => `${ROOT}/${segment(id)}/snapshot`,
  schedule: (id: string, page?: number, limit?: number) =>
    `${ROOT}/${segment(id)}/schedule${page === undefined ? '' : `?page=${page}&limit=${limit ?? 10}`}`,
  refresh: (id: string) => `${ROOT}/${segment(id)}/refresh`,
  /** `/subscriptions` (digests) or `/alerts`, and one of them. */
  subscriptions: (id: string, kind: 'digest' | 'alert', subscriptionId?: string) =>
    `${ROOT}/${segment(id)}/${kind === 'alert' ? 'alerts' : 'subscriptions'}${subscriptionId ? `/${segment(subscriptionId)}` : ''}`,
  revisions: (id: string) => `${ROOT}/${segment(id)}/revisions`,
  revision: (id: string, revisionId: string) => `${ROOT}/${segment(id)}/revisions/${segment(revisionId)}`,
  restoreRevision: (id: string, revisionId: string) =>
    `${ROOT}/${segment(id)}/revisions/${segment(revisionId)}/restore`,
  refreshRun: (id: string, refreshId: string) => `${ROOT}/${segment(id)}/refresh/${segment(refreshId)}`,
};
