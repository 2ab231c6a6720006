import { axisBottom } from 'd3-axis';
import { scaleLog } from 'd3-scale';
import { select } from 'd3-selection';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { MARK_COLOR, STATE_COLOR } from '../palette.js';
import { METHOD_LABEL, rowMedian, type SharingData, sharingDomain, type SharingMethod, type SharingRow } from './model.js';
import { formatBytes, formatMs, WIDTH } from '../format.js';

const LABEL_W = 260;
const RIGHT = 110;
const ROW_H = 64;
const BAR_H = 28;
const TOP = 34;
const AXIS_H = 56;

export const METHOD_COLOR: Record<SharingMethod, string> = {
  copy: STATE_COLOR.waiting,
  transfer: STATE_COLOR.io,
  shared: STATE_COLOR.running,
};

const powersOfTen = ([lo, hi]: [number, number]): number[] => {
  const out: number[] = [];
  for (let e = Math.round(Math.log10(lo)); 10 ** e <= hi * 1.0001; e++) out.push(10 ** e);
  return out;
};

const tickText = (v: number): string => (v >= 1 ? `${v} ms` : `${Number(v.toPrecision(1))} ms`);

/**
 * One horizontal bar per way of moving data (its median), every sample as a dot, on a log scale labelled in ms:
 * copying costs orders of magnitude more than moving or sharing, which only a log axis shows at once.
 */
export function sharingView(root: HTMLElement): View<SharingData> {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg gd-sharing');
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('role', 'img');
  const title = document.createElementNS(SVG_NS, 'title');
  svg.append(title);
  root.append(svg);

  function paint(d: SharingData) {
    const height = TOP + d.rows.length * ROW_H + AXIS_H;
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
    title.textContent = `Time to move ${formatBytes(d.bytes)} to a worker, by method, log scale in milliseconds.`;
    const domain = sharingDomain(d);
    const x = scaleLog().domain(domain).range([LABEL_W, WIDTH - RIGHT]);
    const rowY = (i: number) => TOP + i * ROW_H + ROW_H / 2;
    const s = select(svg);

    s.selectAll('text.gd-sharing-head')
      .data([`moving ${formatBytes(d.bytes)} to a worker: median bar, every run a dot`])
      .join('text')
      .attr('class', 'gd-sharing-head')
      .attr('x', LABEL_W)
      .attr('y', 20)
      .attr('font-size', 16)
      .text((t) => t);

    s.selectAll<SVGGElement, null>('g.gd-axis')
      .data([null])
      .join('g')
      .attr('class', 'gd-axis')
      .attr('transform', `translate(0,${TOP + d.rows.length * ROW_H + 4})`)
      .call(axisBottom(x).tickValues(powersOfTen(domain)).tickFormat((v) => tickText(Number(v))))
      .attr('font-size', 16);
    s.selectAll('text.gd-axis-title')
      .data(['time per move (ms, log scale)'])
      .join('text')
      .attr('class', 'gd-axis-title')
      .attr('x', (LABEL_W + WIDTH - RIGHT) / 2)
      .attr('y', height - 6)
      .attr('text-anchor', 'middle')
      .attr('font-size', 16)
      .text((t) => t);

    const rows = s
      .selectAll<SVGGElement, SharingRow>('g.gd-sharing-row')
      .data(d.rows, (r) => r.method)
      .join('g')
      .attr('class', 'gd-sharing-row')
      .attr('data-method', (r) => r.method)
      .attr('transform', (_, i) => `translate(0,${rowY(i)})`);
    rows
      .selectAll('text.gd-row-label')
      .data((r) => [r])
      .join('text')
      .attr('class', 'gd-row-label')
      .attr('x', LABEL_W - 12)
      .attr('y', 6)
      .attr('text-anchor', 'end')
      .attr('font-size', 16)
      .text((r) => METHOD_LABEL[r.method]);

    const measured = (r: SharingRow) => (r.unavailable ? null : rowMedian(r));
    rows
      .selectAll('rect.gd-bar')
      .data((r) => (measured(r) === null ? [] : [r]))
      .join('rect')
      .attr('class', 'gd-bar')
      .attr('x', LABEL_W)
      .attr('y', -BAR_H / 2)
      .attr('width', (r) => Math.max(2, x(measured(r)!) - LABEL_W))
      .attr('height', BAR_H)
      .style('fill', (r) => METHOD_COLOR[r.method]);
    rows
      .selectAll('circle.gd-sample')
      .data((r) => (r.unavailable ? [] : r.samples.map((ms, i) => ({ ms, i }))))
      .join('circle')
      .attr('class', 'gd-sample')
      // Alternate above and below the bar's middle so repeated, similar samples stay distinct.
      .attr('cx', (p) => x(Math.max(domain[0], p.ms)))
      .attr('cy', (p) => (p.i % 2 ? 7 : -7))
      .attr('r', 5)
      .attr('fill', 'none')
      .style('stroke', MARK_COLOR.fg)
      .attr('stroke-width', 2)
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text((p) => `run ${p.i + 1}: ${formatMs(p.ms)}`);
    rows
      .selectAll('text.gd-value')
      .data((r) => [r])
      .join('text')
      .attr('class', (r) => (measured(r) === null ? 'gd-value gd-value-none' : 'gd-value'))
      // Medians in a column of their own at the right, clear of the dots, so they read as a list.
      .attr('x', (r) => (measured(r) === null ? LABEL_W : WIDTH - RIGHT + 16))
      .attr('y', 6)
      .attr('font-size', 16)
      .attr('font-style', (r) => (measured(r) === null ? 'italic' : null))
      .text((r) => {
        const m = measured(r);
        if (r.unavailable) return r.unavailable;
        return m === null ? (d.running ? 'measuring...' : 'not measured yet') : formatMs(m);
      });
  }

  return {
    draw: paint,
    destroy() {
      svg.remove();
    },
  };
}
