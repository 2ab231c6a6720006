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
  const data = timelineModel([ev(0, 0, EventKind.TaskStart), ev(0, 1, EventKind.TaskStart), ev(400, 0, EventKind.TaskEnd), ev(420, 1, EventKind.TaskEnd)], { strategy: 'free-threading', workers: 2, mode: 'shared-memory', now: 0, running: false, wallMs: 420 });
  view.draw(data);
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('text.gd-lane-label')].map((t) => t.textContent)).toEqual(['thread 0', 'thread 1']);
  expect(root.querySelector('.gd-w-legend')!.textContent).toBe('running');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});
