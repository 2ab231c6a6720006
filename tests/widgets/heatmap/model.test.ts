import { expect, test } from 'vitest';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { laneName, type Strategy } from '../../../src/engine/index.js';
import { heatCells, heatmapModel, heatmapSummary, MAX_COLUMNS } from '../../../src/widgets/heatmap/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });
/** A worker computing at `perMs` units per ms from `from` to `to`, reporting every ms as the engine does. */
function computes(worker: number, from: number, to: number, perMs: number, startUnits = 0): TraceEvent[] {
  const out = [ev(from, worker, EventKind.TaskStart)];
  for (let t = from + 1; t <= to; t++) out.push(ev(t, worker, EventKind.Progress, startUnits + (t - from) * perMs));
  return out;
}
/**
 * Threads taking turns on GILs in `sliceMs` slices for `ms`, computing at `perMs` while they hold one. Worker w
 * holds GIL `gilOf(w)`; `skew[w]` shifts that worker's clock (threads read different clocks), while the hand-off
 * sequence numbers stay exact, as the engine records them.
 */
function gilTurns(o: { workers: number; ms: number; sliceMs: number; perMs: number; gilOf?: (w: number) => number; skew?: number[] }): TraceEvent[] {
  const gilOf = o.gilOf ?? (() => 0);
  const gils = [...new Set(Array.from({ length: o.workers }, (_, w) => gilOf(w)))];
  const out: TraceEvent[] = [];
  const units = new Array<number>(o.workers).fill(0);
  let seq = 0;
  for (const g of gils) {
    const members = Array.from({ length: o.workers }, (_, w) => w).filter((w) => gilOf(w) === g);
    for (let slice = 0; slice * o.sliceMs < o.ms; slice++) {
      const w = members[slice % members.length]!;
      const at = (t: number) => t + (o.skew?.[w] ?? 0);
      const t0 = slice * o.sliceMs;
      out.push(ev(at(t0), w, EventKind.GilAcquire, g, seq++));
      for (let ms = 1; ms <= o.sliceMs; ms++) out.push(ev(at(t0 + ms), w, EventKind.Progress, (units[w]! += o.perMs)));
      out.push(ev(at(t0 + o.sliceMs), w, EventKind.GilDrop, g, seq++, DropReason.Forced));
    }
  }
  for (let w = 0; w < o.workers; w++) out.push(ev(0, w, EventKind.TaskStart), ev(o.ms + 5, w, EventKind.TaskEnd));
  return out.sort((a, b) => a.t - b.t);
}
const opts = { strategy: 'free-threading' as Strategy, workers: 2, mode: 'shared-memory' as const, unitsPerMs: 100, bucketMs: 100, running: false, cores: 2 };

test('a worker computing fills a whole core; an idle one none; cores busy adds them up', () => {
  // Worker 0 computes for the first 100 ms, worker 1 for the next 100 ms.
  const d = heatmapModel([...computes(0, 0, 100, 100), ...computes(1, 100, 200, 100), ev(0, 1, EventKind.RunStart)], opts);
  expect(d.shares).toEqual([[1, 0], [0, 1]]);
  expect(d.busy).toEqual([1, 1]);
  expect(d.mean).toEqual([0.5, 0.5]);
  expect(d.meanBusy).toBe(1);
});

test('two workers in parallel each get a whole core; under a GIL, taking 5 ms turns, half a core each', () => {
  const parallel = heatmapModel([...computes(0, 0, 200, 100), ...computes(1, 0, 200, 100)], opts);
  expect(parallel.busy).toEqual([2, 2]);
  const gil = heatmapModel(gilTurns({ workers: 2, ms: 200, sliceMs: 5, perMs: 100 }), { ...opts, strategy: 'threads' });
  expect(gil.shares).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  expect(gil.meanBusy).toBe(1);
});

test('under one GIL cores busy never exceeds one, even with a calibration twice too low', () => {
  // The threads really did 100 units per ms; the page calibrated 50 (a cold worker).
  const d = heatmapModel(gilTurns({ workers: 2, ms: 400, sliceMs: 5, perMs: 100 }), { ...opts, strategy: 'threads', unitsPerMs: 50, bucketMs: 20 });
  expect(d.busy.length).toBeGreaterThan(10);
  expect(Math.max(...d.busy)).toBeLessThanOrEqual(1);
  expect(d.meanBusy).toBeGreaterThan(0.95);
  expect(heatmapSummary({ ...d, wallMs: 400 })).toContain('(peak 1.00; at most 1: one GIL)');
});

test('under one GIL cores busy never exceeds one when a thread\'s clock runs ahead of the others', () => {
  // Thread 1 reads a clock 2 ms ahead: its holds seem to begin before thread 0 let go. The hand-off order is exact.
  const d = heatmapModel(gilTurns({ workers: 2, ms: 300, sliceMs: 5, perMs: 100, skew: [0, -2] }), { ...opts, strategy: 'threads', bucketMs: 10 });
  expect(Math.max(...d.busy)).toBeLessThanOrEqual(1);
  // The overlap is taken off the later hold (2 ms of every 10): a skew can lose time, never add a core.
  expect(d.meanBusy).toBeCloseTo(0.8, 1);
});

test('a free-threading run of 4 workers on 2 cores never shows more than 2 running at once; the rest waits for a core', () => {
  const events = [0, 1, 2, 3].flatMap((w) => computes(w, 0, 300, 100));
  const d = heatmapModel(events, { ...opts, workers: 4, bucketMs: 50 });
  expect(d.busy.every((b) => b === 2)).toBe(true);
  expect(d.limit).toBe(2);
  expect(d.shares.flat().every((s) => s === 0.5)).toBe(true);
  expect(d.waiting.flat().every((s) => s === 0.5)).toBe(true);
  expect(heatCells(d)[0]!.label).toBe('thread 0, 0 ms–50 ms: 50% of a core, waiting for a core 50%');
  expect(heatmapSummary({ ...d, wallMs: 300 })).toMatch(/^free-threading, 4 threads on 2 cores: on average 2\.00 cores busy over 300 ms \(peak 2\.00; at most 2: 2 cores\).*; runnable but waiting for a core: thread 0 0\.50, /);
});

test('free-threaded cores busy does not depend on the calibration: a rate three times too high still shows two busy cores', () => {
  const d = heatmapModel([...computes(0, 0, 200, 100), ...computes(1, 0, 200, 100)], { ...opts, unitsPerMs: 300 });
  expect(d.busy).toEqual([2, 2]);
});

test('subinterpreters keep at most one core per interpreter busy, and never more than the cores', () => {
  // Four interpreters, each with its own GIL, on a 2-core device.
  const four = heatmapModel(gilTurns({ workers: 4, ms: 200, sliceMs: 5, perMs: 100, gilOf: (w) => w }), { ...opts, strategy: 'subinterpreters', workers: 4 });
  expect(Math.max(...four.busy)).toBeLessThanOrEqual(2);
  expect(four.gils).toBe(4);
  // Two interpreters with two threads each, on 8 cores: two GILs, so at most 2.
  const two = heatmapModel(gilTurns({ workers: 4, ms: 200, sliceMs: 5, perMs: 100, gilOf: (w) => w % 2, skew: [0, 0, 1.5, -1.5] }), { ...opts, strategy: 'subinterpreters', workers: 4, cores: 8, bucketMs: 10 });
  expect(Math.max(...two.busy)).toBeLessThanOrEqual(2);
  expect(two.limit).toBe(2);
});

test('a worker that stops reporting progress (the OS took its core) is not counted as busy over the gap, but as waiting', () => {
  // Progress at 1-50 ms, nothing until 101, then every ms to 150: the gap is not work.
  const events = [...computes(0, 0, 50, 100), ...computes(0, 100, 150, 100, 5000).slice(1)];
  const d = heatmapModel(events, { ...opts, workers: 1, bucketMs: 50 });
  expect(d.shares).toEqual([[1, 0, 0.98]]);
  expect(d.waiting).toEqual([[0, 1, 0.02]]);
  // Under a GIL the same: a holder making no progress had the GIL but not a core.
  const held = [ev(0, 0, EventKind.GilAcquire, 0, 0), ...events, ev(150, 0, EventKind.GilDrop, 0, 1, DropReason.Done)].sort((a, b) => a.t - b.t);
  const gil = heatmapModel(held, { ...opts, strategy: 'threads', workers: 1, bucketMs: 50 });
  expect(gil.shares).toEqual([[1, 0, 0.98]]);
  expect(gil.waiting).toEqual([[0, 1, 0.02]]);
});

test('while running only whole buckets are shown; at the end a partial last bucket is scaled by the time it covers', () => {
  const events = computes(0, 0, 250, 100);
  expect(heatmapModel(events, { ...opts, workers: 1, running: true }).shares).toEqual([[1, 1]]);
  expect(heatmapModel(events, { ...opts, workers: 1 }).shares).toEqual([[1, 1, 1]]);
  // A sliver under a fifth of a bucket is left out rather than shown as noise.
  expect(heatmapModel(computes(0, 0, 210, 100), { ...opts, workers: 1 }).shares).toEqual([[1, 1]]);
});

test('a long run widens the bucket to a multiple of the one asked for, so the columns fit', () => {
  const d = heatmapModel(computes(0, 0, 3000, 100), { ...opts, workers: 1, bucketMs: 10 });
  expect(d.columnMs).toBe(30);
  expect(d.shares[0]!.length).toBeLessThanOrEqual(MAX_COLUMNS);
  expect(d.shares[0]!.every((s) => s === 1)).toBe(true);
});

test('before a run the axis spans the expected duration and every row is empty', () => {
  const d = heatmapModel([], { ...opts, unitsPerMs: null, minSpanMs: 2000 });
  expect(d.spanMs).toBe(2000);
  expect(d.shares).toEqual([[], []]);
  expect(heatmapSummary(d)).toBe('free-threading, 2 threads on 2 cores: not run yet.');
});

test('cells name their worker, time and share for hover; rows are named by what runs them', () => {
  const d = heatmapModel([...computes(0, 0, 200, 100), ...computes(1, 100, 200, 50)], { ...opts, strategy: 'multiprocessing' });
  expect(heatCells(d).map((c) => c.label)).toEqual([
    'process 0, 0 ms–100 ms: 100% of a core',
    'process 0, 100 ms–200 ms: 100% of a core',
    'process 1, 0 ms–100 ms: 0% of a core',
    'process 1, 100 ms–200 ms: 100% of a core',
  ]);
  expect([laneName('threads', 1), laneName('subinterpreters', 2), laneName('asyncio', 0)]).toEqual(['thread 1', 'interpreter 2', 'main thread']);
  expect(heatmapSummary({ ...d, wallMs: 200 })).toBe('multiprocessing, 2 processes on 2 cores: on average 1.50 cores busy over 200 ms (peak 2.00; at most 2: 2 cores); share of a core per worker: process 0 1.00, process 1 0.50.');
});
