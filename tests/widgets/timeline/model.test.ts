import { expect, test } from 'vitest';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { laneRects, stateShares, timelineModel, timelineSummary } from '../../../src/widgets/timeline/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });
const gilTrace = [
  ev(0, 0, EventKind.GilRequest), ev(0.1, 0, EventKind.GilAcquire, 0, 0), ev(0.2, 1, EventKind.GilRequest),
  ev(5, 1, EventKind.DropRequestSet, 0), ev(5.1, 0, EventKind.GilDrop, 0, 1, DropReason.Forced), ev(5.12, 1, EventKind.GilAcquire, 0, 2),
  ev(5.3, 0, EventKind.GilRequest), ev(10, 1, EventKind.GilDrop, 0, 3, DropReason.Done), ev(10.01, 0, EventKind.GilAcquire, 0, 4), ev(12, 0, EventKind.GilDrop, 0, 5, DropReason.Done),
];

test('under a GIL, running is holding it and waiting is between request and acquire', () => {
  const d = timelineModel(gilTrace, { strategy: 'threads', workers: 2, mode: 'shared-memory', now: 0, running: false, wallMs: 12 });
  expect(d.segments.filter((s) => s[1] === 'running').map((s) => [s[0], s[2], s[3]])).toEqual([[0, 0.1, 5.1], [1, 5.12, 10], [0, 10.01, 12]]);
  expect(d.segments.filter((s) => s[1] === 'waiting').map((s) => s[0])).toEqual([0, 1, 0]);
  expect(d.handoffs).toEqual([[5.12, 0, 1]]);
  expect(d.forcedSwitches).toBe(1);
  expect(d.end).toBe(12);
});

test('while running, open spans reach the newest event so lanes grow live', () => {
  const partial = gilTrace.slice(0, 3);
  const d = timelineModel(partial, { strategy: 'threads', workers: 2, mode: null, now: 0, running: true });
  expect(d.segments).toContainEqual([0, 'running', 0.1, 0.2]);
  expect(d.segments).toContainEqual([1, 'waiting', 0.2, 0.2]);
});

test('without a GIL, running is a task in progress', () => {
  const d = timelineModel([ev(0, 0, EventKind.TaskStart), ev(0, 1, EventKind.TaskStart), ev(4, 0, EventKind.TaskEnd), ev(4.5, 1, EventKind.TaskEnd)], { strategy: 'free-threading', workers: 2, mode: 'shared-memory', now: 0, running: false, wallMs: 4.5 });
  expect(stateShares(d).map((s) => Math.round(s.running * 100))).toEqual([89, 100]);
  expect(timelineSummary(d)).toBe('free-threading, 2 workers: 0.00 s wall. Each worker was running 94% of the time on average.');
});

test('states differ by height as well as colour', () => {
  const d = timelineModel(gilTrace, { strategy: 'threads', workers: 2, mode: null, now: 0, running: false });
  const rects = laneRects(d, (t) => t * 10, (w) => w * 40, 30);
  const h = (state: string) => rects.find((r) => r.state === state)!.h;
  expect(h('running')).toBeGreaterThan(h('waiting'));
  expect(rects.every((r) => r.w >= 0.5)).toBe(true);
});
