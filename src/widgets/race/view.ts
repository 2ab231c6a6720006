import { select } from 'd3-selection';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { STATE_COLOR } from '../palette.js';
import { countLine, GIL_CAVEAT, RACE_MODES, raceBars, type RaceData, type RaceRow, underGil } from './model.js';
import { formatMs, WIDTH } from '../format.js';

const BAR_W = 580;
const WALL_X = 640;
const WALL_W = 230;
const HEAD_H = 28;
const ROW_H = 112;
const BAR_TOP = 30;
const BAR_H = 32;
const COUNTED = STATE_COLOR.running;
const LOST = STATE_COLOR.waiting;
const WALL = STATE_COLOR.io;
let instances = 0;

/**
 * One row per mode: the expected count as an outline, what the counter holds as a solid bar, the lost updates as
 * a hatched bar (pattern and text, not colour alone), and the wall time on the right. Few marks: SVG.
 */
export function raceView(root: HTMLElement): View<RaceData> {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg gd-race');
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Shared counter: expected versus actual count per mode');
  root.append(svg);
  const s = select(svg);
  // Pattern ids are page-wide: one per view, so a mirror or a second race on the page keeps its own.
  const hatchId = `gd-race-hatch-${++instances}`;
  const defs = s.append('defs');
  const hatch = defs.append('pattern').attr('id', hatchId).attr('patternUnits', 'userSpaceOnUse').attr('width', 8).attr('height', 8).attr('patternTransform', 'rotate(45)');
  hatch.append('rect').attr('width', 8).attr('height', 8).style('fill', LOST).attr('fill-opacity', 0.35);
  hatch.append('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', 8).style('stroke', LOST).attr('stroke-width', 4);
  s.append('text').attr('class', 'gd-race-head').attr('x', 0).attr('y', 18).text('count: expected (outline) · counted (solid) · lost (hatched)');
  s.append('text').attr('class', 'gd-race-head').attr('x', WALL_X).attr('y', 18).text('wall time');

  return {
    draw(data) {
      svg.setAttribute('height', String(HEAD_H + data.rows.length * ROW_H));
      const bars = raceBars(data, BAR_W);
      const wallBars = raceBars(data, WALL_W - 10);
      const rows = s
        .selectAll<SVGGElement, RaceRow>('g.gd-race-row')
        .data(data.rows, (r) => r.mode)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'gd-race-row');
          g.append('text').attr('class', 'gd-race-label').attr('x', 0).attr('y', 20);
          g.append('rect').attr('class', 'gd-race-counted').attr('x', 0).attr('y', BAR_TOP).attr('height', BAR_H).style('fill', COUNTED);
          g.append('rect').attr('class', 'gd-race-lost').attr('y', BAR_TOP).attr('height', BAR_H).attr('fill', `url(#${hatchId})`);
          g.append('rect').attr('class', 'gd-race-expected').attr('x', 0.5).attr('y', BAR_TOP + 0.5).attr('width', BAR_W - 1).attr('height', BAR_H - 1).attr('fill', 'none');
          g.append('text').attr('class', 'gd-race-count').attr('x', 0).attr('y', BAR_TOP + BAR_H + 22);
          g.append('text').attr('class', 'gd-race-note').attr('x', 0).attr('y', BAR_TOP + BAR_H + 44);
          g.append('rect').attr('class', 'gd-race-wall').attr('x', WALL_X).attr('y', BAR_TOP).attr('height', BAR_H).style('fill', WALL);
          g.append('text').attr('class', 'gd-race-wall-label').attr('x', WALL_X).attr('y', BAR_TOP + BAR_H + 22);
          return g;
        })
        .attr('transform', (_, i) => `translate(0, ${HEAD_H + i * ROW_H})`);
      rows.select('text.gd-race-label').text((r) => RACE_MODES[r.mode].label);
      rows.select('rect.gd-race-counted').attr('width', (_, i) => bars[i]!.actualW);
      rows
        .select('rect.gd-race-lost')
        .attr('x', (_, i) => bars[i]!.actualW)
        .attr('width', (_, i) => bars[i]!.lostW);
      rows.select('text.gd-race-count').text(countLine);
      rows.select('text.gd-race-note').text((r) => (underGil(r.mode) ? GIL_CAVEAT : ''));
      rows.select('rect.gd-race-wall').attr('width', (_, i) => wallBars[i]!.wallW);
      rows.select('text.gd-race-wall-label').text((r) => (r.wallMs === null ? '–' : formatMs(r.wallMs)));
    },
    destroy() {
      svg.remove();
    },
  };
}
