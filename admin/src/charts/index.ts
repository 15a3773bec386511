import './charts.css';
import { pickedRow } from '../../../contracts/tile-shape';
import { createContext, type Renderer, type RenderOptions } from './context';
import { element } from './dom';
import { renderGauge } from './gauge';
import { renderMetric } from './metric';
import { isAllZero, renderProportion } from './proportion';
import { renderScatter } from './scatter';
import { renderSeries } from './series';
import { renderTable } from './table';
import type { SeriesData, Theme, TileResult, ViewerTile } from './types';

export type * from './types';
export type { RenderOptions } from './context';

/** Where a tile stands: the browser tests (and anyone else) wait for `drawn`. */
export type TileState = 'rendering' | 'drawn' | 'empty' | 'error';

/**
 * A renderer kept out of the page's first script: its module (with the chart plugin, the atlases or
 * the Markdown parser it needs) is loaded the first time a tile of its kind is drawn. In the admin
 * each is a chunk of its own; the public viewer's single script holds them all (esbuild inlines a
 * dynamic import when it does not split), so there the load is only a promise.
 */
export interface LazyRenderer {
  load: () => Promise<TileRenderer>;
  /** Set once loaded: later tiles of the kind draw at once. */
  loaded?: TileRenderer;
}

/** A renderer of any kind of data (each checks the data it is given). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TileRenderer = Renderer<any>;

const lazy = (importer: () => Promise<TileRenderer>): LazyRenderer => {
  let loading: Promise<TileRenderer> | undefined;
  const entry: LazyRenderer = {
    load: () => {
      loading ??= importer().then(
        (render) => (entry.loaded = render),
        (error: unknown) => {
          // a chunk that failed to load (a network error) is asked for again by the next tile
          loading = undefined;
          throw error;
        }
      );
      return loading;
    },
  };
  return entry;
};

const chord = lazy(() => import('./chord').then((module) => module.renderChord));
const funnel = lazy(() => import('./funnel').then((module) => module.renderFunnel));
const heatmap = lazy(() => import('./heatmap').then((module) => module.renderHeatmap));
const map = lazy(() => import('./map').then((module) => module.renderMap));
const sankey = lazy(() => import('./sankey').then((module) => module.renderSankey));
const text = lazy(() => import('./text').then((module) => module.renderText));
const treemap = lazy(() => import('./treemap').then((module) => module.renderTreemap));

type AnyRenderer = TileRenderer | LazyRenderer;

const CHART_RENDERERS = new Map<string, AnyRenderer>(
  Object.entries({
    bar: renderSeries,
    line: renderSeries,
    area: renderSeries,
    radar: renderSeries,
    pie: renderProportion,
    donut: renderProportion,
    funnel,
    scatter: renderScatter,
    heatmap,
    treemap,
    sankey,
    chord,
    gauge: renderGauge,
  })
);

const TILE_RENDERERS = new Map<string, AnyRenderer>(
  Object.entries({
    kpi: renderMetric,
    metric: renderMetric,
    table: renderTable,
    map,
  })
);

const rendererFor = (tile: ViewerTile): AnyRenderer | undefined =>
  tile.tile_type === 'chart'
    ? CHART_RENDERERS.get(tile.chart_type ?? '')
    : TILE_RENDERERS.get(tile.tile_type);

/** Starts loading the lazy renderers these tiles need (a dashboard's kinds are known before its data). */
export function preloadRenderers(tiles: ViewerTile[]) {
  for (const tile of tiles) {
    const renderer = rendererFor(tile);
    // a chunk that fails to load now is asked for again when its tile draws
    if (renderer && 'load' in renderer) renderer.load().catch(() => undefined);
  }
}

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
    return drawWith(text, (render) => render(root, typeof content === 'string' ? content : '', context));
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
  const { onPick } = options;
  if (onPick) {
    context.pick = (target) => {
      const row = pickedRow(tile, data as Parameters<typeof pickedRow>[1], target);
      if (row) onPick(row);
    };
  }
  return drawWith(render, (loaded) => loaded(root, data, context));

  /** Draws with the renderer now when it is at hand, else once its module has loaded (unless undone before). */
  function drawWith(entry: AnyRenderer, draw: (render: TileRenderer) => () => void): () => void {
    const ready = typeof entry === 'function' ? entry : entry.loaded;
    if (ready) return guarded(() => draw(ready));
    let undone = false;
    let destroy = () => root.remove();
    (entry as LazyRenderer).load().then(
      (loaded) => {
        if (!undone) destroy = guarded(() => draw(loaded));
      },
      (error: unknown) => {
        if (undone) return;
        console.warn(`dashboards: the renderer of tile ${tile.id} could not be loaded`, error);
        destroy = notice('error', t('charts.notice.drawFailed'));
      }
    );
    return () => {
      undone = true;
      destroy();
    };
  }

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
