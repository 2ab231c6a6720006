import { axisBottom } from 'd3-axis';
import { keepEdgeLabelsInside } from '../axisEdge.js';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { laneName, type Strategy, workersNoun } from '../../engine/index.js';
import { hiDpiCanvas, SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { legendItem } from '../legend.js';
import { framePainter } from '../frames.js';
import { MARK_COLOR, STATE_COLOR, STATE_LABEL } from '../palette.js';
import { resolveVars } from '../themeVars.js';
import { panDomain, timeScale, zoomDomain } from '../timeScale.js';
import { laneRects, type TimelineData, type TimelineState } from './model.js';
import { formatMs, WIDTH } from '../format.js';

// Room for "interpreter 1" at the chart font, clear of the bars.
const LABEL_W = 140;
const LANE_H = 30;
const GAP = 8;
const AXIS_H = 30;
const RUNNABLE_LABEL = 'runnable, waiting for a core';
/** Runnable: the running colour, hatched, so it reads as "would run, had it a core" and differs by more than hue. */
const RUNNABLE_SWATCH = `repeating-linear-gradient(45deg, ${STATE_COLOR.running} 0 2px, transparent 2px 5px)`;

/** A diagonal hatch in the running colour, for the canvas (null where there is no 2D canvas, as in jsdom). */
function hatch(ctx: CanvasRenderingContext2D, running: string): CanvasPattern | null {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 6;
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = running;
  t.lineWidth = 2;
  t.beginPath();
  t.moveTo(-1, 7);
  t.lineTo(7, -1);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}

/**
 * Lanes on a canvas (thousands of slices redraw each frame), axis, labels and legend in SVG (crisp, readable by
 * assistive tech). After a run: wheel zooms, drag pans, double-click resets.
 */
export function timelineView(root: HTMLElement, controls?: { workers: number; switchInterval: number; strategy: Strategy }): View<TimelineData> {
  if (controls) root.append(controlBar(root, controls));
  const wrap = document.createElement('div');
  wrap.className = 'gd-timeline';
  wrap.style.position = 'relative';
  root.append(wrap);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg');
  svg.setAttribute('width', String(WIDTH));
  svg.style.position = 'absolute';
  svg.style.left = '0';
  svg.style.top = '0';
  svg.style.pointerEvents = 'none';
  const { canvas, ctx, resize } = hiDpiCanvas(wrap, WIDTH, 100);
  /** The hatch, made again only when the theme's running colour changes. */
  let runnableFill: { color: string; pattern: CanvasPattern | null } | null = null;
  wrap.append(svg);
  const legend = document.createElement('div');
  legend.className = 'gd-w-legend';
  root.append(legend);
  let legendKey = '';
  /** Only the states this run shows, plus the hand-off count. */
  const updateLegend = (d: TimelineData) => {
    const states = (['running', 'runnable', 'waiting', 'io', 'copy', 'start'] as TimelineState[]).filter((s) => d.segments.some((seg) => seg[1] === s));
    const key = `${states.join()}|${d.handoffs.length}`;
    if (key === legendKey) return;
    legendKey = key;
    legend.replaceChildren(
      ...states.map((state) => (state === 'runnable' ? legendItem(RUNNABLE_LABEL, { background: RUNNABLE_SWATCH }) : legendItem(STATE_LABEL[state], { background: STATE_COLOR[state] }))),
    );
    if (d.handoffs.length) {
      legend.append(legendItem(`GIL hand-offs: ${d.handoffs.length}`, { background: MARK_COLOR.handoff, width: '3px' }));
    }
  };

  let data: TimelineData | null = null;
  let domain: [number, number] | null = null;
  const height = (workers: number) => workers * (LANE_H + GAP) + AXIS_H;

  function paint() {
    if (!data) return;
    const h = height(data.workers);
    if (canvas.height === 0 || Number(canvas.style.height.replace('px', '')) !== h) {
      resize(h);
      svg.setAttribute('height', String(h));
      wrap.style.height = `${h}px`;
    }
    const full: [number, number] = [0, Math.max(data.end, 1)];
    const d = data.running || !domain ? full : domain;
    const x = timeScale(d, [LABEL_W, WIDTH - 10]);
    if (ctx) {
      // A canvas cannot read var(): the theme's colours, resolved once per draw.
      const color = resolveVars(canvas, { ...STATE_COLOR, handoff: MARK_COLOR.handoff, laneBg: MARK_COLOR.laneBg });
      if (runnableFill?.color !== color.running) runnableFill = { color: color.running, pattern: hatch(ctx, color.running) };
      ctx.clearRect(0, 0, WIDTH, h);
      ctx.save();
      ctx.beginPath();
      ctx.rect(LABEL_W, 0, WIDTH - LABEL_W, h);
      ctx.clip();
      for (let w = 0; w < data.workers; w++) {
        ctx.fillStyle = color.laneBg;
        ctx.fillRect(LABEL_W, w * (LANE_H + GAP), WIDTH - LABEL_W, LANE_H);
      }
      for (const r of laneRects(data, x, (w) => w * (LANE_H + GAP), LANE_H)) {
        if (r.x + r.w < LABEL_W || r.x > WIDTH) continue;
        if (r.state === 'runnable') {
          ctx.globalAlpha = 0.25;
          ctx.fillStyle = color.running;
          ctx.fillRect(r.x, r.y, r.w, r.h);
          ctx.globalAlpha = 1;
          if (runnableFill.pattern) {
            ctx.fillStyle = runnableFill.pattern;
            ctx.fillRect(r.x, r.y, r.w, r.h);
          }
          continue;
        }
        ctx.fillStyle = color[r.state];
        ctx.fillRect(r.x, r.y, r.w, r.h);
      }
      ctx.strokeStyle = color.handoff;
      ctx.lineWidth = 1;
      ctx.globalAlpha = 0.7;
      // Hand-off markers only where they are far enough apart to read; zoom in to see them all.
      const spacing = ((WIDTH - LABEL_W) * (data.handoffs.length ? 1 : 0)) / Math.max(1, data.handoffs.filter(([t]) => t >= d[0] && t <= d[1]).length);
      for (const [t, from, to] of spacing >= 4 ? data.handoffs : []) {
        const px = x(t);
        if (px < LABEL_W || px > WIDTH) continue;
        ctx.beginPath();
        ctx.moveTo(px, from * (LANE_H + GAP) + LANE_H / 2);
        ctx.lineTo(px, to * (LANE_H + GAP) + LANE_H / 2);
        ctx.stroke();
      }
      ctx.restore();
    }
    updateLegend(data);
    const s = select(svg);
    const labels = s.selectAll<SVGTextElement, number>('text.gd-lane-label').data(Array.from({ length: data.workers }, (_, i) => i));
    labels
      .join('text')
      .attr('class', 'gd-lane-label')
      .attr('x', 0)
      .attr('y', (w) => w * (LANE_H + GAP) + LANE_H / 2 + 6)
      .text((w) => laneName(data!.strategy, w));
    const axis = s.selectAll<SVGGElement, null>('g.gd-axis').data([null]).join('g').attr('class', 'gd-axis').attr('transform', `translate(0, ${h - AXIS_H + 4})`);
    const t = scaleLinear().domain(d).range([LABEL_W, WIDTH - 10]);
    axis.call(axisBottom(t).ticks(6).tickFormat((v) => formatMs(Number(v))));
    keepEdgeLabelsInside(axis.node()!, t, WIDTH);
  }

  const painter = framePainter(() => paint());
  // The painter only throttles; paint() draws whatever `data` and the zoom are by then.
  const schedule = () => painter.draw(true);

  canvas.addEventListener('wheel', (e) => {
    if (!data || data.running) return;
    e.preventDefault();
    const full: [number, number] = [0, data.end];
    const d = domain ?? full;
    const t = timeScale(d, [LABEL_W, WIDTH - 10]).invert(e.offsetX);
    domain = zoomDomain(d, full, t, e.deltaY < 0 ? 1.5 : 1 / 1.5);
    schedule();
  });
  let dragX: number | null = null;
  canvas.addEventListener('pointerdown', (e) => (dragX = e.offsetX));
  canvas.addEventListener('pointerup', () => (dragX = null));
  canvas.addEventListener('pointermove', (e) => {
    if (dragX === null || !data || data.running || !domain) return;
    const d = domain;
    const perPx = (d[1] - d[0]) / (WIDTH - 10 - LABEL_W);
    domain = panDomain(d, [0, data.end], (dragX - e.offsetX) * perPx);
    dragX = e.offsetX;
    schedule();
  });
  canvas.addEventListener('dblclick', () => {
    domain = null;
    schedule();
  });

  return {
    draw(next) {
      if (data?.running && !next.running) domain = null;
      data = next;
      schedule();
    },
    destroy() {
      painter.cancel();
      wrap.remove();
      legend.remove();
    },
  };
}

/**
 * Worker-count and switch-interval pickers. They set the widget's own attributes, so the next run (R) uses them,
 * exactly as if the slide had been written with them.
 */
function controlBar(root: HTMLElement, initial: { workers: number; switchInterval: number; strategy: Strategy }): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'gd-w-controls';
  const host = () => root.closest('gd-timeline');
  const picker = (label: string, attribute: string, options: number[], value: number, unit: string) => {
    const l = document.createElement('label');
    l.append(`${label} `);
    const select = document.createElement('select');
    for (const o of [...new Set([...options, value])].sort((a, b) => a - b)) {
      const opt = document.createElement('option');
      opt.value = String(o);
      opt.textContent = `${o}${unit}`;
      opt.selected = o === value;
      select.append(opt);
    }
    select.addEventListener('change', () => host()?.setAttribute(attribute, select.value));
    // Keep reveal.js from turning arrow keys on the picker into slide changes.
    select.addEventListener('keydown', (e) => e.stopPropagation());
    l.append(select);
    return l;
  };
  // Named as the lanes are: threads, interpreters, processes.
  bar.append(picker(workersNoun(initial.strategy), 'workers', [1, 2, 4, 8], initial.workers, ''), picker('switch interval', 'switch-interval', [1, 5, 20, 100], initial.switchInterval, ' ms'));
  const hint = document.createElement('span');
  hint.className = 'gd-w-hint';
  hint.textContent = 'then Run';
  bar.append(hint);
  return bar;
}
