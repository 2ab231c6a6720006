import { axisLeft } from 'd3-axis';
import { scaleLog } from 'd3-scale';
import { select } from 'd3-selection';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { STRATEGY_STYLE } from '../strategyStyle.js';
import { legendItem } from '../legend.js';
import { framePainter } from '../frames.js';
import { CONVOY_STRATEGIES, type ConvoyBar, type ConvoyData, gilWords, latencyDomain } from './model.js';
import { formatUs, WIDTH } from '../format.js';

const HEIGHT = 348;
const LEFT = 92;
const RIGHT = WIDTH - 10;
const TOP = 40;
const BOTTOM = 260;
const MAX_BAR_W = 64;

/** A decade tick, as round as it is: 10 µs, 1 ms, 100 ms, 1 s. */
const decade = (us: number) => (us >= 1e6 ? `${us / 1e6} s` : us >= 1000 ? `${us / 1000} ms` : `${us} µs`);
const groupName = (c: number) => (c === 0 ? 'alone' : `beside ${c} CPU-bound thread${c === 1 ? '' : 's'}`);

/**
 * Grouped bars: per number of CPU-bound competitors, the I/O thread's median turnaround with and without the GIL,
 * p99 as a whisker, on a log axis (microseconds against milliseconds), with the switch interval as a reference.
 */
export function convoyView(root: HTMLElement): View<ConvoyData> {
  const wrap = document.createElement('div');
  wrap.className = 'gd-convoy';
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg');
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('height', String(HEIGHT));
  const definition = document.createElement('p');
  definition.className = 'gd-convoy-definition';
  wrap.append(svg, definition);
  const legend = document.createElement('div');
  legend.className = 'gd-w-legend';
  // Each bar is also named under it (GIL, no GIL), so colour is never the only cue.
  for (const s of CONVOY_STRATEGIES) legend.append(legendItem(`${gilWords(s).short} (${STRATEGY_STYLE[s].label})`, { background: STRATEGY_STYLE[s].color }));
  const whisker = document.createElement('span');
  whisker.textContent = 'bar: median (p50) · ⊥ whisker: p99 · log scale';
  legend.append(whisker);
  root.append(wrap, legend);

  function paint(d: ConvoyData) {
    definition.textContent = `Latency: from the return of each I/O call (a ${d.ioWaitMs} ms wait) to the thread's next call, i.e. taking the GIL back, if there is one, plus ~50 µs of Python. Same measure for both.`;
    const [lo, hi] = latencyDomain(d);
    const y = scaleLog().domain([lo, hi]).range([BOTTOM, TOP]).clamp(true);
    const groups = d.competitors + 1;
    const groupW = (RIGHT - LEFT) / groups;
    const BAR_W = Math.min(MAX_BAR_W, groupW * 0.36);
    // Narrow groups (many competitors): p99 values move to the hover text and the summary, group names shorten.
    const roomy = groupW >= 200;
    const cx = (b: Pick<ConvoyBar, 'competitors' | 'strategy'>) => LEFT + groupW * (b.competitors + 0.5) + (CONVOY_STRATEGIES.indexOf(b.strategy) === 0 ? -1 : 1) * (BAR_W / 2 + 6);
    const s = select(svg);

    const axis = s.selectAll<SVGGElement, null>('g.gd-axis').data([null]).join('g').attr('class', 'gd-axis').attr('transform', `translate(${LEFT}, 0)`);
    const ticks = Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i);
    axis.call(
      axisLeft(y)
        .tickValues(ticks)
        .tickFormat((v) => decade(Number(v))),
    );
    s.selectAll('line.gd-convoy-grid')
      .data(ticks)
      .join('line')
      .attr('class', 'gd-convoy-grid')
      .attr('x1', LEFT)
      .attr('x2', RIGHT)
      .attr('y1', (v) => y(v))
      .attr('y2', (v) => y(v));

    const ref = d.switchIntervalMs * 1000;
    const refG = s.selectAll('g.gd-convoy-ref').data([ref]).join((enter) => {
      const g = enter.append('g').attr('class', 'gd-convoy-ref');
      g.append('line');
      g.append('text').attr('text-anchor', 'start');
      return g;
    });
    refG.select('line').attr('x1', LEFT).attr('x2', RIGHT).attr('y1', y(ref)).attr('y2', y(ref));
    refG
      .select('text')
      // At the left, over the group with no competitor, whose bars stay low.
      .attr('x', LEFT + 6)
      .attr('y', y(ref) - 6)
      .text(`switch interval (${d.switchIntervalMs} ms)`);

    const bars = s
      .selectAll<SVGGElement, ConvoyBar>('g.gd-convoy-bar')
      .data(d.bars, (b) => `${b.strategy}:${b.competitors}`)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'gd-convoy-bar');
        g.append('rect').attr('class', 'gd-convoy-p50');
        g.append('line').attr('class', 'gd-convoy-whisker');
        g.append('line').attr('class', 'gd-convoy-cap');
        const p99 = g.append('text').attr('class', 'gd-convoy-p99').attr('text-anchor', 'middle');
        p99.append('tspan').attr('class', 'gd-convoy-p99-name');
        p99.append('tspan').attr('class', 'gd-convoy-p99-value');
        g.append('text').attr('class', 'gd-convoy-name').attr('text-anchor', 'middle');
        g.append('text').attr('class', 'gd-convoy-value').attr('text-anchor', 'middle');
        g.append('title');
        return g;
      })
      .attr('data-state', (b) => b.state)
      .attr('data-strategy', (b) => b.strategy);
    const has = (b: ConvoyBar) => b.p50Us !== null && b.p99Us !== null;
    bars
      .select('rect.gd-convoy-p50')
      .attr('x', (b) => cx(b) - BAR_W / 2)
      .attr('width', BAR_W)
      .attr('y', (b) => (has(b) ? y(b.p50Us!) : BOTTOM - 2))
      .attr('height', (b) => (has(b) ? Math.max(2, BOTTOM - y(b.p50Us!)) : 2))
      .style('fill', (b) => STRATEGY_STYLE[b.strategy].color);
    bars
      .select('line.gd-convoy-whisker')
      .attr('x1', cx)
      .attr('x2', cx)
      .attr('y1', (b) => (has(b) ? y(b.p50Us!) : BOTTOM))
      .attr('y2', (b) => (has(b) ? y(b.p99Us!) : BOTTOM));
    bars
      .select('line.gd-convoy-cap')
      .attr('x1', (b) => cx(b) - 12)
      .attr('x2', (b) => cx(b) + 12)
      .attr('y1', (b) => (has(b) ? y(b.p99Us!) : BOTTOM))
      .attr('y2', (b) => (has(b) ? y(b.p99Us!) : BOTTOM))
      .attr('visibility', (b) => (has(b) ? 'visible' : 'hidden'));
    // p99 over its whisker in two short lines, so neighbouring bars' labels never collide.
    const p99 = bars.select('text.gd-convoy-p99').attr('visibility', (b) => (has(b) && roomy ? 'visible' : 'hidden'));
    p99
      .select('tspan.gd-convoy-p99-name')
      .attr('x', cx)
      .attr('y', (b) => (has(b) ? y(b.p99Us!) - 26 : BOTTOM))
      .text('p99');
    p99
      .select('tspan.gd-convoy-p99-value')
      .attr('x', cx)
      .attr('y', (b) => (has(b) ? y(b.p99Us!) - 8 : BOTTOM))
      .text((b) => (has(b) ? formatUs(b.p99Us!) : ''));
    bars
      .select('text.gd-convoy-name')
      .attr('x', cx)
      .attr('y', BOTTOM + 22)
      .text((b) => gilWords(b.strategy).short);
    bars
      .select('text.gd-convoy-value')
      .attr('x', cx)
      .attr('y', BOTTOM + 44)
      .text((b) => (b.state === 'pending' ? '…' : has(b) ? formatUs(b.p50Us!) : 'measuring…'));
    bars.select('title').text((b) => (has(b) ? `${gilWords(b.strategy).short}, ${groupName(b.competitors)}: p50 ${formatUs(b.p50Us!)}, p99 ${formatUs(b.p99Us!)}, max ${formatUs(b.maxUs!)}, ${b.n} I/O calls` : `${gilWords(b.strategy).short}, ${groupName(b.competitors)}: not measured yet`));

    s.selectAll('text.gd-convoy-group')
      .data(Array.from({ length: groups }, (_, c) => c))
      .join('text')
      .attr('class', 'gd-convoy-group')
      .attr('x', (c) => LEFT + groupW * (c + 0.5))
      .attr('y', BOTTOM + 76)
      .attr('text-anchor', 'middle')
      .text((c) => (roomy || c === 0 ? groupName(c) : `+${c} CPU`));
    s.selectAll('text.gd-convoy-ylabel')
      .data([null])
      .join('text')
      .attr('class', 'gd-convoy-ylabel')
      .attr('x', 0)
      .attr('y', 20)
      .text('I/O thread latency (log scale)');
    svg.setAttribute('aria-label', `Bar chart of I/O latency with and without the GIL beside 0 to ${d.competitors} CPU-bound threads.`);
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
