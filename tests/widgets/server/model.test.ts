import { expect, test } from 'vitest';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import * as server from '../../../src/widgets/server/model.js';
import {
  answerWindows, gilCeilingSpread, gilHeld, loadRates, measureRequests, medianServiceMs, pacing, probePlan, peakRps, referenceRate, replayLatencies, requestPlans, serverInitial, serverPoint, serverSummary, serverWorkers, tableNote, tableRows, windowSpread, type ServerData,
} from '../../../src/widgets/server/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });
const K = EventKind;

/** One worker's task: two requests, each [wait, I/O 5 ms, CPU]. */
function workerTrace(worker: number, task: number, t: number, gap: number, service: number): TraceEvent[] {
  const out = [ev(t, worker, K.RunStart), ev(t, worker, K.TaskStart, task)];
  for (let j = 0; j < 2; j++) {
    out.push(ev(t, worker, K.IoStart, gap), ev(t + gap, worker, K.IoEnd, gap), ev(t + gap, worker, K.IoStart, 5), ev(t + gap + 5, worker, K.IoEnd, 5));
    t += gap + service;
  }
  return [...out, ev(t, worker, K.TaskEnd, task)];
}

test('offered loads rise in even steps up to the maximum', () => {
  expect(loadRates(400, 5)).toEqual([80, 160, 240, 320, 400]);
  expect(serverWorkers('sequential', 4)).toBe(1);
  expect(serverWorkers('threads', 4)).toBe(4);
  // One worker, but an event loop: asyncio serves `workers` requests at once as coroutines.
  expect(serverWorkers('asyncio', 4)).toBe(4);
});

test('each worker waits out its share of the offered load minus what a request took it, and fills the step', () => {
  // 4 workers at 200 req/s: one request every 20 ms each; a request took 8 ms, so wait 12 ms; 250 ms holds 12 or 13.
  expect(pacing(200, 4, 250, 8)).toEqual({ gapMs: 12, requests: 13 });
  // Past what the workers can serve there is no wait: requests come back to back, as many as fit.
  expect(pacing(2000, 4, 250, 10)).toEqual({ gapMs: 0, requests: 25 });
  const plans = requestPlans(2, 100, { gapMs: 10, requests: 2 }, 5, 777);
  expect(plans.map((p) => p.id)).toEqual([0, 1]);
  expect(plans[0]!.steps).toEqual([{ io: 10 }, { io: 5 }, { cpu: 777 }, { io: 10 }, { io: 5 }, { cpu: 777 }]);
  // The second worker starts 1/rate later, so arrivals interleave.
  expect(plans[1]!.steps[0]).toEqual({ io: 20 });
  // Before the load steps, one worker serves a few requests back to back: what a request costs alone.
  expect(probePlan(5, 777)).toEqual([{ id: 0, steps: Array(4).fill([{ io: 0 }, { io: 5 }, { cpu: 777 }]).flat() }]);
});

test('a request runs from the end of its wait to the start of the next wait, or the end of the task', () => {
  const m = measureRequests([...workerTrace(0, 0, 0, 10, 12), ...workerTrace(1, 1, 11, 10, 12)].sort((a, b) => a.t - b.t), 'threads');
  expect(m.requests).toEqual([[10, 22], [21, 33], [32, 44], [43, 55]]);
  expect(m.overheadMs).toBe(12);
  expect(medianServiceMs(m)).toBe(12);
  // Four answers 11 ms apart on average: (4 - 1) / 33 ms.
  expect(m.rps).toBeCloseTo(3000 / 33, 6);
});

test('under asyncio, requests are told apart by coroutine, and start when due rather than when the loop resumed them', () => {
  const trace = [
    ev(0, 0, K.RunStart), ev(0, 0, K.TaskStart, 0), ev(0, 0, K.TaskEnd, 0), ev(0, 0, K.IoStart, 10, 0),
    ev(0, 0, K.TaskStart, 1), ev(0, 0, K.TaskEnd, 1), ev(0, 0, K.IoStart, 10, 1),
    ev(10, 0, K.IoEnd, 10, 0, 0), ev(10, 0, K.TaskStart, 0), ev(10, 0, K.TaskEnd, 0), ev(10, 0, K.IoStart, 5, 0),
    ev(13, 0, K.IoEnd, 10, 1, 3), ev(13, 0, K.TaskStart, 1), ev(13, 0, K.TaskEnd, 1), ev(13, 0, K.IoStart, 5, 1),
    ev(15, 0, K.IoEnd, 5, 0, 0), ev(15, 0, K.TaskStart, 0), ev(20, 0, K.TaskEnd, 0, 1),
    ev(20, 0, K.IoEnd, 5, 1, 2), ev(20, 0, K.TaskStart, 1), ev(25, 0, K.TaskEnd, 1, 1),
  ];
  expect(measureRequests(trace, 'asyncio').requests).toEqual([[10, 20], [10, 25]]);
});

test('replayed open-loop arrivals queue only once the workers cannot keep up', () => {
  // 100 req/s for 100 ms on one worker: 10 arrivals, 10 ms apart.
  expect(replayLatencies(100, 100, [5], 1)).toEqual(Array(10).fill(5));
  // Each takes 20 ms: the queue grows by 10 ms per request.
  expect(replayLatencies(100, 50, [20], 1)).toEqual([20, 30, 40, 50, 60]);
  // Two workers share the same load without queueing.
  expect(replayLatencies(100, 50, [20], 2)).toEqual([20, 20, 20, 20, 20]);
  expect(replayLatencies(100, 50, [], 2)).toEqual([]);
  // A step that served nothing states zeros, not NaN.
  expect(serverPoint([], { strategy: 'threads', rate: 90, workers: 2, durationMs: 100 })).toMatchObject({ requests: 0, p50: 0, p99: 0, serviceP50: 0, serviceP99: 0, overheadMs: 0 });
});

test('a load step reports measured throughput and service times, and latency from the replay', () => {
  const trace = [...workerTrace(0, 0, 0, 10, 12), ...workerTrace(1, 1, 11, 10, 12)].sort((a, b) => a.t - b.t);
  const p = serverPoint(trace, { strategy: 'threads', rate: 90, workers: 2, durationMs: 100 });
  expect(p).toMatchObject({ rate: 90, requests: 4, serviceP50: 12, serviceP99: 12, p50: 12, p99: 12, overheadMs: 12 });
});

const finished: ServerData = {
  ...serverInitial({ strategies: ['threads', 'free-threading'], workers: 4, cpuMs: 5, ioMs: 5, maxRate: 300, steps: 3, duration: 0.25 }),
  mode: 'shared-memory',
  series: [
    { strategy: 'threads', aloneMs: 12.4, aloneCpuMs: 5.1, aloneIoMs: 5, points: [{ rate: 100, rps: 98, ceilingRps: 190, p50: 12, p99: 20, serviceP50: 12, serviceP99: 20, requests: 25 }, { rate: 200, rps: 150, ceilingRps: 180, p50: 80, p99: 160, serviceP50: 20, serviceP99: 30, requests: 40 }] },
    { strategy: 'free-threading', aloneMs: 11, points: [{ rate: 100, rps: 99, p50: 11, p99: 15, serviceP50: 11, serviceP99: 15, requests: 25 }, { rate: 200, rps: 197, p50: 12, p99: 18.5, serviceP50: 12, serviceP99: 18.5, requests: 50 }] },
  ],
};

test('the table and summary quote each server\'s peak throughput and its latency at the middle load', () => {
  expect(referenceRate(finished)).toBe(200);
  expect(peakRps(finished.series[1]!)).toBe(197);
  expect(tableRows(finished)).toEqual([
    { strategy: 'threads', alone: '12.4 (5.1 + 5.0)', peak: '150', ceiling: '≤ 190', p50: '80 ms', p99: '160 ms' },
    { strategy: 'free-threading', alone: '11', peak: '197', ceiling: '–', p50: '12 ms', p99: '18.5 ms' },
  ]);
  expect(serverSummary(finished)).toBe(
    '4 workers per server, requests of 5 ms CPU and 5 ms I/O, offered 100 to 300 requests/s. ' +
      'threads (one request alone: 12.4 ms, of which 5.1 ms CPU and 5 ms I/O) served up to 150 requests/s (its GIL allows at most 190), p50 80 ms and p99 160 ms at 200 requests/s (queueing modelled); ' +
      'free-threading (one request alone: 11 ms) served up to 197 requests/s, p50 12 ms and p99 18.5 ms at 200 requests/s (queueing modelled).',
  );
  const empty = serverInitial({ strategies: ['threads'], workers: 1, cpuMs: 2, ioMs: 10, maxRate: 100, steps: 2, duration: 1 });
  expect(tableRows(empty)).toEqual([{ strategy: 'threads', alone: '–', peak: '–', ceiling: '–', p50: '–', p99: '–' }]);
  expect(serverSummary(empty)).toBe('1 worker per server, requests of 2 ms CPU and 10 ms I/O, offered 50 to 100 requests/s. Not run yet.');
});

/**
 * One load step under one GIL: four threads each get a request at 0 ms, wait 4 ms of I/O, then need 8 ms of CPU,
 * taking the GIL in 5 ms slices in turn (0-1-2-3-0-1-2-3). Their answers come 3 ms apart at the end although the
 * GIL was held 32 ms for the four.
 */
function gilStep(): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let w = 0; w < 4; w++) out.push(ev(0, w, K.RunStart), ev(0, w, K.TaskStart, w), ev(0, w, K.IoStart, 0), ev(0, w, K.IoEnd, 0), ev(0, w, K.IoStart, 4), ev(4, w, K.IoEnd, 4));
  const slices: Array<[number, number, number, boolean]> = [[0, 4, 9, false], [1, 9, 14, false], [2, 14, 19, false], [3, 19, 24, false], [0, 24, 27, true], [1, 27, 30, true], [2, 30, 33, true], [3, 33, 36, true]];
  slices.forEach(([w, a, b, done], i) => out.push(ev(a, w, K.GilAcquire, 0, 2 * i), ev(b, w, K.GilDrop, 0, 2 * i + 1, done ? DropReason.Done : DropReason.Forced), ...(done ? [ev(b, w, K.TaskEnd, w)] : [])));
  return out.sort((a, b) => a.t - b.t);
}

test('the server\'s measured throughput under one GIL never exceeds what the GIL allows, 1000 / ms held per request', () => {
  const p = serverPoint(gilStep(), { strategy: 'threads', rate: 400, workers: 4, durationMs: 40 });
  // Answers at 27, 30, 33 and 36 ms would read as 333 requests/s; the GIL was held 8 ms per request: at most 125.
  expect(p.rps).toBeLessThanOrEqual(125 + 1e-9);
  expect(p.ceilingRps).toBeCloseTo(125, 6);
});

test('the server\'s modelled throughput never exceeds its measured capacity: above the GIL\'s ceiling the replayed queue grows', () => {
  // Four workers with 20 ms service times could take 200 requests/s; a GIL held 8 ms per request allows 125.
  const latencies = replayLatencies(200, 1000, [20], 4, 125);
  // 200 arrivals, served at most 125 per second: the last waits about (200 - 125) / 125 s.
  expect(latencies.at(-1)!).toBeGreaterThan(500);
  // Below the ceiling nothing changes.
  expect(replayLatencies(100, 1000, [20], 4, 125)).toEqual(Array(100).fill(20));
  // And a load step's latency comes from that replay.
  const p = serverPoint(gilStep(), { strategy: 'threads', rate: 400, workers: 4, durationMs: 100 });
  expect(p.p99).toBeGreaterThan(100);
});

test('one request alone is never shorter than its CPU and I/O as measured, and the summary quotes those parts', () => {
  // Alone: a request's 4 ms of I/O, then its CPU, which took 3.4 ms here rather than the 8 ms asked.
  const trace = workerTrace(0, 0, 0, 0, 7.4).map((e) => (e.kind === K.IoStart && e.a === 5 ? { ...e, a: 4 } : e));
  const m = measureRequests(trace, 'threads');
  expect(m.parts.map(([io, cpu]) => [io, Math.round(cpu * 10) / 10])).toEqual([[5, 2.4], [5, 2.4]]);
  const one = server.medianRequest(m)!;
  expect(one.ms).toBeGreaterThanOrEqual(one.cpuMs + one.ioMs);
  const d: ServerData = { ...finished, cpuMs: 8, ioMs: 4, series: [{ ...finished.series[0]!, aloneMs: one.ms, aloneCpuMs: one.cpuMs, aloneIoMs: one.ioMs }] };
  expect(serverSummary(d)).toContain('(one request alone: 7.4 ms, of which 2.4 ms CPU and 5 ms I/O)');
});

test('a step\'s throughput carries the 95% interval of its rate over four windows of equally many answers', () => {
  // Answers every 10 ms: each window holds the same number, so the rate is the same in each and the spread is nil.
  const even = Array.from({ length: 41 }, (_, i) => i * 10);
  const w = answerWindows(even);
  expect(w.map((x) => x.answers)).toEqual([10, 10, 10, 10]);
  expect(windowSpread(w.map((x) => (x.answers * 1000) / (x.to - x.from)))).toBeCloseTo(0, 9);
  // The windows' rates average to the step's rate, first answer to last.
  expect(w.reduce((sum, x) => sum + (x.answers * 1000) / (x.to - x.from), 0) / 4).toBeCloseTo(100, 9);
  // Answers bunched in the first half: the rate differs between windows, and the interval says so.
  const bunched = [...Array.from({ length: 30 }, (_, i) => i * 6.6), ...Array.from({ length: 11 }, (_, i) => 200 + i * 20)];
  const rates = answerWindows(bunched).map((x) => (x.answers * 1000) / (x.to - x.from));
  expect(windowSpread(rates)!).toBeGreaterThan(30);
  // A steady 100 per second whose 41 intervals do not split evenly in four: windows of equally many answers still
  // see 100 per second in each (equal times would hold 10, 10, 11 and 10 answers and read a spread).
  const steady = Array.from({ length: 42 }, (_, i) => i * 10);
  const sw = answerWindows(steady);
  expect(sw.map((x) => x.answers)).toEqual([10, 11, 10, 10]);
  expect(sw.map((x) => (x.answers * 1000) / (x.to - x.from))).toEqual([100, 100, 100, 100]);
  // Too few answers to fill the windows: no spread to state rather than a made-up one.
  expect(answerWindows([0, 10, 20, 30])).toEqual([]);
  expect(windowSpread([100])).toBeNull();
});

test('the GIL ceiling\'s spread comes from the GIL time held in each window against the answers it holds', () => {
  // One thread answers a request every 10 ms after holding the GIL 8 ms for it: 125 requests/s at most, in every window.
  const events: TraceEvent[] = [ev(0, 0, K.RunStart)];
  for (let i = 0; i < 41; i++) events.push(ev(i * 10 - 8, 0, K.GilAcquire, 0, 2 * i), ev(i * 10, 0, K.GilDrop, 0, 2 * i + 1, DropReason.Done));
  const windows = answerWindows(Array.from({ length: 41 }, (_, i) => i * 10));
  expect(gilCeilingSpread(gilHeld(events, 1), windows)).toBeCloseTo(0, 6);
  // Held 8 ms per request in the first half and 4 ms in the second: the windows disagree, and the spread says so.
  const uneven: TraceEvent[] = [ev(0, 0, K.RunStart)];
  for (let i = 0; i < 41; i++) uneven.push(ev(i * 10 - (i <= 20 ? 8 : 4), 0, K.GilAcquire, 0, 2 * i), ev(i * 10, 0, K.GilDrop, 0, 2 * i + 1, DropReason.Done));
  expect(gilCeilingSpread(gilHeld(uneven, 1), windows)!).toBeGreaterThan(50);
  // No GIL, no ceiling and no spread.
  expect(gilCeilingSpread(gilHeld(events.filter((e) => e.kind === K.RunStart), 1), windows)).toBeNull();
});

test('the table quotes the peak and the GIL ceiling with their spreads, and says under it what the spreads are', () => {
  const [threads, ft] = finished.series as [ServerData['series'][number], ServerData['series'][number]];
  const d: ServerData = {
    ...finished,
    series: [
      { ...threads, aloneRange: { low: 12.1, high: 13.4, n: 4 }, points: threads.points.map((p, i) => ({ ...p, rpsSpread: i ? 4.6 : 2, ceilingSpread: i ? 1 : 7.2 })) },
      { ...ft, aloneRange: { low: 10.8, high: 11.5, n: 4 }, points: ft.points.map((p) => ({ ...p, rpsSpread: 0.2 })) },
    ],
  };
  // The peak is the step that served most, with that step's spread; the ceiling the highest step's, with its own.
  expect(tableRows(d).map((r) => [r.peak, r.ceiling])).toEqual([['150 ±5', '≤ 190 ±7'], ['197 ±<1', '–']]);
  expect(tableNote(d)).toEqual([
    'alone: the middle one of 4 requests to an idle worker · ±: 95% interval over 4 windows of the load step\'s answers',
    "alone's range, ms: threads 12.1–13.4, free-threading 10.8–11.5",
  ]);
  expect(serverSummary(d)).toContain('served up to 150 ±5 requests/s (its GIL allows at most 190 ±7)');
  expect(serverSummary(d)).toContain('(one request alone: 12.4 ms, the middle of 4 ranging 12.1 ms to 13.4 ms, of which');
  expect(serverSummary(d)).toMatch(/ \(±: 95% intervals\)\.$/);
  // Every server the widget allows: the ranges wrap onto lines that fit the figure, none of them lost.
  const seven: ServerData = { ...d, series: (['sequential', 'threads', 'free-threading', 'subinterpreters', 'multiprocessing', 'multiprocessing-pool', 'asyncio'] as const).map((strategy) => ({ strategy, aloneMs: 13.1, aloneRange: { low: 12.9, high: 15.3, n: 4 }, points: [] })) };
  const lines = tableNote(seven);
  expect(lines.length).toBeGreaterThan(2);
  expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
  expect(lines.join(' ').match(/12\.9–15\.3/g)).toHaveLength(7);
  // A spread under half a request per second is said as such, not rounded up to ±1.
  const tight: ServerData = { ...d, series: [{ ...ft, points: ft.points.map((p) => ({ ...p, rpsSpread: 0.2 })) }] };
  expect(tableRows(tight)[0]!.peak).toBe('197 ±<1');
  // Nothing measured, nothing to explain.
  expect(tableNote(serverInitial({ strategies: ['threads'], workers: 1, cpuMs: 2, ioMs: 10, maxRate: 100, steps: 2, duration: 1 }))).toEqual([]);
});
