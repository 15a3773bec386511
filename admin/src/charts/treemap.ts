import type { ChartConfiguration } from 'chart.js';
import { mountChart } from './chart-host';
import type { Renderer } from './context';
import { formatNumber } from './format';
import { valueFormat } from './options';
import { palette } from './theme';
import type { SeriesData } from './types';

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
  _data?: { label?: string; children?: TreemapItem[] };
}

/** Rectangles sized by value; with a categoryField, grouped (and coloured) by category. */
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
          captions: { display: true, color: '#ffffff', font: { weight: 'bold' } },
          labels: {
            display: true,
            color: '#ffffff',
            overflow: 'fit',
            formatter: (ctx) => {
              const rect = ctx.raw as TreemapRect;
              return [rect.g ?? '', formatNumber(rect.v, valueFormat(context), true)];
            },
          },
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => (items[0]?.raw as TreemapRect | undefined)?.g ?? '',
            label: (item) => formatNumber((item.raw as TreemapRect).v, valueFormat(context)),
          },
        },
      },
    },
  };
  return mountChart(container, config, context);
};
