import type { Renderer } from './context';
import { element } from './dom';
import { formatNumber } from './format';
import type { MetricData } from './types';

const TREND_ARROWS = { up: '▲', down: '▼', flat: '▶' } as const;

function compareLabel(config: Record<string, unknown>): string | undefined {
  const comparison = config.comparison as { label?: unknown } | undefined;
  const label = config.compareLabel ?? comparison?.label;
  return typeof label === 'string' && label !== '' ? label : undefined;
}

/** KPI and metric tiles: the server's formatted value, and its change with a trend arrow. */
export const renderMetric: Renderer<MetricData> = (container, data, context) => {
  const root = element('div', 'dv-metric');
  root.append(element('div', 'dv-metric-value', data.formatted || formatNumber(data.value)));
  const trend = data.trend === 'up' || data.trend === 'down' || data.trend === 'flat' ? data.trend : null;
  if (typeof data.change_percent === 'number' && trend) {
    const change = element('div', `dv-metric-change dv-trend-${trend}`);
    const percent = `${data.change_percent > 0 ? '+' : ''}${formatNumber(data.change_percent, 'percentage')}`;
    // the signed percent says the direction; the arrow only shows it
    const arrow = element('span', 'dv-metric-arrow', TREND_ARROWS[trend]);
    arrow.setAttribute('aria-hidden', 'true');
    change.append(arrow, element('span', 'dv-metric-percent', percent));
    const label = compareLabel(context.config);
    if (label) change.append(element('span', 'dv-metric-compare', label));
    root.append(change);
  }
  container.append(root);
  context.drawn();
  return () => root.remove();
};
