import { Chart, registerables, type ChartConfiguration, type ChartType, type Plugin } from 'chart.js';
import type { RenderContext } from './context';
import type { ChartMessageKey } from './i18n';
import { FONT_FAMILY } from './theme';

/**
 * Chart.js's own charts. The chart kinds of other packages (funnel, treemap, sankey, matrix, geo)
 * register themselves in the renderer modules that use them, which index.ts loads only when a tile
 * of that kind is drawn.
 */
Chart.register(...registerables);

/**
 * Tells the tile when its chart is drawn. Chart.js calls afterRender once a render is complete
 * (at once: charts do not animate); a chart first laid out at no size renders again when its box
 * gets one, so it only counts as drawn with a size.
 */
const drawnMarker = (context: RenderContext, frame: HTMLElement): Plugin => ({
  id: 'dashboardsDrawn',
  resize: () => context.redrawing(),
  afterRender: (chart) => {
    if (chart.width > 0 && chart.height > 0) {
      // the category labels as drawn (cut or not), for whoever checks that none was skipped
      const category = Object.values(chart.scales).find((scale) => scale.type === 'category');
      if (category) frame.dataset.axisLabels = JSON.stringify(category.ticks.map((tick) => tick.label));
      frame.dataset.seriesLabels = JSON.stringify(chart.data.datasets.map((dataset) => dataset.label ?? ''));
      const titles = Object.values(chart.scales).flatMap((scale) => {
        const { title } = scale.options as { title?: { display?: boolean; text?: string } };
        return title?.display && title.text ? [`${scale.id}: ${title.text}`] : [];
      });
      if (titles.length) frame.dataset.axisTitles = titles.join('; ');
      context.drawn();
    }
  },
  // the tooltip's lines while it shows something hovered (title first), for whoever checks what a reader sees
  afterTooltipDraw: (_chart, { tooltip }) => {
    if (tooltip.getActiveElements().length === 0) delete frame.dataset.tooltip;
    else {
      frame.dataset.tooltip = [
        ...tooltip.title,
        ...tooltip.beforeBody,
        ...tooltip.body.flatMap((part) => [...part.before, ...part.lines, ...part.after]),
        ...tooltip.afterBody,
        ...tooltip.footer,
      ].join('\n');
    }
  },
});

/**
 * The labels a chart's own plugin writes on it (treemap rectangles, sankey nodes …) as drawn, kept
 * on the chart's frame as `data-labels`: `record` is called with each label while it is drawn.
 */
export function drawnLabels(): { record: (label: string) => string; plugin: Plugin } {
  let drawn: string[] = [];
  return {
    record: (label) => {
      drawn.push(label);
      return label;
    },
    plugin: {
      id: 'dashboardsDrawnLabels',
      beforeDraw: () => {
        drawn = [];
      },
      afterDraw: (chart) => {
        const frame = chart.canvas.parentElement;
        if (frame) frame.dataset.labels = JSON.stringify(drawn);
      },
    },
  };
}

/** What a screen reader hears for a chart: its kind and its title (`Pie chart: Lead sources`). */
export function chartLabel(context: RenderContext): string {
  const kind = context.tile.chart_type ?? '';
  const types: Record<string, ChartMessageKey> = {
    area: 'charts.type.area',
    bar: 'charts.type.bar',
    chord: 'charts.type.chord',
    donut: 'charts.type.donut',
    funnel: 'charts.type.funnel',
    gauge: 'charts.type.gauge',
    heatmap: 'charts.type.heatmap',
    line: 'charts.type.line',
    pie: 'charts.type.pie',
    radar: 'charts.type.radar',
    sankey: 'charts.type.sankey',
    scatter: 'charts.type.scatter',
    treemap: 'charts.type.treemap',
  };
  const key = Object.hasOwn(types, kind) ? types[kind] : undefined;
  return key ? `${context.t(key)}: ${context.tile.title}` : context.tile.title;
}

/** A canvas the size of its container. Chart.js needs a positioned parent to follow resizes. */
export function createCanvas(
  container: HTMLElement,
  label: string
): { frame: HTMLElement; canvas: HTMLCanvasElement } {
  const frame = document.createElement('div');
  frame.className = 'dv-chart';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  frame.append(canvas);
  container.append(frame);
  return { frame, canvas };
}

/** Draws a Chart.js chart filling the container; the returned function removes it. */
export function mountChart<T extends ChartType>(
  container: HTMLElement,
  config: ChartConfiguration<T>,
  context: RenderContext,
  label: string = chartLabel(context)
): () => void {
  const { frame, canvas } = createCanvas(container, label);
  const { pick } = context;
  const picking = pick
    ? {
        onClick: (_event: unknown, elements: { index: number }[], clicked: Chart) => {
          const [first] = elements;
          if (!first) return;
          const drawnLabel = clicked.data.labels?.[first.index];
          pick({ index: first.index, label: drawnLabel === undefined ? undefined : String(drawnLabel) });
        },
        onHover: (_event: unknown, elements: unknown[]) => {
          canvas.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        },
      }
    : {};
  if (pick) frame.dataset.pickable = 'true';
  const chart = new Chart(canvas, {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      ...picking,
      // a dashboard shows its figures as they are at once: no tile spends a second growing into place
      animation: { duration: 0 },
      color: context.colors.text,
      font: { family: FONT_FAMILY },
      ...config.options,
    },
    plugins: [...(config.plugins ?? []), drawnMarker(context, frame)],
  } as ChartConfiguration<T>);
  return () => {
    chart.destroy();
    frame.remove();
  };
}
