// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { asyncioInitial, asyncioPanel } from '../../../src/widgets/asyncio/model.js';
import { asyncioView } from '../../../src/widgets/asyncio/view.js';
import { roundedMarkup } from '../../support/svg.js';

const ev = (t: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker: 0, kind, a, b, c });
const K = EventKind;
const loopTrace = [
  ev(0, K.RunStart),
  ev(0, K.TaskStart, 0), ev(0, K.TaskEnd, 0), ev(0, K.IoStart, 50, 0),
  ev(0, K.TaskStart, 1), ev(300, K.TaskEnd, 1), ev(300, K.IoStart, 1000, 1),
  ev(300, K.TaskStart, 2), ev(300, K.TaskEnd, 2), ev(300, K.IoStart, 1000, 2),
  ev(300, K.IoEnd, 50, 0, 250), ev(300, K.TaskStart, 0), ev(300, K.TaskEnd, 0, 1),
  ev(1300, K.IoEnd, 1000, 1, 0), ev(1300, K.TaskStart, 1), ev(1300, K.TaskEnd, 1, 1),
  ev(1301, K.IoEnd, 1000, 2, 1), ev(1301, K.TaskStart, 2), ev(1301, K.TaskEnd, 2, 1),
];

test('the asyncio view draws a lane per coroutine for each run, the heartbeat lateness, a shared axis and the totals', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = asyncioView(root);
  const initial = asyncioInitial({ tasks: 2, ioWaitMs: 1000, cpuStepMs: 300, contrast: true });
  view.draw(initial);
  const svg = root.querySelector('svg')!;
  // The first frame already shows both runs' empty lanes and the axis.
  expect(svg.querySelectorAll('g.gd-asyncio-panel')).toHaveLength(2);
  expect(svg.querySelector('g.gd-axis .tick')).not.toBeNull();
  view.draw({ ...initial, mode: 'shared-memory', panels: [asyncioPanel(loopTrace, { strategy: 'asyncio', running: false }), initial.panels[1]!] });
  expect([...svg.querySelectorAll('text.gd-asyncio-title')].map((t) => t.textContent)).toEqual([
    'asyncio: one event loop · tasks done in 1.3 s · heartbeat late up to 250 ms',
    'threads: one per task, one GIL',
  ]);
  expect([...svg.querySelectorAll('g.gd-asyncio-lanes text')].slice(0, 3).map((t) => t.textContent)).toEqual(['heartbeat', 'task 0 (CPU)', 'task 1']);
  expect(svg.querySelector('text.gd-asyncio-totals')!.textContent).toBe('waits added up: 2 s · all done, one run: asyncio 1.3 s');
  expect(root.querySelector('.gd-w-legend')!.textContent).toContain('heartbeat');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
  expect(root.querySelector('.gd-w-legend')).toBeNull();
});
