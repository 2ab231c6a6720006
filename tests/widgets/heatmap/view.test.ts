// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { heatmapModel } from '../../../src/widgets/heatmap/model.js';
import { heatmapView } from '../../../src/widgets/heatmap/view.js';
import { roundedMarkup } from '../../support/svg.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0): TraceEvent => ({ t, worker, kind, a, b: 0, c: 0 });

/** On 2 cores: worker 0 computes for 300 ms, worker 1 from 100 ms, worker 2 from 200 ms (three on two cores then). */
const events: TraceEvent[] = [];
for (const [w, from] of [[0, 0], [1, 100], [2, 200]] as const) {
  events.push(ev(from, w, EventKind.TaskStart));
  for (let t = from + 1; t <= 300; t++) events.push(ev(t, w, EventKind.Progress, (t - from) * 100));
}

test('the heatmap labels a row per worker and one for cores busy, shades cells by share, hatches time spent waiting for a core, and prints the means', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = heatmapView(root);
  view.draw(heatmapModel(events, { strategy: 'free-threading', workers: 3, mode: 'shared-memory', unitsPerMs: 100, bucketMs: 100, running: false, cores: 2, wallMs: 300 }));
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('text.gd-heatmap-label')].map((t) => t.textContent)).toEqual(['thread 0', 'thread 1', 'thread 2', 'cores busy']);
  expect([...svg.querySelectorAll('text.gd-heatmap-mean')].map((t) => t.textContent)).toEqual(['0.89', '0.56', '0.22', '1.67']);
  const cells = [...svg.querySelectorAll('g.gd-heatmap-cells rect')];
  expect(cells.map((c) => c.getAttribute('fill-opacity'))).toEqual(['1.000', '1.000', '0.667', '0.000', '1.000', '0.667', '0.000', '0.000', '0.667']);
  expect(cells[5]!.querySelector('title')!.textContent).toBe('thread 1, 200 ms–300 ms: 67% of a core, waiting for a core 33%');
  // The last column's three workers shared two cores: each hatched for the third of it it waited.
  expect([...svg.querySelectorAll('g.gd-heatmap-waits rect')].map((r) => r.getAttribute('fill-opacity'))).toEqual(['0.333', '0.333', '0.333']);
  expect([...svg.querySelectorAll('rect.gd-heatmap-bar title')].map((t) => t.textContent)).toEqual(['0 ms–100 ms: 1.00 cores busy', '100 ms–200 ms: 2.00 cores busy', '200 ms–300 ms: 2.00 cores busy']);
  expect(svg.querySelector('text.gd-heatmap-limit-label')!.textContent).toBe('at most 2: 2 cores');
  expect(root.querySelector('.gd-w-legend')!.textContent).toBe('share of one core:0 (idle)0.250.500.751 (a whole core)runnable, waiting for a corecores busy: sum of the rows, dashed line its mean, solid line the most it can be here');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});

test('before a run: empty rows, the cores-busy scale and a time axis over the expected duration', () => {
  const root = document.createElement('div');
  const view = heatmapView(root);
  view.draw(heatmapModel([], { strategy: 'threads', workers: 4, mode: null, unitsPerMs: null, bucketMs: 100, running: false, cores: 2, minSpanMs: 2000 }));
  const svg = root.querySelector('svg')!;
  expect(svg.querySelectorAll('g.gd-heatmap-rows text.gd-heatmap-label')).toHaveLength(4);
  expect(svg.querySelectorAll('g.gd-heatmap-cells rect')).toHaveLength(0);
  // The scale reaches the cores four threads could use here; the line says one GIL keeps at most one busy.
  expect([...svg.querySelectorAll('text.gd-heatmap-tick')].map((t) => t.textContent)).toEqual(['0', '1', '2']);
  expect(svg.querySelector('text.gd-heatmap-limit-label')!.textContent).toBe('at most 1: one GIL');
  expect([...svg.querySelectorAll('.gd-axis .tick text')].at(-1)!.textContent).toBe('2 s');
  view.destroy();
});
