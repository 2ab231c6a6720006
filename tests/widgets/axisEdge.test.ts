// @vitest-environment jsdom
import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { expect, test } from 'vitest';
import { keepEdgeLabelsInside } from '../../src/widgets/axisEdge.js';

test('a tick label at the right end of the figure ends there instead of running past it; the others stay centred', () => {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const g = select(svg).append('g');
  // 0-200 ms over the figure's 880 units, as a timeline that has not run yet: the 200 ms tick is 10 units from the edge.
  const x = scaleLinear().domain([0, 200]).range([140, 870]);
  g.call(axisBottom(x).ticks(4));
  keepEdgeLabelsInside(g.node()!, x, 880);
  const anchors = [...svg.querySelectorAll('.tick text')].map((t) => [t.textContent, t.getAttribute('text-anchor')]);
  expect(anchors).toEqual([['0', 'middle'], ['50', 'middle'], ['100', 'middle'], ['150', 'middle'], ['200', 'end']]);
  // An axis starting at the figure's left edge keeps its first label inside the same way.
  const y = scaleLinear().domain([0, 10]).range([5, 500]);
  g.call(axisBottom(y).ticks(2));
  keepEdgeLabelsInside(g.node()!, y, 880);
  expect(svg.querySelector('.tick text')!.getAttribute('text-anchor')).toBe('start');
});
