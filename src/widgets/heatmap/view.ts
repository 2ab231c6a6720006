import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { legendItem } from '../legend.js';
import { framePainter } from '../frames.js';
import { heatCells, type HeatmapData, limitReason } from './model.js';
import { laneName } from '../../engine/index.js';
import { formatMs, WIDTH } from '../format.js';

const LABEL_W = 140;
const MEAN_W = 80;
const GRID_X0 = LABEL_W;
const GRID_X1 = WIDTH - MEAN_W - 10;
const TOP = 26;
const BUSY_H = 96;
const GAP = 14;
const AXIS_H = 34;
/** The legend's steps of the ramp: a share of one core. */
const LEGEND_STEPS = [0, 0.25, 0.5, 0.75, 1];
/** Each heatmap's hatch pattern needs an id of its own on a page with several. */
let patterns = 0;

/** Row height: roomy for a few workers, never below the 16 px labels for many. */
export const rowHeight = (workers: number): number => Math.max(20, Math.min(40, Math.floor(320 / Math.max(1, workers))));

/**
 * One row per worker, one column per time bucket; a cell's brightness is the share of a core that worker got
 * (one hue, luminance only, so it reads for every colour vision and in greyscale print). Below, "cores busy":
 * the column sums as bars against whole cores, with the most the strategy can use here drawn as a line (one per
 * GIL, or the device's cores). Time a worker was runnable but had no core is hatched over its cell. Every cell
 * names its values on hover; row means are printed.
 */
export function heatmapView(root: HTMLElement): View<HeatmapData> {
  const wrap = document.createElement('div');
  wrap.className = 'gd-heatmap';
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg');
  svg.setAttribute('width', String(WIDTH));
  wrap.append(svg);
  const hatchId = `gd-heatmap-hatch-${++patterns}`;
  select(svg)
    .append('defs')
    .append('pattern')
    .attr('id', hatchId)
    .attr('patternUnits', 'userSpaceOnUse')
    .attr('width', 6)
    .attr('height', 6)
    .attr('patternTransform', 'rotate(45)')
    .append('rect')
    .attr('class', 'gd-heatmap-hatch')
    .attr('width', 2.5)
    .attr('height', 6);
  const legend = document.createElement('div');
  legend.className = 'gd-w-legend gd-heatmap-legend';
  const title = document.createElement('span');
  title.textContent = 'share of one core:';
  legend.append(title);
  for (const v of LEGEND_STEPS) {
    const item = legendItem(v === 1 ? '1 (a whole core)' : v === 0 ? '0 (idle)' : v.toFixed(2), {}, 'gd-heatmap-swatch');
    item.querySelector('i')!.style.setProperty('--share', String(v));
    legend.append(item);
  }
  const waitKey = legendItem('runnable, waiting for a core', {}, 'gd-heatmap-waitswatch');
  waitKey.hidden = true;
  legend.append(waitKey);
  const busyKey = document.createElement('span');
  busyKey.textContent = 'cores busy: sum of the rows, dashed line its mean, solid line the most it can be here';
  legend.append(busyKey);
  root.append(wrap, legend);

  function paint(d: HeatmapData) {
    const rowH = rowHeight(d.workers);
    const gridH = d.workers * rowH;
    const busyTop = TOP + gridH + GAP;
    const height = busyTop + BUSY_H + AXIS_H;
    svg.setAttribute('height', String(height));
    svg.setAttribute('aria-label', `Heatmap of ${d.workers} ${d.workers === 1 ? 'worker' : 'workers'} over time; ${d.shares.some((r) => r.length) ? `on average ${d.meanBusy.toFixed(2)} cores busy` : 'not run yet'}.`);
    const x = scaleLinear().domain([0, Math.max(d.spanMs, d.columnMs)]).range([GRID_X0, GRID_X1]);
    const s = select(svg);

    s.selectAll('text.gd-heatmap-head')
      .data([
        ['worker', LABEL_W - 10, 'end'],
        [`${d.strategy}: share of a core per ${formatMs(d.columnMs)}${d.columnMs !== d.bucketMs ? ' (bucket widened to fit)' : ''}`, GRID_X0, 'start'],
        ['mean', WIDTH - 10, 'end'],
      ] as const)
      .join('text')
      .attr('class', 'gd-heatmap-head')
      .attr('x', (h) => h[1])
      .attr('y', 18)
      .attr('text-anchor', (h) => h[2])
      .text((h) => h[0]);

    const rows = Array.from({ length: d.workers }, (_, w) => w);
    s.selectAll('rect.gd-heatmap-bg')
      .data([null])
      .join('rect')
      .attr('class', 'gd-heatmap-bg')
      .attr('x', GRID_X0)
      .attr('y', TOP)
      .attr('width', GRID_X1 - GRID_X0)
      .attr('height', gridH);
    const rowsG = s.selectAll('g.gd-heatmap-rows').data([null]).join('g').attr('class', 'gd-heatmap-rows');
    rowsG
      .selectAll('text.gd-heatmap-label')
      .data(rows)
      .join('text')
      .attr('class', 'gd-heatmap-label')
      .attr('x', LABEL_W - 10)
      .attr('y', (w) => TOP + w * rowH + rowH / 2 + 6)
      .attr('text-anchor', 'end')
      .text((w) => laneName(d.strategy, w));
    rowsG
      .selectAll('text.gd-heatmap-mean')
      .data(rows)
      .join('text')
      .attr('class', 'gd-heatmap-mean')
      .attr('x', WIDTH - 10)
      .attr('y', (w) => TOP + w * rowH + rowH / 2 + 6)
      .attr('text-anchor', 'end')
      .text((w) => (d.shares[w]?.length ? (d.mean[w] ?? 0).toFixed(2) : '–'));

    const cells = heatCells(d);
    s.selectAll('g.gd-heatmap-cells')
      .data([null])
      .join('g')
      .attr('class', 'gd-heatmap-cells')
      .selectAll('rect')
      .data(cells)
      .join((enter) => {
        const r = enter.append('rect');
        r.append('title');
        return r;
      })
      .attr('x', (c) => x(c.from))
      .attr('y', (c) => TOP + c.worker * rowH + 1)
      .attr('width', (c) => Math.max(1, x(c.to) - x(c.from) - 1))
      .attr('height', rowH - 2)
      // Brightness is the share: one hue, luminance only; above 1 (a core faster than calibrated) is still 1.
      .attr('fill-opacity', (c) => Math.max(0, Math.min(1, c.share)).toFixed(3))
      .select('title')
      .text((c) => c.label);
    // Runnable without a core (more workers computing than cores): hatched over the cell, as dense as it lasted.
    s.selectAll('g.gd-heatmap-waits')
      .data([null])
      .join('g')
      .attr('class', 'gd-heatmap-waits')
      .selectAll('rect')
      .data(cells.filter((c) => c.waiting >= 0.005))
      .join('rect')
      .attr('x', (c) => x(c.from))
      .attr('y', (c) => TOP + c.worker * rowH + 1)
      .attr('width', (c) => Math.max(1, x(c.to) - x(c.from) - 1))
      .attr('height', rowH - 2)
      .attr('fill', `url(#${hatchId})`)
      .attr('fill-opacity', (c) => Math.min(1, c.waiting).toFixed(3));
    waitKey.hidden = !cells.some((c) => c.waiting >= 0.005);

    // Cores busy: bars against whole cores, with the run's mean as a dashed line. The scale reaches the cores
    // the workers could use; the line below it is the most this strategy can keep busy (reference runs recorded
    // before these fields existed fall back to the worker count).
    const cores = d.cores ?? d.workers;
    const limit = d.limit ?? Math.max(1, Math.min(d.workers, cores));
    const maxCores = Math.max(1, limit, Math.min(d.workers, cores));
    const y = scaleLinear().domain([0, maxCores]).range([busyTop + BUSY_H, busyTop]);
    const busyG = s.selectAll('g.gd-heatmap-busy').data([null]).join('g').attr('class', 'gd-heatmap-busy');
    busyG
      .selectAll('text.gd-heatmap-label')
      .data([null])
      .join('text')
      .attr('class', 'gd-heatmap-label')
      .attr('x', LABEL_W - 10)
      .attr('y', busyTop + BUSY_H / 2 + 6)
      .attr('text-anchor', 'end')
      .text('cores busy');
    const gridLines = Array.from({ length: maxCores + 1 }, (_, i) => i).filter((i) => maxCores <= 8 || i % Math.ceil(maxCores / 8) === 0 || i === maxCores);
    busyG
      .selectAll('line.gd-heatmap-grid')
      .data(gridLines)
      .join('line')
      .attr('class', 'gd-heatmap-grid')
      .attr('x1', GRID_X0)
      .attr('x2', GRID_X1)
      .attr('y1', (i) => y(i))
      .attr('y2', (i) => y(i));
    busyG
      .selectAll('text.gd-heatmap-tick')
      .data(gridLines)
      .join('text')
      .attr('class', 'gd-heatmap-tick')
      // Right of the bars: the row's name takes the left.
      .attr('x', GRID_X1 + 6)
      .attr('y', (i) => y(i) + 5)
      .attr('text-anchor', 'start')
      .text((i) => String(i));
    busyG
      .selectAll('rect.gd-heatmap-bar')
      .data(d.busy.map((v, c) => ({ v, c })))
      .join((enter) => {
        const r = enter.append('rect').attr('class', 'gd-heatmap-bar');
        r.append('title');
        return r;
      })
      .attr('x', (b) => x(b.c * d.columnMs))
      .attr('width', (b) => Math.max(1, x((b.c + 1) * d.columnMs) - x(b.c * d.columnMs) - 1))
      .attr('y', (b) => y(Math.min(maxCores, b.v)))
      .attr('height', (b) => y(0) - y(Math.min(maxCores, b.v)))
      .select('title')
      .text((b) => `${formatMs(b.c * d.columnMs)}–${formatMs((b.c + 1) * d.columnMs)}: ${b.v.toFixed(2)} cores busy`);
    busyG
      .selectAll('line.gd-heatmap-limit')
      .data([limit])
      .join('line')
      .attr('class', 'gd-heatmap-limit')
      .attr('x1', GRID_X0)
      .attr('x2', GRID_X1)
      .attr('y1', (m) => y(m))
      .attr('y2', (m) => y(m));
    busyG
      .selectAll('text.gd-heatmap-limit-label')
      .data([limit])
      .join('text')
      .attr('class', 'gd-heatmap-limit-label')
      .attr('x', GRID_X0 + 4)
      .attr('y', (m) => y(m) + (m === maxCores ? 16 : -4))
      .text((m) => `at most ${m}: ${d.cores === undefined ? `${d.workers} workers` : limitReason(d)}`);
    const hasData = d.busy.length > 0;
    busyG
      .selectAll('line.gd-heatmap-meanline')
      .data(hasData ? [d.meanBusy] : [])
      .join('line')
      .attr('class', 'gd-heatmap-meanline')
      .attr('x1', GRID_X0)
      .attr('x2', GRID_X1)
      .attr('y1', (m) => y(Math.min(maxCores, m)))
      .attr('y2', (m) => y(Math.min(maxCores, m)));
    busyG
      .selectAll('text.gd-heatmap-mean')
      .data([null])
      .join('text')
      .attr('class', 'gd-heatmap-mean gd-heatmap-mean-busy')
      .attr('x', WIDTH - 10)
      .attr('y', busyTop + BUSY_H / 2 + 6)
      .attr('text-anchor', 'end')
      .text(hasData ? d.meanBusy.toFixed(2) : '–');

    const axis = s
      .selectAll<SVGGElement, null>('g.gd-axis')
      .data([null])
      .join('g')
      .attr('class', 'gd-axis')
      .attr('transform', `translate(0, ${busyTop + BUSY_H + 4})`);
    axis.call(
      axisBottom(x)
        .ticks(6)
        .tickFormat((v) => formatMs(Number(v))),
    );
  }

  const painter = framePainter(paint);
  return {
    draw: (next) => painter.draw(next),
    destroy() {
      painter.cancel();
      wrap.remove();
      legend.remove();
    },
  };
}
