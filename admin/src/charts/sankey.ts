import type { ChartConfiguration } from 'chart.js';
import { mountChart } from './chart-host';
import type { Renderer } from './context';
import { formatNumber } from './format';
import { valueFormat } from './options';
import { palette } from './theme';
import type { FlowData, FlowLink } from './types';

/** Links that can be drawn: a positive flow between two different nodes. */
export const drawableLinks = (data: FlowData): (FlowLink & { flow: number })[] =>
  (data.datasets[0]?.data ?? []).filter(
    (link): link is FlowLink & { flow: number } =>
      link.flow !== null && link.flow > 0 && link.from !== link.to
  );

/** Flows between nodes laid out in columns, each flow coloured from its source to its target. */
export const renderSankey: Renderer<FlowData> = (container, data, context) => {
  const colors = palette(context.config, data.labels.length);
  const nodeColor = (node: string) => colors[Math.max(data.labels.indexOf(node), 0)];
  const config: ChartConfiguration<'sankey'> = {
    type: 'sankey',
    data: {
      datasets: [
        {
          label: data.datasets[0]?.label ?? '',
          data: drawableLinks(data),
          parsing: { from: 'from', to: 'to', flow: 'flow' },
          colorFrom: (ctx) => nodeColor(ctx.raw.from),
          colorTo: (ctx) => nodeColor(ctx.raw.to),
          colorMode: 'gradient',
          alpha: 0.55,
          color: context.colors.text,
          borderWidth: 0,
          nodeWidth: 12,
          size: 'max',
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const link = item.raw as FlowLink;
              return `${link.from} → ${link.to}: ${formatNumber(link.flow, valueFormat(context))}`;
            },
          },
        },
      },
    },
  };
  return mountChart(container, config, context);
};
