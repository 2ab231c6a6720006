import { expect, test } from 'vitest';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { gilFrame, gilModel, gilSummary, historyBars, REPLAY_MAX_S, replayTime, speedLabel, stillTime } from '../../../src/widgets/gil/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });
/** Two threads: 0 holds, 1 waits and asks it to drop after one interval, 0 is forced out; 1 does I/O; both finish. */
const trace = [
  ev(1, 0, EventKind.GilRequest), ev(1.1, 0, EventKind.GilAcquire, 0, 0), ev(1.2, 1, EventKind.GilRequest),
  ev(6.2, 1, EventKind.DropRequestSet, 0), ev(6.25, 0, EventKind.GilDrop, 0, 1, DropReason.Forced), ev(6.3, 1, EventKind.GilAcquire, 0, 2),
  ev(6.32, 0, EventKind.GilRequest), ev(8, 1, EventKind.GilDrop, 0, 3, DropReason.Io), ev(8.01, 1, EventKind.IoStart, 1), ev(8.05, 0, EventKind.GilAcquire, 0, 4),
  ev(9.01, 1, EventKind.IoEnd, 1), ev(9.02, 1, EventKind.GilRequest), ev(12, 0, EventKind.GilDrop, 0, 5, DropReason.Done), ev(12.1, 1, EventKind.GilAcquire, 0, 6),
  ev(13, 1, EventKind.GilDrop, 0, 7, DropReason.Done),
];
const opts = { workers: 2, switchIntervalMs: 5, speed: 0.05, mode: 'shared-memory' as const, running: false, wallMs: 13 };

test('holds follow the hand-off order, with why each ended; waits run from request to acquire', () => {
  const d = gilModel(trace, opts);
  expect(d.holds).toEqual([[0, 1.1, 6.25, DropReason.Forced], [1, 6.3, 8, DropReason.Io], [0, 8.05, 12, DropReason.Done], [1, 12.1, 13, DropReason.Done]]);
  expect(d.waits).toEqual([[0, 1, 1.1], [1, 1.2, 6.3], [0, 6.32, 8.05], [1, 9.02, 12.1]]);
  expect(d.io).toEqual([[1, 8.01, 9.01]]);
  expect(d.requests).toEqual([[6.2, 1, 0]]);
  expect(d.totals.handoffs).toBe(3);
  expect(d.totals.drops).toEqual({ forced: 1, io: 1, done: 2 });
  expect(d.origin).toBeCloseTo(0.5);
});

test('a frame puts the token on the holder and marks the waiters; counters count only what the replay has reached', () => {
  const d = gilModel(trace, opts);
  const early = gilFrame(d, 3);
  expect(early.holder).toBe(0);
  expect(early.states).toEqual(['holding', 'waiting']);
  expect(early.handoffs).toBe(0);
  const later = gilFrame(d, 8.5);
  expect(later.holder).toBe(0);
  expect(later.states).toEqual(['holding', 'io']);
  expect(later.handoffs).toBe(2);
  expect(later.drops).toEqual({ forced: 1, io: 1, done: 0 });
  // Two hand-offs in the 7.4 ms since the first acquire.
  expect(later.rate).toBeCloseTo((2 / 7.4) * 1000);
  const end = gilFrame(d, 13);
  expect(end.holder).toBeNull();
  expect(end.finished).toEqual([true, true]);
});

test('a drop request shows from when it is set until the holder drops, or longer if asked, so the eye can catch it', () => {
  const d = gilModel(trace, opts);
  expect(gilFrame(d, 6.1).request).toBeNull();
  expect(gilFrame(d, 6.22).request).toEqual({ requester: 1, holder: 0, at: 6.2 });
  expect(gilFrame(d, 6.28).request).toBeNull();
  expect(gilFrame(d, 6.28, 1).request).toEqual({ requester: 1, holder: 0, at: 6.2 });
});

test('the replay runs at the given speed from just before the first request and never passes what was measured', () => {
  const d = gilModel(trace, opts);
  expect(replayTime(d, 0)).toBeCloseTo(0.5);
  expect(replayTime(d, 100)).toBeCloseTo(5.5);
  expect(replayTime(d, 1e6)).toBe(13);
  expect(stillTime(d)).toBeCloseTo(6.75);
  expect(speedLabel(0.05)).toBe('1/20');
  expect(speedLabel(0.02)).toBe('1/50');
  expect(speedLabel(1)).toBe('real time');
  expect(speedLabel(0.3)).toBe('0.300x');
});

test('while running, the holder and the waiters are drawn up to the newest event', () => {
  const d = gilModel(trace.slice(0, 3), { ...opts, running: true });
  expect(d.holds).toEqual([[0, 1.1, 1.2, 0]]);
  expect(d.waits).toContainEqual([1, 1.2, 1.2]);
  expect(gilFrame(d, 1.2).holder).toBe(0);
  expect(d.totals.drops).toEqual({ forced: 0, io: 0, done: 0 });
});

test('a long trace is cut for the replay, and the whole-run totals still count every hand-off', () => {
  const events: TraceEvent[] = [];
  let seq = 0;
  // Two threads taking 5 ms turns for 10 s.
  for (let i = 0; i < 2000; i++) {
    const w = i % 2;
    events.push(ev(i * 5, w, EventKind.GilAcquire, 0, seq++), ev(i * 5 + 4.9, w, EventKind.GilDrop, 0, seq++, DropReason.Forced));
  }
  events.push(ev(0, 0, EventKind.GilRequest));
  const d = gilModel(events, { ...opts, speed: 0.01 });
  expect(d.replayEnd).toBeCloseTo(REPLAY_MAX_S * 1000 * 0.01, 0);
  expect(d.holds.length).toBeLessThan(200);
  expect(d.totals.handoffs).toBe(1999);
  expect(replayTime(d, 1e9)).toBe(d.replayEnd);
});

test('the history strip shows the last window before the replayed instant, clipped to it', () => {
  const d = gilModel(trace, opts);
  const bars = historyBars(d, 8.5, 2);
  expect(bars.filter((b) => b.state === 'holding')).toEqual([
    { worker: 1, state: 'holding', start: 6.5, end: 8, reason: DropReason.Io },
    { worker: 0, state: 'holding', start: 8.05, end: 8.5, reason: null },
  ]);
  expect(bars.find((b) => b.state === 'io')).toEqual({ worker: 1, state: 'io', start: 8.01, end: 8.5, reason: null });
  expect(bars.every((b) => b.start >= 6.5 && b.end <= 8.5)).toBe(true);
});

test('the summary gives the hand-offs, their rate and the drops by reason', () => {
  expect(gilSummary(gilModel(trace, opts))).toBe('2 threads, one GIL: it changed hands 3 times in 11.9 ms (252 per second); drops: 1 forced by a drop request, 1 for I/O, 2 when a thread finished. Switch interval 5 ms.');
  expect(gilSummary(gilModel([], opts))).toBe('2 threads, one GIL: not run yet.');
});
