// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { timelineModel } from '../../../src/widgets/timeline/model.js';
import { timelineView } from '../../../src/widgets/timeline/view.js';
import { roundedMarkup } from '../../support/svg.js';

const ev = (t: number, worker: number, kind: EventKind): TraceEvent => ({ t, worker, kind, a: 0, b: 0, c: 0 });

test('the timeline view labels one lane per worker, draws a time axis and a legend of the states shown', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = timelineView(root);
  // Two workers computing (progress every ms) for 400 and 420 ms on two cores.
  const trace = [0, 1].flatMap((w) => [ev(0, w, EventKind.TaskStart), ...Array.from({ length: 400 + 20 * w }, (_, i) => ev(i + 1, w, EventKind.Progress)), ev(400 + 20 * w, w, EventKind.TaskEnd)]).sort((a, b) => a.t - b.t);
  const data = timelineModel(trace, { strategy: 'free-threading', workers: 2, cores: 2, mode: 'shared-memory', now: 0, running: false, wallMs: 420 });
  view.draw(data);
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('text.gd-lane-label')].map((t) => t.textContent)).toEqual(['thread 0', 'thread 1']);
  expect(root.querySelector('.gd-w-legend')!.textContent).toBe('running');
  // On one core the same two share it: the legend names the hatched state.
  const other = document.createElement('div');
  timelineView(other).draw(timelineModel(trace, { strategy: 'free-threading', workers: 2, cores: 1, mode: 'shared-memory', now: 0, running: false, wallMs: 420 }));
  expect(other.querySelector('.gd-w-legend')!.textContent).toBe('runningrunnable, waiting for a core');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});

test('with controls, picking a thread count or switch interval sets the widget\'s attributes for the next run', () => {
  const host = document.createElement('gd-timeline');
  const root = document.createElement('div');
  host.append(root);
  document.body.append(host);
  timelineView(root, { workers: 4, switchInterval: 5, strategy: 'threads' });
  const [workers, interval] = [...root.querySelectorAll('select')];
  expect(root.querySelector('label')!.textContent).toMatch(/^threads /);
  expect([...workers!.options].map((o) => o.value)).toEqual(['1', '2', '4', '8']);
  expect(workers!.value).toBe('4');
  workers!.value = '8';
  workers!.dispatchEvent(new Event('change'));
  interval!.value = '20';
  interval!.dispatchEvent(new Event('change'));
  expect(host.getAttribute('workers')).toBe('8');
  expect(host.getAttribute('switch-interval')).toBe('20');
});

test('the worker-count control is named as the lanes are: interpreters for subinterpreters, processes for a pool', () => {
  for (const [strategy, name] of [['subinterpreters', 'interpreters'], ['multiprocessing-pool', 'processes']] as const) {
    const root = document.createElement('div');
    timelineView(root, { workers: 2, switchInterval: 5, strategy });
    expect(root.querySelector('label')!.textContent).toMatch(new RegExp(`^${name} `));
  }
});

test('after the first frame, later data is painted on the next animation frame', async () => {
  const { framePainter } = await import('../../../src/widgets/frames.js');
  const painted: Array<number | null> = [];
  const p = framePainter((d: number | null) => painted.push(d));
  p.draw(1);
  p.draw(null);
  p.draw(3);
  expect(painted).toEqual([1]);
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  expect(painted).toEqual([1, 3]);
});
