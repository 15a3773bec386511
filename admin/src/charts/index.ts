import './charts.css';
import { renderChord } from './chord';
import { createContext, type Renderer } from './context';
import { element } from './dom';
import { renderGauge } from './gauge';
import { renderHeatmap } from './heatmap';
import { renderMap } from './map';
import { renderMetric } from './metric';
import { renderProportion } from './proportion';
import { renderSankey } from './sankey';
import { renderScatter } from './scatter';
import { renderSeries } from './series';
import { renderTable } from './table';
import { renderText } from './text';
import { renderTreemap } from './treemap';
import type { Theme, TileResult, ViewerTile } from './types';

export type * from './types';

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

/**
 * Draws one tile's body (not its title) into `container` from its snapshot entry; `result` is
 * undefined when the snapshot has none. Returns the function that removes what was drawn.
 */
export function renderTile(
  container: HTMLElement,
  tile: ViewerTile,
  result: TileResult | undefined,
  theme: Theme
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
  const context = createContext(tile, theme, (drawn) => setState(drawn ? 'drawn' : 'rendering'));

  if (tile.tile_type === 'text') {
    const content = tile.chart_config?.content;
    return guarded(() => renderText(root, typeof content === 'string' ? content : '', context));
  }
  if (result?.error) return notice('error', result.error);
  if (!result?.data) return notice('empty', 'No data yet');
  const render = rendererFor(tile);
  if (!render) return notice('error', `Unsupported tile: ${tile.tile_type} ${tile.chart_type ?? ''}`.trim());
  if (hasNoRows(result.data)) return notice('empty', 'No data to show');
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
      return notice('error', 'This tile could not be drawn');
    }
  }
}
