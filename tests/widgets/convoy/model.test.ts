import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { convoyBar, convoyPlan, convoySummary, emptyConvoy, ioTurnaroundsUs, latencyDomain, withBar } from '../../../src/widgets/convoy/model.js';

const ev = (t: number, worker: number, kind: EventKind): TraceEvent => ({ t, worker, kind, a: 0, b: 0, c: 0 });

test("the I/O thread's latency runs from each return of an I/O call to the start of its next call", () => {
  const events = [
    ev(0, 0, EventKind.IoStart), ev(0.2, 0, EventKind.IoEnd), ev(0.2, 0, EventKind.GilRequest), ev(5.2, 0, EventKind.GilAcquire), ev(5.25, 0, EventKind.GilDrop), ev(5.26, 0, EventKind.IoStart),
    ev(3, 1, EventKind.IoEnd), ev(4, 1, EventKind.IoStart), // another worker: not the I/O thread
    ev(5.46, 0, EventKind.IoEnd), ev(5.5, 0, EventKind.Progress), ev(5.51, 0, EventKind.IoStart),
    ev(5.71, 0, EventKind.IoEnd), // the last return has no next call: not counted
  ];
  expect(ioTurnaroundsUs(events).map(Math.round)).toEqual([5060, 50]);
});

test('a bar states p50 and p99 as src/stats.ts does, and nothing (not zero) before an I/O call returned', () => {
  // Ten I/O calls, turnarounds of 10..100 us: p50 interpolates between 50 and 60, p99 between 90 and 100.
  const events = Array.from({ length: 10 }, (_, i) => [ev(i, 0, EventKind.IoEnd), ev(i + 0.01 * (i + 1), 0, EventKind.IoStart)]).flat();
  const bar = convoyBar(events, 'threads', 0, 'done');
  expect([bar.n, bar.p50Us, bar.p99Us, bar.maxUs]).toEqual([10, 55, 99.1, 100]);
  expect(convoyBar([], 'threads', 0, 'pending')).toMatchObject({ n: 0, p50Us: null, p99Us: null, maxUs: null });
});

test('configurations run from no competitor up, each with the GIL and then free-threaded', () => {
  expect(convoyPlan(2)).toEqual([
    { strategy: 'threads', competitors: 0 }, { strategy: 'free-threading', competitors: 0 },
    { strategy: 'threads', competitors: 1 }, { strategy: 'free-threading', competitors: 1 },
    { strategy: 'threads', competitors: 2 }, { strategy: 'free-threading', competitors: 2 },
  ]);
  const d = emptyConvoy({ competitors: 1, switchIntervalMs: 5, ioWaitMs: 0.2 });
  expect(d.bars.map((b) => b.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
  const bar = convoyBar([ev(0, 0, EventKind.IoEnd), ev(0.05, 0, EventKind.IoStart)], 'free-threading', 1, 'done');
  expect(bar).toEqual({ strategy: 'free-threading', competitors: 1, n: 1, p50Us: 50, p99Us: 50, maxUs: 50, state: 'done' });
  expect(withBar(d, bar).bars[3]).toBe(bar);
});

test('the log axis spans whole decades from the fastest call to above the slowest and the switch interval', () => {
  const d = emptyConvoy({ competitors: 1, switchIntervalMs: 5, ioWaitMs: 0.2 });
  expect(latencyDomain(d)).toEqual([10, 100000]);
  const measured = withBar(d, { strategy: 'threads', competitors: 1, n: 100, p50Us: 5100, p99Us: 130000, maxUs: 140000, state: 'done' });
  expect(latencyDomain(withBar(measured, { strategy: 'free-threading', competitors: 1, n: 100, p50Us: 12, p99Us: 80, maxUs: 90, state: 'done' }))).toEqual([1, 1000000]);
});

test('the summary gives p50 and p99 per configuration', () => {
  let d = emptyConvoy({ competitors: 1, switchIntervalMs: 5, ioWaitMs: 0.2 });
  expect(convoySummary(d)).toBe('I/O latency beside up to 1 CPU-bound threads: not measured yet.');
  d = withBar(d, { strategy: 'threads', competitors: 1, n: 180, p50Us: 5180, p99Us: 6300, maxUs: 7000, state: 'done' });
  d = withBar(d, { strategy: 'free-threading', competitors: 1, n: 2000, p50Us: 45, p99Us: 90, maxUs: 300, state: 'done' });
  expect(convoySummary(d)).toBe('Median I/O latency with the GIL vs free-threaded: beside 1 CPU-bound thread 5.18 ms vs 45 µs. At 1, p99 6.3 ms vs 90 µs.');
  d = withBar(d, { strategy: 'threads', competitors: 0, n: 500, p50Us: 60, p99Us: 700, maxUs: 900, state: 'done' });
  expect(convoySummary(d)).toBe('Median I/O latency with the GIL vs free-threaded: alone 60 µs vs ?; beside 1 CPU-bound thread 5.18 ms vs 45 µs. At 1, p99 6.3 ms vs 90 µs.');
});
