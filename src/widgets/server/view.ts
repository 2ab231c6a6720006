import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleLog } from 'd3-scale';
import { select } from 'd3-selection';
import { line, symbol } from 'd3-shape';
import { type Strategy, STRATEGIES } from '../../engine/index.js';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { STRATEGY_STYLE } from '../strategyStyle.js';
import { ceilingOf, referenceRate, type ServerData, type ServerPoint, type ServerSeries, tableNote, tableRows } from './model.js';
import { WIDTH } from '../format.js';

const LEGEND_H = 30;
const CHART_W = 410;
// Room under the table for its notes (what the spreads are) on a 16:9 slide.
const CHART_H = 250;
const GAP = 60;
const M = { top: 30, right: 22, bottom: 48, left: 62 };
const ROW_H = 26;
/** A line under the table saying what its figures rest on. */
const NOTE_H = 20;
/** Each server looks as its strategy does on every slide. */
const styleOf = (s: Strategy) => ({ color: STRATEGY_STYLE[s].color, shape: symbol(STRATEGY_STYLE[s].shape, 70)() ?? '' });

/** Tick values for a log axis: 1, 2, 5 per decade, thinned to powers of ten when crowded. */
export function logTicks([lo, hi]: [number, number]): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++) for (const m of [1, 2, 5]) out.push(m * 10 ** p);
  const inside = out.filter((v) => v >= lo && v <= hi);
  return inside.length > 7 ? inside.filter((v) => Number.isInteger(Math.log10(v))) : inside;
}

const formatTick = (v: number) => (v >= 1000 ? `${v / 1000} s` : `${v}`);

/**
 * Two small line charts over the offered load: throughput (with the offered load as a dashed diagonal, and each
 * GIL server's measured ceiling as a dotted line its throughput stays under) and p99 latency (dashed: its
 * queueing is modelled), one line and marker shape per server; a table of the numbers below.
 */
export function serverView(root: HTMLElement): View<ServerData> {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg gd-server');
  svg.setAttribute('width', String(WIDTH));
  root.append(svg);
  const s = select(svg);
  const charts = [0, 1].map((i) =>
    s
      .append('g')
      .attr('class', `gd-server-chart gd-server-${i === 0 ? 'rps' : 'p99'}`)
      .attr('transform', `translate(${i * (CHART_W + GAP)}, ${LEGEND_H})`),
  );
  const [rpsChart, p99Chart] = charts as [typeof charts[number], typeof charts[number]];
  rpsChart.append('text').attr('class', 'gd-server-title').attr('x', 0).attr('y', 18).text('throughput, requests/s');
  p99Chart.append('text').attr('class', 'gd-server-title').attr('x', 0).attr('y', 18).text('p99 latency, ms (log) ◆ modelled');
  for (const c of charts) {
    c.append('g').attr('class', 'gd-axis gd-server-x').attr('transform', `translate(0, ${CHART_H - M.bottom})`);
    c.append('g').attr('class', 'gd-axis gd-server-y').attr('transform', `translate(${M.left}, 0)`);
    c.append('text').attr('class', 'gd-server-xlabel').attr('x', (M.left + CHART_W - M.right) / 2).attr('y', CHART_H - 4).attr('text-anchor', 'middle').text('offered load, requests/s');
    c.append('g').attr('class', 'gd-server-lines');
  }
  const ceilings = rpsChart.append('g').attr('class', 'gd-server-ceilings');
  const diagonal = rpsChart.append('g').attr('class', 'gd-server-offered');
  diagonal.append('line');
  diagonal.append('text').text('offered');

  return {
    draw(data) {
      const maxRate = data.rates.at(-1) ?? 1;
      const x = scaleLinear().domain([0, maxRate]).range([M.left, CHART_W - M.right]);
      const all = data.series.flatMap((q) => q.points);
      const limits = data.series.flatMap((q) => {
        const c = ceilingOf(q);
        return c === null ? [] : [{ strategy: q.strategy, rps: c }];
      });
      const yRps = scaleLinear()
        .domain([0, Math.max(maxRate, ...all.map((p) => p.rps), ...limits.map((l) => Math.min(l.rps, maxRate * 2))) * 1.05])
        .range([CHART_H - M.bottom, M.top])
        .nice();
      const p99s = all.map((p) => p.p99).filter((v) => v > 0);
      const lo = Math.max(0.5, Math.min((data.cpuMs + data.ioMs) / 2 || 1, ...p99s) / 1.5);
      const hi = Math.max(lo * 20, ...p99s.map((v) => v * 1.5));
      const yP99 = scaleLog().domain([lo, hi]).range([CHART_H - M.bottom, M.top]);

      for (const c of charts) c.select<SVGGElement>('g.gd-server-x').call(axisBottom(x).ticks(5).tickFormat((v) => `${v}`));
      rpsChart.select<SVGGElement>('g.gd-server-y').call(axisLeft(yRps).ticks(5).tickFormat((v) => `${v}`));
      p99Chart.select<SVGGElement>('g.gd-server-y').call(axisLeft(yP99).tickValues(logTicks([lo, hi])).tickFormat((v) => formatTick(Number(v))));
      const top = Math.min(maxRate, yRps.domain()[1]!);
      diagonal.select('line').attr('x1', x(0)).attr('y1', yRps(0)).attr('x2', x(top)).attr('y2', yRps(top));
      diagonal
        .select('text')
        .attr('x', x(top) - 4)
        .attr('y', yRps(top) - 8)
        .attr('text-anchor', 'end');

      const shown = limits.filter((l) => l.rps <= yRps.domain()[1]!);
      const marks = ceilings
        .selectAll<SVGGElement, { strategy: Strategy; rps: number }>('g.gd-server-ceiling')
        .data(shown, (l) => l.strategy)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'gd-server-ceiling');
          g.append('line');
          g.append('text').attr('text-anchor', 'start');
          return g;
        });
      marks
        .select('line')
        .attr('x1', x(0))
        .attr('x2', x(maxRate))
        .attr('y1', (l) => yRps(l.rps))
        .attr('y2', (l) => yRps(l.rps))
        .style('stroke', (l) => styleOf(l.strategy).color);
      marks
        .select('text')
        .attr('x', x(0) + 6)
        .attr('y', (l) => yRps(l.rps) - 5)
        .style('fill', (l) => styleOf(l.strategy).color)
        .text((l) => `${l.strategy}: ${STRATEGIES[l.strategy].gil === 'per-interpreter' ? 'their GILs allow' : 'its GIL allows'} ≤ ${Math.round(l.rps)}/s`);

      const drawLines = (chart: typeof rpsChart, y: (p: ServerPoint) => number, dashed: boolean) => {
        const path = line<ServerPoint>()
          .x((p) => x(p.rate))
          .y(y);
        const groups = chart
          .select('g.gd-server-lines')
          .selectAll<SVGGElement, ServerSeries>('g.gd-server-series')
          .data(data.series, (q) => q.strategy)
          .join((enter) => {
            const g = enter.append('g').attr('class', 'gd-server-series');
            g.append('path').attr('fill', 'none').attr('stroke-width', 2.5);
            return g;
          })
          .attr('data-strategy', (q) => q.strategy);
        groups
          .select('path')
          .style('stroke', (q) => styleOf(q.strategy).color)
          .attr('stroke-dasharray', dashed ? '7 4' : null)
          .attr('d', (q) => (q.points.length > 1 ? path(q.points) : null));
        groups
          .selectAll<SVGPathElement, ServerPoint>('path.gd-server-marker')
          .data((q) => q.points.map((p) => ({ ...p, strategy: q.strategy })))
          .join('path')
          .attr('class', 'gd-server-marker')
          .attr('d', (p) => styleOf(p.strategy).shape)
          .style('fill', (p) => styleOf(p.strategy).color)
          .attr('transform', (p) => `translate(${x(p.rate)}, ${y(p)})`);
      };
      drawLines(rpsChart, (p) => yRps(p.rps), false);
      drawLines(p99Chart, (p) => yP99(Math.max(lo, p.p99)), true);

      const legend = s
        .selectAll<SVGGElement, ServerSeries>('g.gd-server-legend')
        .data(data.series, (q) => q.strategy)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'gd-server-legend');
          g.append('path');
          g.append('text').attr('x', 12).attr('y', 6);
          return g;
        })
        .attr('transform', (_, i) => `translate(${10 + (i * WIDTH) / Math.max(4, data.series.length)}, 12)`);
      legend
        .select('path')
        .attr('d', (q) => styleOf(q.strategy).shape)
        .style('fill', (q) => styleOf(q.strategy).color);
      legend.select('text').text((q) => STRATEGY_STYLE[q.strategy].label);

      const tableTop = LEGEND_H + CHART_H + 22;
      const rate = referenceRate(data);
      // Wide enough for "multiprocessing-pool", "13.5 (10.4 + 4.1)" and "≤ 109 ±17" at the chart font.
      const cols = [0, 200, 385, 505, 650, 770];
      const header = ['server', 'alone ms (CPU+I/O)', 'peak req/s', 'GIL max req/s', `p50 ${rate}/s ◆`, `p99 ◆`];
      const rows = [header, ...tableRows(data).map((r) => [r.strategy, r.alone, r.peak, r.ceiling, r.p50, r.p99])];
      s.selectAll<SVGGElement, string[]>('g.gd-server-row')
        .data(rows)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'gd-server-row');
          for (const cx of cols) g.append('text').attr('x', cx).attr('y', 0);
          return g;
        })
        .classed('gd-server-head', (_, i) => i === 0)
        .attr('transform', (_, i) => `translate(0, ${tableTop + i * ROW_H})`)
        .selectAll('text')
        .data((r) => r)
        .text((t) => t);
      const notes = tableNote(data);
      s.selectAll('text.gd-server-note')
        .data(notes)
        .join('text')
        .attr('class', 'gd-server-note')
        .attr('x', 0)
        .attr('y', (_, i) => tableTop + rows.length * ROW_H + i * NOTE_H)
        .text((t) => t);
      svg.setAttribute('height', String(tableTop + rows.length * ROW_H + notes.length * NOTE_H));
    },
    destroy() {
      svg.remove();
    },
  };
}
