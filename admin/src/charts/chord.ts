import { chordDirected, ribbonArrow, type Chord, type ChordGroup } from 'd3-chord';
import { chartLabel, createCanvas } from './chart-host';
import type { Renderer, RenderContext } from './context';
import { readableName } from './format';
import { drawableLinks, flowText } from './flows';
import { FONT_FAMILY, palette, withAlpha } from './theme';
import type { FlowData } from './types';

const ARC_WIDTH = 12;
const LABEL_GAP = 6;
const FONT = `12px ${FONT_FAMILY}`;
/** Groups whose arc is narrower than this (radians) go unlabelled rather than overlap. */
const MIN_LABELLED_ANGLE = 0.12;

/** The flows as the square matrix d3-chord lays out: matrix[i][j] is the flow from node i to node j. */
function flowMatrix(data: FlowData): number[][] {
  const matrix = data.labels.map(() => data.labels.map(() => 0));
  for (const link of drawableLinks(data)) {
    matrix[data.labels.indexOf(link.from)][data.labels.indexOf(link.to)] += link.flow;
  }
  return matrix;
}

/** d3 measures angles clockwise from 12 o'clock, the canvas from 3 o'clock. */
const canvasAngle = (angle: number) => angle - Math.PI / 2;

function drawChord(
  canvas: HTMLCanvasElement,
  data: FlowData,
  context: RenderContext,
  layout: { groups: ChordGroup[]; chords: Chord[] }
) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const { width, height } = canvas.getBoundingClientRect();
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, (width / 2) * ratio, (height / 2) * ratio);
  ctx.font = FONT;

  // labels sit beside the ring: they take width (at most a quarter of it each side), and a line of height
  const names = data.labels.map(readableName);
  const widestLabel = Math.min(Math.max(0, ...names.map((label) => ctx.measureText(label).width)), width / 4);
  const outerRadius = Math.max(
    Math.min(width / 2 - widestLabel - LABEL_GAP - 4, height / 2 - LABEL_GAP - 16),
    ARC_WIDTH * 2
  );
  const innerRadius = outerRadius - ARC_WIDTH;
  const colors = palette(context.config, data.labels.length);

  const ribbon = ribbonArrow<Chord, Chord['source']>()
    .radius(innerRadius - 1)
    .padAngle(1 / innerRadius)
    .context(ctx);
  for (const chord of layout.chords) {
    ctx.beginPath();
    ribbon(chord);
    ctx.fillStyle = withAlpha(colors[chord.source.index], 0.65);
    ctx.fill();
  }

  const drawn: string[] = [];
  for (const group of layout.groups) {
    ctx.beginPath();
    ctx.arc(0, 0, outerRadius, canvasAngle(group.startAngle), canvasAngle(group.endAngle));
    ctx.arc(0, 0, innerRadius, canvasAngle(group.endAngle), canvasAngle(group.startAngle), true);
    ctx.closePath();
    ctx.fillStyle = colors[group.index];
    ctx.fill();

    if (group.endAngle - group.startAngle < MIN_LABELLED_ANGLE) continue;
    const middle = canvasAngle((group.startAngle + group.endAngle) / 2);
    const onLeft = Math.cos(middle) < 0;
    ctx.fillStyle = context.colors.text;
    ctx.textAlign = onLeft ? 'right' : 'left';
    ctx.textBaseline = 'middle';
    const labelRadius = outerRadius + LABEL_GAP;
    ctx.fillText(names[group.index], Math.cos(middle) * labelRadius, Math.sin(middle) * labelRadius);
    drawn.push(names[group.index]);
  }
  // the names as written round the ring, for whoever checks them
  if (canvas.parentElement) canvas.parentElement.dataset.labels = JSON.stringify(drawn);
}

/**
 * Chord diagram (no maintained Chart.js plugin draws one): d3-chord lays out one arc per node and
 * one ribbon per flow, pointing at its target; the canvas is redrawn when its box resizes.
 */
export const renderChord: Renderer<FlowData> = (container, data, context) => {
  const { frame, canvas } = createCanvas(container, chartLabel(context));
  canvas.classList.add('dv-chart-fill');
  // what a screen reader reads in place of the picture
  canvas.textContent = drawableLinks(data)
    .map((link) => flowText(link, context))
    .join('; ');
  const chords = chordDirected()
    .padAngle(0.04)
    .sortSubgroups((a, b) => b - a)(flowMatrix(data));
  const layout = { groups: chords.groups, chords: [...chords] };

  const observer = new ResizeObserver(() => {
    drawChord(canvas, data, context, layout);
    context.drawn();
  });
  observer.observe(frame);
  return () => {
    observer.disconnect();
    frame.remove();
  };
};
