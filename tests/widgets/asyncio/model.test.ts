import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { asyncioInitial, asyncioPanel, asyncioSummary, asyncioTasks, axisEnd, coRects, laneNames, maxLateness, totalsLine, type AsyncioData } from '../../../src/widgets/asyncio/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });
const K = EventKind;

/** One loop: heartbeat (0) awaits 50 ms; task 0 (lane 1) computes 300 ms then awaits 1000; task 1 (lane 2) awaits 1000. */
const loopTrace = [
  ev(10, 0, K.RunStart),
  ev(10, 0, K.TaskStart, 0), ev(10, 0, K.TaskEnd, 0), ev(10, 0, K.IoStart, 50, 0),
  ev(10, 0, K.TaskStart, 1), ev(310, 0, K.TaskEnd, 1), ev(310, 0, K.IoStart, 1000, 1),
  ev(310, 0, K.TaskStart, 2), ev(310, 0, K.TaskEnd, 2), ev(310, 0, K.IoStart, 1000, 2),
  ev(310, 0, K.IoEnd, 50, 0, 250), ev(310, 0, K.TaskStart, 0), ev(310, 0, K.TaskEnd, 0, 1),
  ev(1310, 0, K.IoEnd, 1000, 1, 0), ev(1310, 0, K.TaskStart, 1), ev(1310, 0, K.TaskEnd, 1, 1),
  ev(1311, 0, K.IoEnd, 1000, 2, 1), ev(1311, 0, K.TaskStart, 2), ev(1311, 0, K.TaskEnd, 2, 1),
];

test('the plan: a heartbeat first, task 0 computes before it awaits, the others only await', () => {
  const plans = asyncioTasks(2, 1000, 300, 12_345);
  expect(plans.map((p) => p.id)).toEqual([0, 1, 2]);
  expect(plans[0]!.steps).toHaveLength(26);
  expect(plans[0]!.steps.every((s) => 'io' in s && s.io === 50)).toBe(true);
  expect(plans[1]!.steps).toEqual([{ cpu: 12_345 }, { io: 1000 }]);
  expect(plans[2]!.steps).toEqual([{ io: 1000 }]);
  expect(asyncioTasks(1, 1000, 0, 0)[1]!.steps).toEqual([{ io: 1000 }]);
  expect(laneNames(2, 300)).toEqual(['heartbeat', 'task 0 (CPU)', 'task 1']);
});

test('on an event loop, an await splits into awaiting until due and ready until the loop gets back to it', () => {
  const p = asyncioPanel(loopTrace, { strategy: 'asyncio', running: false });
  const lane = (l: number) => p.segments.filter(([x]) => x === l).map(([, s, a, b]) => [s, a, b]);
  expect(lane(0)).toEqual([['running', 0, 0], ['awaiting', 0, 50], ['ready', 50, 300], ['running', 300, 300]]);
  expect(lane(2)).toEqual([['ready', 0, 300], ['running', 300, 300], ['awaiting', 300, 1300], ['ready', 1300, 1301], ['running', 1301, 1301]]);
  expect(p.beats).toEqual([[50, 250]]);
  expect(maxLateness(p)).toBe(250);
  expect(p.waitedMs).toBe(2000);
  expect(p.doneMs).toBe(1301);
  expect(p.cpuRanMs).toBe(300);
  expect(p.end).toBe(1301);
});

test('while running, open spans reach the newest event so lanes grow live', () => {
  const p = asyncioPanel([...loopTrace.slice(0, 5), ev(110, 0, K.Progress, 999)], { strategy: 'asyncio', running: true, minEnd: 1300 });
  expect(p.segments).toContainEqual([0, 'awaiting', 0, 100]);
  expect(p.segments).toContainEqual([1, 'running', 0, 100]);
  expect(p.end).toBe(1300);
  expect(p.doneMs).toBeNull();
  expect(asyncioPanel([], { strategy: 'threads', running: true, minEnd: 500 })).toMatchObject({ segments: [], end: 500, doneMs: null });
});

test('on threads, running is holding the GIL, ready is waiting for it, and the heartbeat is late until it has it back', () => {
  const trace = [
    ev(0, 0, K.RunStart), ev(0, 1, K.RunStart),
    ev(0, 1, K.GilRequest), ev(0, 1, K.GilAcquire), ev(0, 1, K.TaskStart, 1),
    ev(0, 0, K.GilRequest), ev(5, 1, K.GilDrop, 0, 0, 1), ev(5, 0, K.GilAcquire), ev(5, 1, K.GilRequest), ev(5, 0, K.TaskStart, 0),
    ev(6, 0, K.GilDrop, 0, 0, 2), ev(6, 0, K.IoStart, 50), ev(6, 1, K.GilAcquire),
    ev(56, 0, K.IoEnd, 50), ev(56, 0, K.GilRequest), ev(61, 1, K.GilDrop, 0, 0, 1), ev(61, 0, K.GilAcquire),
    ev(61, 0, K.TaskEnd, 0), ev(61, 0, K.GilDrop, 0, 0, 3), ev(61, 1, K.GilRequest), ev(61, 1, K.GilAcquire), ev(90, 1, K.TaskEnd, 1), ev(90, 1, K.GilDrop, 0, 0, 3),
  ];
  const p = asyncioPanel(trace, { strategy: 'threads', running: false });
  expect(p.segments.filter(([l]) => l === 0).map(([, s, a, b]) => [s, a, b])).toEqual([['ready', 0, 5], ['running', 5, 6], ['awaiting', 6, 56], ['ready', 56, 61], ['running', 61, 61]]);
  expect(p.beats).toEqual([[56, 5]]);
  expect(p.doneMs).toBe(90);
});

test('states differ by height as well as colour', () => {
  const p = asyncioPanel(loopTrace, { strategy: 'asyncio', running: false });
  const rects = coRects(p, (t) => t / 10, (l) => l * 30, 24);
  const h = (s: string) => rects.find((r) => r.state === s)!.h;
  expect(h('running')).toBeGreaterThan(h('awaiting'));
  expect(h('awaiting')).toBeGreaterThan(h('ready'));
  expect(rects.every((r) => r.w >= 1)).toBe(true);
});

test('before a run: empty panels on the planned time axis; after it, the totals and summary name what was measured', () => {
  const initial = asyncioInitial({ tasks: 2, ioWaitMs: 1000, cpuStepMs: 300, contrast: true });
  expect(initial.panels.map((p) => p.strategy)).toEqual(['asyncio', 'threads']);
  expect(axisEnd(initial)).toBe(1300);
  expect(totalsLine(initial)).toBe('2 tasks awaiting 1 s each, task 0 computing 300 ms first');
  expect(asyncioInitial({ tasks: 2, ioWaitMs: 1000, cpuStepMs: 0, contrast: false }).panels).toHaveLength(1);
  const done: AsyncioData = { ...initial, panels: [asyncioPanel(loopTrace, { strategy: 'asyncio', running: false }), { ...initial.panels[1]!, doneMs: 1050, beats: [[50, 4.5]] }] };
  expect(totalsLine(done)).toBe('waits added up: 2 s · all done, one run each: asyncio 1.3 s · threads 1.05 s');
  expect(asyncioSummary(done)).toBe(
    'In one run, 2 coroutines awaiting 1 s each finished in 1.3 s on one event loop, though their waits add up to 2 s: the waits overlapped. ' +
      'While task 0 computed (it ran 300 ms), nothing else ran: the heartbeat was up to 250 ms late. On threads the same tasks took 1.05 s, and the heartbeat was up to 4.5 ms late.',
  );
});
