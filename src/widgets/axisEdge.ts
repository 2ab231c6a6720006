import { select } from 'd3-selection';

/** How close to an end of the figure a tick's label may be centred before it would be cut off (viewBox units). */
const EDGE = 30;

/**
 * Tick labels at the ends of an axis that would run past the figure's edge (a tick at 200 ms right at the end of a
 * 0-200 ms axis) are anchored to end there instead of centred on their tick: "200 ms" stays whole at any size.
 */
export function keepEdgeLabelsInside(axis: SVGGElement, x: (v: number) => number, width: number): void {
  select(axis)
    .selectAll<SVGTextElement, number>('.tick text')
    .attr('text-anchor', (v) => (x(v) > width - EDGE ? 'end' : x(v) < EDGE ? 'start' : 'middle'));
}
