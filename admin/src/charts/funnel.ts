import { Chart } from 'chart.js';
import { FunnelController, TrapezoidElement } from 'chartjs-chart-funnel';

/** The funnel chart kind, loaded with its plugin only when a funnel tile is drawn (proportion.ts draws it). */
Chart.register(FunnelController, TrapezoidElement);

export { renderProportion as renderFunnel } from './proportion';
