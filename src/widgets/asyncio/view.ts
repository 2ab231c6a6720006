import { axisBottom } from 'd3-axis';
import { keepEdgeLabelsInside } from '../axisEdge.js';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { legendItem } from '../legend.js';
import { MARK_COLOR, STATE_COLOR } from '../palette.js';
import { timeScale } from '../timeScale.js';
import { type AsyncioData, type AsyncioPanel, axisEnd, type CoState, coRects, HEARTBEAT_LANE, laneNames, maxLateness, panelTitle, totalsLine } from './model.js';
import { formatMs, WIDTH } from '../format.js';

const LABEL_W = 150;
const RIGHT = WIDTH - 12;
const TITLE_H = 28;
const LATE_H = 44;
const PANEL_GAP = 16;
const AXIS_H = 34;
const TOTALS_H = 34;
const LATE_COLOR = MARK_COLOR.late;

export const CO_COLOR: Record<CoState, string> = { running: STATE_COLOR.running, awaiting: STATE_COLOR.io, ready: STATE_COLOR.waiting };
const LEGEND: Array<[string, string]> = [
  [CO_COLOR.running, 'running'],
  [CO_COLOR.awaiting, 'awaiting I/O'],
  [CO_COLOR.ready, 'ready, but the loop (or the GIL) is busy'],
  [LATE_COLOR, 'heartbeat: how late each wake-up was'],
];


/**
 * One block per run (asyncio, then threads): a lane per coroutine on a shared time axis, and under the lanes the
 * heartbeat's lateness as bars. A few hundred marks at most: SVG, redrawn from the data on each update.
 */
export function asyncioView(root: HTMLElement): View<AsyncioData> {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg gd-asyncio');
  svg.setAttribute('width', String(WIDTH));
  root.append(svg);
  const legend = document.createElement('div');
  legend.className = 'gd-w-legend';
  legend.replaceChildren(
    ...LEGEND.map(([color, label]) => legendItem(label, { background: color })),
  );
  root.append(legend);
  const s = select(svg);

  return {
    draw(data) {
      const names = laneNames(data.tasks, data.cpuStepMs);
      const laneH = names.length <= 6 ? 24 : 16;
      const laneStep = laneH + 6;
      const panelH = TITLE_H + names.length * laneStep + LATE_H + PANEL_GAP;
      const height = data.panels.length * panelH + AXIS_H + TOTALS_H;
      svg.setAttribute('height', String(height));
      const x = timeScale([0, axisEnd(data)], [LABEL_W, RIGHT]);
      const lateMax = Math.max(10, ...data.panels.map(maxLateness));
      const lateY = scaleLinear().domain([0, lateMax]).range([0, LATE_H - 6]);

      const panels = s
        .selectAll<SVGGElement, AsyncioPanel>('g.gd-asyncio-panel')
        .data(data.panels, (p) => p.strategy)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'gd-asyncio-panel');
          g.append('text').attr('class', 'gd-asyncio-title').attr('x', 0).attr('y', 18);
          g.append('g').attr('class', 'gd-asyncio-lanes');
          g.append('g').attr('class', 'gd-asyncio-segments');
          g.append('g').attr('class', 'gd-asyncio-late');
          return g;
        })
        .attr('transform', (_, i) => `translate(0, ${i * panelH})`);
      panels.select('text.gd-asyncio-title').text(panelTitle);

      panels.each(function (p) {
        const g = select(this);
        const laneTop = (lane: number) => TITLE_H + lane * laneStep;
        const lanes = g
          .select('g.gd-asyncio-lanes')
          .selectAll<SVGGElement, string>('g')
          .data(names)
          .join((enter) => {
            const lane = enter.append('g');
            lane.append('rect').attr('class', 'gd-asyncio-lane').attr('x', LABEL_W).attr('width', RIGHT - LABEL_W);
            lane.append('text').attr('x', 0);
            return lane;
          });
        lanes.select('rect').attr('y', (_, i) => laneTop(i)).attr('height', laneH);
        lanes
          .select('text')
          .attr('y', (_, i) => laneTop(i) + laneH / 2 + 6)
          .text((n) => n);
        g.select('g.gd-asyncio-segments')
          .selectAll('rect')
          .data(coRects(p, x, laneTop, laneH))
          .join('rect')
          .attr('x', (r) => r.x)
          .attr('y', (r) => r.y)
          .attr('width', (r) => r.w)
          .attr('height', (r) => r.h)
          .style('fill', (r) => CO_COLOR[r.state]);

        const base = TITLE_H + names.length * laneStep + LATE_H - 4;
        const late = g.select('g.gd-asyncio-late');
        late
          .selectAll('text.gd-asyncio-late-label')
          .data([p])
          .join('text')
          .attr('class', 'gd-asyncio-late-label')
          .attr('x', 0)
          .attr('y', base - 6)
          .text((q) => (q.beats.length ? `late ≤ ${formatMs(maxLateness(q))}` : `${names[HEARTBEAT_LANE]} late`));
        late
          .selectAll('line.gd-asyncio-late-base')
          .data([null])
          .join('line')
          .attr('class', 'gd-asyncio-late-base')
          .attr('x1', LABEL_W)
          .attr('x2', RIGHT)
          .attr('y1', base + 0.5)
          .attr('y2', base + 0.5);
        late
          .selectAll('rect')
          .data(p.beats)
          .join('rect')
          .attr('x', ([t]) => x(t) - 1.5)
          .attr('width', 3)
          .attr('y', ([, l]) => base - Math.max(1, lateY(l)))
          .attr('height', ([, l]) => Math.max(1, lateY(l)))
          .style('fill', LATE_COLOR);
      });

      const axisTop = data.panels.length * panelH;
      const t = scaleLinear().domain(x.domain).range(x.range);
      const axis = s.selectAll<SVGGElement, null>('g.gd-axis')
        .data([null])
        .join('g')
        .attr('class', 'gd-axis')
        .attr('transform', `translate(0, ${axisTop})`)
        .call(axisBottom(t).ticks(6).tickFormat((v) => formatMs(Number(v))));
      keepEdgeLabelsInside(axis.node()!, t, WIDTH);
      s.selectAll('text.gd-asyncio-totals')
        .data([data])
        .join('text')
        .attr('class', 'gd-asyncio-totals')
        .attr('x', 0)
        .attr('y', axisTop + AXIS_H + 22)
        .text(totalsLine);
    },
    destroy() {
      svg.remove();
      legend.remove();
    },
  };
}
