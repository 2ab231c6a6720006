// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { gilModel } from '../../../src/widgets/gil/model.js';
import { gilView } from '../../../src/widgets/gil/view.js';
import { roundedMarkup } from '../../support/svg.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });

/** Three threads taking forced 5 ms turns (0, 1, 2, 0, ...), each turn asked for by the next waiter. */
function turns(n: number): TraceEvent[] {
  const events: TraceEvent[] = [0, 1, 2].map((w) => ev(0.1 * w, w, EventKind.GilRequest));
  let seq = 0;
  for (let i = 0; i < n; i++) {
    const w = i % 3;
    const t = 1 + i * 5;
    events.push(ev(t, w, EventKind.GilAcquire, 0, seq++));
    if (i + 1 < n) events.push(ev(t + 4.8, (w + 1) % 3, EventKind.DropRequestSet, w));
    events.push(ev(t + 4.9, w, EventKind.GilDrop, 0, seq++, i + 1 < n ? DropReason.Forced : DropReason.Done));
    if (i + 1 < n) events.push(ev(t + 4.95, w, EventKind.GilRequest));
  }
  return events.sort((a, b) => a.t - b.t);
}

test('a still frame shows the speed, one row per thread with the token on the holder, the waiters, and the counters', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = gilView(root);
  view.draw(gilModel(turns(12), { workers: 3, switchIntervalMs: 5, speed: 0.05, mode: 'shared-memory', running: false, wallMs: 62 }));
  const svg = root.querySelector('svg')!;
  expect(svg.querySelector('text.gd-gil-speed')!.textContent).toBe('replayed at 1/20 speed');
  expect([...svg.querySelectorAll('text.gd-gil-label')].map((t) => t.textContent)).toEqual(['thread 0', 'thread 1', 'thread 2']);
  // Mid-trace (30.45 ms): thread 2 holds its second turn, the others wait.
  expect([...svg.querySelectorAll('g.gd-gil-row')].map((r) => r.getAttribute('data-state'))).toEqual(['waiting', 'waiting', 'holding']);
  expect(svg.querySelector('g.gd-gil-token')!.getAttribute('transform')).toBe('translate(128, 177)');
  expect([...svg.querySelectorAll('text.gd-gil-count')].map((t) => t.textContent)).toEqual(['5', '170', '5', '0', '0']);
  expect(svg.querySelector('text.gd-gil-total')!.textContent).toBe('Whole run: 11 hand-offs in 59.9 ms (184/s); forced 11, I/O 0, done 1.');
  expect(root.querySelector('.gd-w-legend')!.textContent).toContain('drop request set');
  expect(root.querySelector<HTMLButtonElement>('button.gd-gil-replay')!.hidden).toBe(false);
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});

test('before a run the rows and counters are drawn empty, not a blank box', () => {
  const root = document.createElement('div');
  const view = gilView(root);
  view.draw(gilModel([], { workers: 4, switchIntervalMs: 5, speed: 0.02, mode: null, running: false }));
  const svg = root.querySelector('svg')!;
  expect(svg.querySelectorAll('g.gd-gil-row')).toHaveLength(4);
  expect(svg.querySelector('text.gd-gil-speed')!.textContent).toBe('replayed at 1/50 speed');
  expect(svg.querySelector('g.gd-gil-token')!.getAttribute('visibility')).toBe('hidden');
  expect(svg.querySelector('text.gd-gil-total')!.textContent).toBe('Press Run: 4 threads, one GIL.');
  view.destroy();
});

test('in the instant of a forced hand-off nobody holds the token: the dropper says so, the waiter that asked says so', () => {
  const root = document.createElement('div');
  const view = gilView(root);
  const trace = [
    ev(0.9, 0, EventKind.GilRequest), ev(1, 0, EventKind.GilAcquire, 0, 0), ev(1.1, 1, EventKind.GilRequest), ev(9.9, 1, EventKind.DropRequestSet, 0),
    ev(10, 0, EventKind.GilDrop, 0, 1, DropReason.Forced), ev(10.2, 1, EventKind.GilAcquire, 0, 2), ev(10.3, 0, EventKind.GilRequest),
    ev(19, 1, EventKind.GilDrop, 0, 3, DropReason.Done), ev(19.1, 0, EventKind.GilAcquire, 0, 4), ev(19.9, 0, EventKind.GilDrop, 0, 5, DropReason.Done),
  ];
  // The still frame falls at 10.15 ms: after thread 0's forced drop, before thread 1's acquire.
  view.draw(gilModel(trace, { workers: 2, switchIntervalMs: 5, speed: 0.05, mode: 'shared-memory', running: false, wallMs: 20 }));
  const svg = root.querySelector('svg')!;
  expect(svg.querySelector('g.gd-gil-token')!.getAttribute('visibility')).toBe('hidden');
  expect([...svg.querySelectorAll('text.gd-gil-status')].map((t) => t.textContent)).toEqual(['dropped it (forced)', 'waits · set drop request']);
  expect([...svg.querySelectorAll('g.gd-gil-row')].map((r) => r.getAttribute('data-request'))).toEqual(['asked', 'asker']);
  view.destroy();
});
