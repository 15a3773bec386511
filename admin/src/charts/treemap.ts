import { Chart, type ChartConfiguration } from 'chart.js';
import { TreemapController, TreemapElement } from 'chartjs-chart-treemap';
import { drawnLabels, mountChart } from './chart-host';
import { stringOption, type Renderer } from './context';
import { formatNumber, humanize, readableName } from './format';
import { valueFormat } from './options';
import { palette } from './theme';
import type { SeriesData } from './types';

Chart.register(TreemapController, TreemapElement);

interface TreemapItem {
  name: string;
  value: number;
  category?: string;
  [key: string]: unknown;
}

/** What the treemap controller hands a scriptable option about a rectangle. */
interface TreemapRect {
  g?: string;
  v: number;
  /** The group's level (0: the category when there are categories). */
  l?: number;
  _data?: { label?: string; children?: TreemapItem[] };
}

/**
 * Rectangles sized by value; with a categoryField, grouped (and coloured) by category. Names and
 * categories written as codes read humanised, the value named after its field (`revenue` →
 * "Revenue: $420,000" in the tooltip).
 */
export const renderTreemap: Renderer<SeriesData> = (container, data, context) => {
  const series = data.datasets[0];
  const categories = series?.categories;
  const items: TreemapItem[] = data.labels
    .map((name, index) => ({
      name,
      value: series?.data[index] ?? 0,
      ...(categories ? { category: categories[index] } : {}),
    }))
    .filter((item) => item.value > 0);
  const colorKeys = [...new Set(items.map((item) => item.category ?? item.name))];
  const colors = palette(context.config, colorKeys.length);
  const colorOf = (rect: TreemapRect | undefined) => {
    const first = rect?._data?.children?.[0];
    const key = first ? (first.category ?? first.name) : rect?.g;
    return colors[Math.max(colorKeys.indexOf(key ?? ''), 0)];
  };
  const name = (rect: TreemapRect | undefined) => readableName(rect?.g ?? '');
  const valueName = series?.label ? humanize(series.label) : '';
  const categoryField = stringOption(context.config, 'categoryField');
  const labels = drawnLabels();
  const config: ChartConfiguration<'treemap'> = {
    type: 'treemap',
    data: {
      datasets: [
        {
          label: series?.label ?? '',
          tree: items,
          key: 'value',
          groups: categories ? ['category', 'name'] : ['name'],
          data: [],
          spacing: 1,
          borderWidth: 1,
          borderColor: context.colors.surface,
          backgroundColor: (ctx) => (ctx.type === 'data' ? colorOf(ctx.raw as TreemapRect) : 'transparent'),
          captions: {
            display: true,
            color: '#ffffff',
            font: { weight: 'bold' },
            formatter: (ctx) => labels.record(name(ctx.raw as TreemapRect)),
          },
          labels: {
            display: true,
            color: '#ffffff',
            overflow: 'fit',
            formatter: (ctx) => {
              const rect = ctx.raw as TreemapRect;
              const value = formatNumber(rect.v, valueFormat(context), true);
              labels.record(`${name(rect)} ${value}`);
              return [name(rect), value];
            },
          },
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          // over a product, the product alone (not also the category round it)
          filter: (item, _, items) =>
            ((item.raw as TreemapRect).l ?? 0) ===
            Math.max(...items.map((other) => (other.raw as TreemapRect).l ?? 0)),
          callbacks: {
            title: (items) => name(items[0]?.raw as TreemapRect | undefined),
            label: (item) => {
              const value = formatNumber((item.raw as TreemapRect).v, valueFormat(context));
              return valueName ? `${valueName}: ${value}` : value;
            },
            // a product's category under its value (`Family: Software`)
            afterLabel: (item) => {
              const rect = item.raw as TreemapRect;
              const category = rect.l ? rect._data?.children?.[0]?.category : undefined;
              return categoryField && category ? `${humanize(categoryField)}: ${readableName(category)}` : '';
            },
          },
        },
      },
    },
    plugins: [labels.plugin],
  };
  return mountChart(container, config, context);
};
