// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { heatmapModel } from '../../../src/widgets/heatmap/model.js';
import { heatmapView } from '../../../src/widgets/heatmap/view.js';
import { roundedMarkup } from '../../support/svg.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0): TraceEvent => ({ t, worker, kind, a, b: 0, c: 0 });

/** Worker 0 at full speed for 300 ms; worker 1 at half speed, starting 100 ms later. */
const events: TraceEvent[] = [ev(0, 0, EventKind.TaskStart), ev(0, 1, EventKind.TaskStart)];
for (let t = 1; t <= 300; t++) events.push(ev(t, 0, EventKind.Progress, t * 100));
for (let t = 101; t <= 300; t++) events.push(ev(t, 1, EventKind.Progress, (t - 100) * 50));

test('the heatmap labels a row per worker and one for cores busy, shades cells by share, and prints the means', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = heatmapView(root);
  view.draw(heatmapModel(events, { strategy: 'free-threading', workers: 2, mode: 'shared-memory', unitsPerMs: 100, bucketMs: 100, running: false, wallMs: 300 }));
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('text.gd-heatmap-label')].map((t) => t.textContent)).toEqual(['thread 0', 'thread 1', 'cores busy']);
  expect([...svg.querySelectorAll('text.gd-heatmap-mean')].map((t) => t.textContent)).toEqual(['1.00', '0.33', '1.33']);
  const cells = [...svg.querySelectorAll('g.gd-heatmap-cells rect')];
  expect(cells.map((c) => c.getAttribute('fill-opacity'))).toEqual(['1.000', '1.000', '1.000', '0.000', '0.500', '0.500']);
  expect(cells[4]!.querySelector('title')!.textContent).toBe('thread 1, 100 ms–200 ms: 50% of a core');
  expect([...svg.querySelectorAll('rect.gd-heatmap-bar title')].map((t) => t.textContent)).toEqual(['0 ms–100 ms: 1.00 cores busy', '100 ms–200 ms: 1.50 cores busy', '200 ms–300 ms: 1.50 cores busy']);
  expect(root.querySelector('.gd-w-legend')!.textContent).toBe('share of one core:0 (idle)0.250.500.751 (a whole core)cores busy: sum of the rows, dashed line its mean');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});

test('before a run: empty rows, the cores-busy scale and a time axis over the expected duration', () => {
  const root = document.createElement('div');
  const view = heatmapView(root);
  view.draw(heatmapModel([], { strategy: 'threads', workers: 4, mode: null, unitsPerMs: null, bucketMs: 100, running: false, minSpanMs: 2000 }));
  const svg = root.querySelector('svg')!;
  expect(svg.querySelectorAll('g.gd-heatmap-rows text.gd-heatmap-label')).toHaveLength(4);
  expect(svg.querySelectorAll('g.gd-heatmap-cells rect')).toHaveLength(0);
  expect([...svg.querySelectorAll('text.gd-heatmap-tick')].map((t) => t.textContent)).toEqual(['0', '1', '2', '3', '4']);
  expect([...svg.querySelectorAll('.gd-axis .tick text')].at(-1)!.textContent).toBe('2 s');
  view.destroy();
});
