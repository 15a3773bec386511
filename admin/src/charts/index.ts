import './charts.css';
import { renderChord } from './chord';
import { createContext, type Renderer, type RenderOptions } from './context';
import { element } from './dom';
import { renderGauge } from './gauge';
import { renderHeatmap } from './heatmap';
import { renderMap } from './map';
import { renderMetric } from './metric';
import { isAllZero, renderProportion } from './proportion';
import { renderSankey } from './sankey';
import { renderScatter } from './scatter';
import { renderSeries } from './series';
import { renderTable } from './table';
import { renderText } from './text';
import { renderTreemap } from './treemap';
import type { SeriesData, Theme, TileResult, ViewerTile } from './types';

export type * from './types';
export type { RenderOptions } from './context';

/** Where a tile stands: the browser tests (and anyone else) wait for `drawn`. */
export type TileState = 'rendering' | 'drawn' | 'empty' | 'error';

const CHART_RENDERERS = new Map<string, Renderer<any>>(
  Object.entries({
    bar: renderSeries,
    line: renderSeries,
    area: renderSeries,
    radar: renderSeries,
    pie: renderProportion,
    donut: renderProportion,
    funnel: renderProportion,
    scatter: renderScatter,
    heatmap: renderHeatmap,
    treemap: renderTreemap,
    sankey: renderSankey,
    chord: renderChord,
    gauge: renderGauge,
  })
);

const TILE_RENDERERS = new Map<string, Renderer<any>>(
  Object.entries({
    kpi: renderMetric,
    metric: renderMetric,
    table: renderTable,
    map: renderMap,
  })
);

const rendererFor = (tile: ViewerTile): Renderer<any> | undefined =>
  tile.tile_type === 'chart'
    ? CHART_RENDERERS.get(tile.chart_type ?? '')
    : TILE_RENDERERS.get(tile.tile_type);

/** A query tile whose query returned no rows has nothing to draw. */
const hasNoRows = (data: Record<string, unknown>) => Array.isArray(data.rows) && data.rows.length === 0;

/** Charts of shares of a whole: with every value zero there is no whole to share. */
const SHARE_CHARTS = new Set(['pie', 'donut', 'funnel', 'treemap']);
const isZeroWhole = (tile: ViewerTile, data: Record<string, unknown>) =>
  tile.tile_type === 'chart' &&
  SHARE_CHARTS.has(tile.chart_type ?? '') &&
  Array.isArray(data.datasets) &&
  isAllZero(data as unknown as SeriesData);

/** The page's language when the caller does not say: the document's, else the browser's. */
const pageLocale = () =>
  (typeof document !== 'undefined' && document.documentElement.lang) ||
  (typeof navigator !== 'undefined' ? navigator.language : undefined);

/**
 * Draws one tile's body (not its title) into `container` from its snapshot entry; `result` is
 * undefined when the snapshot has none. Numbers, dates and words are in `options.locale` (by
 * default the page's). Returns the function that removes what was drawn.
 */
export function renderTile(
  container: HTMLElement,
  tile: ViewerTile,
  result: TileResult | undefined,
  theme: Theme,
  options: RenderOptions = {}
): () => void {
  const root = element('div', 'dv-render');
  container.append(root);
  const setState = (state: TileState) => (container.dataset.tileState = state);
  const notice = (state: 'empty' | 'error', text: string) => {
    root.replaceChildren(element('div', state === 'error' ? 'dv-notice dv-notice-error' : 'dv-notice', text));
    setState(state);
    return () => root.remove();
  };
  setState('rendering');
  const context = createContext(tile, theme, (drawn) => setState(drawn ? 'drawn' : 'rendering'), {
    locale: options.locale ?? pageLocale(),
  });
  const { t } = context;

  if (tile.tile_type === 'text') {
    const content = tile.chart_config?.content;
    return guarded(() => renderText(root, typeof content === 'string' ? content : '', context));
  }
  if (result?.error) return notice('error', result.error);
  if (!result?.data) return notice('empty', t('charts.notice.notRun'));
  const render = rendererFor(tile);
  if (!render) {
    return notice(
      'error',
      t('charts.notice.unsupported', { type: `${tile.tile_type} ${tile.chart_type ?? ''}`.trim() })
    );
  }
  if (hasNoRows(result.data)) return notice('empty', t('charts.notice.noData'));
  if (isZeroWhole(tile, result.data)) return notice('empty', t('charts.notice.allZero'));
  const data = result.data;
  return guarded(() => render(root, data, context));

  /** A snapshot the renderer cannot read shows an error box instead of breaking the page. */
  function guarded(draw: () => () => void): () => void {
    try {
      const destroy = draw();
      return () => {
        destroy();
        root.remove();
      };
    } catch (error) {
      console.warn(`dashboards: tile ${tile.id} could not be drawn`, error);
      return notice('error', t('charts.notice.drawFailed'));
    }
  }
}
