import type { ArcElement, ChartConfiguration, Plugin } from 'chart.js';
import { chartLabel, mountChart } from './chart-host';
import type { Renderer, RenderContext } from './context';
import { formatNumber, humanize } from './format';
import { valueFormat } from './options';
import { FONT_FAMILY, palette } from './theme';
import type { GaugeData } from './types';

const SCALE_LABEL_SPACE = 20;

/** The measured field, humanised (`complianceRate` → "Compliance rate"). */
const gaugeCaption = (context: RenderContext): string | undefined =>
  typeof context.config.valueField === 'string' ? humanize(context.config.valueField) : undefined;

/** Writes the value in the middle of the half ring and min/max under its two ends. */
function gaugeLabels(data: GaugeData, context: RenderContext): Plugin<'doughnut'> {
  return {
    id: 'dashboardsGaugeLabels',
    afterDatasetsDraw(chart) {
      const arc = chart.getDatasetMeta(0).data[0] as ArcElement | undefined;
      if (!arc) return;
      const { x, y, innerRadius, outerRadius } = arc.getProps(
        ['x', 'y', 'innerRadius', 'outerRadius'],
        true
      ) as {
        x: number;
        y: number;
        innerRadius: number;
        outerRadius: number;
      };
      const { ctx } = chart;
      const format = valueFormat(context);
      ctx.save();
      ctx.textAlign = 'center';
      ctx.fillStyle = context.colors.text;
      ctx.textBaseline = 'alphabetic';
      ctx.font = `600 ${Math.max(Math.round(innerRadius * 0.38), 12)}px ${FONT_FAMILY}`;
      // the value with its unit (%, the currency …), compact only when it would not fit
      const full = formatNumber(data.value, format);
      const text =
        ctx.measureText(full).width <= innerRadius * 1.8 ? full : formatNumber(data.value, format, true);
      ctx.fillText(text, x, y - innerRadius * 0.12);
      ctx.fillStyle = context.colors.mutedText;
      ctx.textBaseline = 'top';
      ctx.font = `12px ${FONT_FAMILY}`;
      const middleOfRing = (innerRadius + outerRadius) / 2;
      ctx.fillText(formatNumber(data.min, format, true), x - middleOfRing, y + 6);
      ctx.fillText(formatNumber(data.max, format, true), x + middleOfRing, y + 6);
      // what is measured, under the value
      const caption = gaugeCaption(context);
      if (caption && innerRadius > 40) ctx.fillText(caption, x, y + 6, Math.max(innerRadius * 1.2, 40));
      ctx.restore();
    },
  };
}

/** A half ring filled from min up to the value (clamped to [min, max]). */
export const renderGauge: Renderer<GaugeData> = (container, data, context) => {
  const { min, max } = data;
  const span = max > min ? max - min : 1;
  const filled = data.value === null ? 0 : Math.min(Math.max(data.value - min, 0), span);
  const config: ChartConfiguration<'doughnut'> = {
    type: 'doughnut',
    data: {
      datasets: [
        {
          data: [filled, span - filled],
          backgroundColor: [palette(context.config, 1)[0], context.colors.track],
          borderWidth: 0,
        },
      ],
    },
    options: {
      rotation: -90,
      circumference: 180,
      cutout: '72%',
      layout: { padding: { bottom: SCALE_LABEL_SPACE, left: 8, right: 8 } },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
    },
    plugins: [gaugeLabels(data, context)],
  };
  const label = `${chartLabel(context)}: ${formatNumber(data.value, valueFormat(context))}`;
  return mountChart(container, config, context, label);
};
