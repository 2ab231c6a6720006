import { expect, test } from 'vitest';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { laneRects, stateShares, type TimelineData, timelineModel, timelineSummary } from '../../../src/widgets/timeline/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });
const gilTrace = [
  ev(0, 0, EventKind.GilRequest), ev(0.1, 0, EventKind.GilAcquire, 0, 0), ev(0.2, 1, EventKind.GilRequest),
  ev(5, 1, EventKind.DropRequestSet, 0), ev(5.1, 0, EventKind.GilDrop, 0, 1, DropReason.Forced), ev(5.12, 1, EventKind.GilAcquire, 0, 2),
  ev(5.3, 0, EventKind.GilRequest), ev(10, 1, EventKind.GilDrop, 0, 3, DropReason.Done), ev(10.01, 0, EventKind.GilAcquire, 0, 4), ev(12, 0, EventKind.GilDrop, 0, 5, DropReason.Done),
];
/** A worker computing from `from` to `to` ms, reporting progress every ms as the engine does. */
function computes(worker: number, from: number, to: number): TraceEvent[] {
  const out = [ev(from, worker, EventKind.TaskStart)];
  for (let t = from + 1; t <= to; t++) out.push(ev(t, worker, EventKind.Progress, (t - from) * 100));
  return [...out, ev(to, worker, EventKind.TaskEnd)];
}
const sorted = (events: TraceEvent[]) => events.sort((a, b) => a.t - b.t);
/** How many lanes the timeline draws as running at instant t. */
const runningAt = (d: TimelineData, t: number) => new Set(d.segments.filter((s) => s[1] === 'running' && s[2] <= t && t < s[3]).map((s) => s[0])).size;
const base = { mode: 'shared-memory' as const, now: 0, running: false, cores: 2 };

test('under a GIL, running is holding it and waiting is between request and acquire', () => {
  const d = timelineModel(gilTrace, { ...base, strategy: 'threads', workers: 2, wallMs: 12 });
  expect(d.segments.filter((s) => s[1] === 'running').map((s) => [s[0], s[2], s[3]]).sort((a, b) => a[1]! - b[1]!)).toEqual([[0, 0.1, 5.1], [1, 5.12, 10], [0, 10.01, 12]]);
  expect(d.segments.filter((s) => s[1] === 'waiting').map((s) => s[0])).toEqual([0, 1, 0]);
  expect(d.handoffs).toEqual([[5.12, 0, 1]]);
  expect(d.forcedSwitches).toBe(1);
  expect(d.end).toBe(12);
  expect(timelineSummary(d)).toBe('threads, 2 threads on 2 cores: 12 ms wall. Each worker was running 50% of the time on average; the GIL changed hands 1 times by forced switch. At most 1 ran at once (one GIL).');
});

test('while running, open spans reach the newest event so lanes grow live', () => {
  const partial = gilTrace.slice(0, 3);
  const d = timelineModel(partial, { ...base, strategy: 'threads', workers: 2, mode: null, running: true });
  expect(d.segments).toContainEqual([0, 'running', 0.1, 0.2]);
  expect(d.segments).toContainEqual([1, 'waiting', 0.2, 0.2]);
});

test('without a GIL, running is computing: a task reporting progress about every millisecond', () => {
  const d = timelineModel(sorted([...computes(0, 0, 4), ...computes(1, 0, 5)]), { ...base, strategy: 'free-threading', workers: 2, wallMs: 5 });
  expect(stateShares(d).map((s) => Math.round(s.running * 100))).toEqual([80, 100]);
  expect(timelineSummary(d)).toBe('free-threading, 2 threads on 2 cores: 5 ms wall. Each worker was running 90% of the time on average.');
});

test('a free-threading run of 4 workers on 2 cores never shows more than 2 running at once', () => {
  // Two workers compute 0-100 ms, two more 50-150 ms: from 50 to 100 ms four want the two cores.
  const d = timelineModel(sorted([...computes(0, 0, 100), ...computes(1, 0, 100), ...computes(2, 50, 150), ...computes(3, 50, 150)]), { ...base, strategy: 'free-threading', workers: 4, wallMs: 150 });
  for (let t = 0; t < 150; t += 0.5) expect(runningAt(d, t)).toBeLessThanOrEqual(2);
  // Alone they run; together all four are runnable, sharing the cores (half a core each: 75 of 150 ms on one).
  expect(runningAt(d, 25)).toBe(2);
  expect(runningAt(d, 125)).toBe(2);
  expect(d.segments.filter((s) => s[1] === 'runnable').map((s) => [s[0], s[2], s[3]]).sort((a, b) => a[0]! - b[0]!)).toEqual([[0, 50, 100], [1, 50, 100], [2, 50, 100], [3, 50, 100]]);
  expect(timelineSummary(d)).toBe('free-threading, 4 threads on 2 cores: 150 ms wall. Each worker was running 50% of the time on average and waiting for a core 17%. At most 2 ran at once.');
});

test('a task that stops reporting progress (the OS gave its core to another) is drawn runnable over the gap, not running', () => {
  const events = sorted([...computes(0, 0, 20).slice(0, -1), ...computes(0, 30, 40).slice(1)]);
  const d = timelineModel(events, { ...base, strategy: 'multiprocessing', workers: 1, wallMs: 40 });
  expect(d.segments.filter((s) => s[1] === 'runnable').map((s) => [s[2], s[3]])).toEqual([[20, 31]]);
  expect(runningAt(d, 25)).toBe(0);
});

test('under one GIL at most one lane runs at once, even when a thread\'s clock runs ahead of the others', () => {
  // Thread 1's clock is 1 ms ahead: its acquire (sequence 2) seems to come before thread 0's drop (sequence 1).
  const skewed = [
    ev(0, 0, EventKind.GilAcquire, 0, 0), ev(4.2, 1, EventKind.GilRequest), ev(4.1, 1, EventKind.GilAcquire, 0, 2), ev(5, 0, EventKind.GilDrop, 0, 1, DropReason.Forced),
    ev(5.1, 0, EventKind.GilRequest), ev(9, 1, EventKind.GilDrop, 0, 3, DropReason.Done), ev(9.1, 0, EventKind.GilAcquire, 0, 4), ev(12, 0, EventKind.GilDrop, 0, 5, DropReason.Done),
  ].sort((a, b) => a.t - b.t);
  const d = timelineModel(skewed, { ...base, strategy: 'threads', workers: 2, wallMs: 12 });
  for (let t = 0; t < 12; t += 0.05) expect(runningAt(d, t)).toBeLessThanOrEqual(1);
  expect(d.segments).toContainEqual([1, 'running', 5, 9]);
});

test('states differ by height as well as colour', () => {
  const d = timelineModel(gilTrace, { ...base, strategy: 'threads', workers: 2, mode: null });
  const rects = laneRects(d, (t) => t * 10, (w) => w * 40, 30);
  const h = (state: string) => rects.find((r) => r.state === state)!.h;
  expect(h('running')).toBeGreaterThan(h('waiting'));
  expect(rects.every((r) => r.w >= 0.5)).toBe(true);
  const shared = timelineModel(sorted([0, 1, 2].flatMap((w) => computes(w, 0, 10))), { ...base, strategy: 'free-threading', workers: 3 });
  const runnable = laneRects(shared, (t) => t * 10, (w) => w * 40, 30).find((r) => r.state === 'runnable')!;
  // Runnable is a thin band (under half the lane), so zoomed out it still reads apart from the running blocks, and
  // apart from I/O and the GIL wait by height as well as colour.
  expect(runnable.h).toBeLessThan(15);
  expect(runnable.h).toBeGreaterThan(h('waiting'));
  const io = laneRects({ ...d, segments: [[0, 'io', 0, 1]] }, (t) => t * 10, (w) => w * 40, 30)[0]!;
  expect(runnable.h).toBeLessThan(io.h);
});
