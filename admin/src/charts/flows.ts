import type { RenderContext } from './context';
import { formatNumber, readableName } from './format';
import { valueFormat } from './options';
import type { FlowData, FlowLink } from './types';

/** Links that can be drawn: a positive flow between two different nodes. */
export const drawableLinks = (data: FlowData): (FlowLink & { flow: number })[] =>
  (data.datasets[0]?.data ?? []).filter(
    (link): link is FlowLink & { flow: number } =>
      link.flow !== null && link.flow > 0 && link.from !== link.to
  );

/** What a reader reads of one flow: `Website → Qualified: 520`, its nodes' names humanised. */
export const flowText = (link: FlowLink, context: RenderContext): string =>
  `${readableName(link.from)} → ${readableName(link.to)}: ${formatNumber(link.flow, valueFormat(context))}`;
