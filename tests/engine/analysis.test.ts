import { expect, test } from 'vitest';
import { computingIntervals, gilHolds, gilOverlaps, handoffsUs, ioReacquireUs, overlapMs } from '../../src/engine/analysis.js';
import { DropReason, EventKind, type TraceEvent } from '../../src/engine/trace.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });

test('holds pair each acquire with the same worker\'s next drop, in hand-off order', () => {
  const events = [ev(0, 0, EventKind.GilAcquire, 0, 0), ev(5, 0, EventKind.GilDrop, 0, 1, DropReason.Forced), ev(5.01, 1, EventKind.GilAcquire, 0, 2), ev(9, 1, EventKind.GilDrop, 0, 3, DropReason.Done)];
  expect(gilHolds(events).map((h) => [h.worker, h.start, h.end, h.reason])).toEqual([
    [0, 0, 5, DropReason.Forced],
    [1, 5.01, 9, DropReason.Done],
  ]);
  expect(gilOverlaps(events)).toEqual([]);
  expect(handoffsUs(events).map(Math.round)).toEqual([10]);
});

test('an acquire sequenced before the previous holder dropped is an overlap, whatever the clocks say', () => {
  // Worker 1's clock says it acquired after worker 0 dropped, but the sequence numbers say otherwise.
  const events = [ev(0, 0, EventKind.GilAcquire, 0, 0), ev(5, 0, EventKind.GilDrop, 0, 2, DropReason.Forced), ev(6, 1, EventKind.GilAcquire, 0, 1), ev(9, 1, EventKind.GilDrop, 0, 3, DropReason.Done)];
  expect(gilOverlaps(events)).toHaveLength(1);
});

test('holds of different GILs (interpreters) never count as overlapping each other', () => {
  const events = [ev(0, 0, EventKind.GilAcquire, 0, 0), ev(0, 1, EventKind.GilAcquire, 1, 1), ev(5, 0, EventKind.GilDrop, 0, 2, DropReason.Done), ev(5, 1, EventKind.GilDrop, 1, 3, DropReason.Done)];
  expect(gilOverlaps(events)).toEqual([]);
});

test('I/O latency runs from the end of the wait to getting the GIL back', () => {
  const events = [ev(1, 0, EventKind.IoEnd), ev(6, 0, EventKind.GilAcquire, 0, 4)];
  expect(ioReacquireUs(events)).toEqual([5000]);
});

test('progress events closer than the gap make computing intervals; their overlap is measured', () => {
  const a = [1, 2, 3, 10, 11].map((t) => ev(t, 0, EventKind.Progress));
  const b = [2.5, 3.5, 4.5].map((t) => ev(t, 1, EventKind.Progress));
  expect(computingIntervals(a, 0)).toEqual([[1, 3], [10, 11]]);
  expect(overlapMs(computingIntervals(a, 0), computingIntervals(b, 1))).toBeCloseTo(0.5);
});
