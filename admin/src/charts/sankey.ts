import { Chart, type ChartConfiguration } from 'chart.js';
import { Flow, SankeyController } from 'chartjs-chart-sankey';
import { drawnLabels, mountChart } from './chart-host';
import type { Renderer } from './context';
import { humanize, readableName } from './format';
import { palette } from './theme';
import { drawableLinks, flowText } from './flows';
import type { FlowData, FlowLink } from './types';

Chart.register(SankeyController, Flow);

/**
 * Flows between nodes laid out in columns, each flow coloured from its source to its target; node
 * names written as codes read humanised, the tooltip is titled after the value's field.
 */
export const renderSankey: Renderer<FlowData> = (container, data, context) => {
  const colors = palette(context.config, data.labels.length);
  const nodeColor = (node: string) => colors[Math.max(data.labels.indexOf(node), 0)];
  const links = drawableLinks(data);
  const nodes = [...new Set(links.flatMap((link) => [link.from, link.to]))];
  const nodeLabels = Object.fromEntries(nodes.map((node) => [node, readableName(node)]));
  const valueName = data.datasets[0]?.label ? humanize(data.datasets[0].label) : '';
  const labels = drawnLabels();
  const config: ChartConfiguration<'sankey'> = {
    type: 'sankey',
    data: {
      datasets: [
        {
          label: data.datasets[0]?.label ?? '',
          data: links,
          labels: nodeLabels,
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
            title: () => valueName,
            label: (item) => flowText(item.raw as FlowLink, context),
          },
        },
      },
    },
    plugins: [
      labels.plugin,
      // the nodes' names, as the controller writes them beside the nodes
      {
        id: 'dashboardsSankeyLabels',
        afterDatasetsDraw: () => nodes.forEach((node) => labels.record(nodeLabels[node])),
      },
    ],
  };
  return mountChart(container, config, context);
};
