import { expect, test } from 'vitest';
import { gapKinds, ioCallsUs, shareToLongestWaiter, slicesMs, switchesOf, WOKEN_GAP_US } from '../../src/bench/fidelityAnalysis.js';
import { DropReason, EventKind, type TraceEvent } from '../../src/engine/trace.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });

test('a strict rotation gives every hand-off to the longest waiter; a ping-pong never does', () => {
  expect(shareToLongestWaiter([0, 1, 2, 0, 1, 2, 0, 1, 2], 3)).toBe(1);
  // 0 and 1 trade the GIL while 2 waits: 2 is always the longest waiter and never gets it.
  expect(shareToLongestWaiter([2, 0, 1, 0, 1, 0, 1, 0], 3)).toBe(0);
  expect(shareToLongestWaiter([0, 1], 3)).toBeNaN();
});

test('switches are hand-offs to another worker, with the gap since the previous holder let go', () => {
  const events = [
    ev(0, 0, EventKind.GilAcquire, 0, 1),
    ev(5, 0, EventKind.GilDrop, 0, 2, DropReason.Forced),
    ev(5.03, 1, EventKind.GilAcquire, 0, 3),
    ev(10, 1, EventKind.GilDrop, 0, 4, DropReason.Io),
    ev(10.01, 1, EventKind.GilAcquire, 0, 5),
    ev(15, 1, EventKind.GilDrop, 0, 6, DropReason.Forced),
    ev(15.02, 0, EventKind.GilAcquire, 0, 7),
    ev(16, 0, EventKind.GilDrop, 0, 8, DropReason.Done),
  ];
  const s = switchesOf(events);
  expect(s.map((x) => x.worker)).toEqual([1, 0]);
  expect(s[0]!.gapUs).toBeCloseTo(30);
  expect(slicesMs(s)).toEqual([expect.closeTo(9.99, 5)]);
});

test('an I/O call lasts from the start of the wait until the worker holds the GIL again', () => {
  const events = [ev(1, 0, EventKind.IoStart, 1), ev(2, 0, EventKind.IoEnd, 1), ev(2, 1, EventKind.GilAcquire), ev(7, 0, EventKind.GilAcquire)];
  expect(ioCallsUs(events, 0)).toEqual([6000]);
});

test('hand-off gaps are told apart by whether the kernel had to wake the next holder, and each kind has its median', () => {
  // Three hand-offs to a thread still on its CPU, two that woke one: the median of all would be 3 us or 30 us
  // depending on one hand-off, so each kind is compared on its own, and the mix.
  const k = gapKinds([2, 3, 4, WOKEN_GAP_US + 15, WOKEN_GAP_US + 25]);
  expect(k.awakeUs).toBe(3);
  expect(k.wokenUs).toBe(WOKEN_GAP_US + 20);
  expect(k.wokenShare).toBeCloseTo(0.4);
  expect(gapKinds([2, 3]).wokenUs).toBeNaN();
  expect(gapKinds([]).wokenShare).toBeNaN();
});
