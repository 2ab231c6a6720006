import { expect, test } from 'vitest';
import { EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { heatCells, heatmapModel, heatmapSummary, MAX_COLUMNS, unitsPerColumn, workerName } from '../../../src/widgets/heatmap/model.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0): TraceEvent => ({ t, worker, kind, a, b: 0, c: 0 });
/** A worker computing at `perMs` units per ms from `from` to `to`, reporting every ms as the engine does. */
function computes(worker: number, from: number, to: number, perMs: number, startUnits = 0): TraceEvent[] {
  const out = [ev(from, worker, EventKind.TaskStart)];
  for (let t = from + 1; t <= to; t++) out.push(ev(t, worker, EventKind.Progress, startUnits + (t - from) * perMs));
  return out;
}
const opts = { strategy: 'free-threading', workers: 2, mode: 'shared-memory' as const, unitsPerMs: 100, bucketMs: 100, running: false };

test('a worker computing at the calibrated rate fills a whole core; an idle one none; cores busy adds them up', () => {
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
  const turns: TraceEvent[] = [ev(0, 0, EventKind.TaskStart), ev(0, 1, EventKind.TaskStart)];
  const units = [0, 0];
  for (let slice = 0; slice < 40; slice++) {
    const w = slice % 2;
    for (let ms = 1; ms <= 5; ms++) turns.push(ev(slice * 5 + ms, w, EventKind.Progress, (units[w]! += 100)));
  }
  const gil = heatmapModel(turns, { ...opts, strategy: 'threads' });
  expect(gil.shares).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  expect(gil.meanBusy).toBe(1);
});

test('work reported after a wait is placed just before the report, at the calibrated rate, not spread over the wait', () => {
  // One ms of work at 0-1, then a long wait for the GIL, then one more ms of work reported at 150.
  const events = [ev(0, 0, EventKind.TaskStart), ev(1, 0, EventKind.Progress, 100), ev(150, 0, EventKind.Progress, 200)];
  expect(unitsPerColumn(events, 1, 100, 0, 100, 2)).toEqual([[100, 100]]);
  // More units than the calibrated rate allows in the gap (a core running faster): spread over the whole gap.
  expect(unitsPerColumn([ev(0, 0, EventKind.TaskStart), ev(99.5, 0, EventKind.Progress, 9950), ev(100.5, 0, EventKind.Progress, 10150)], 1, 100, 0, 100, 2)).toEqual([[10050, 100]]);
});

test('units are conserved: every unit reported lands in exactly one column', () => {
  const events = [...computes(0, 3, 377, 37), ...computes(1, 50, 260, 11)];
  const cols = unitsPerColumn(events, 2, 40, 0, 25, 16);
  expect(cols[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(374 * 37);
  expect(cols[1]!.reduce((a, b) => a + b, 0)).toBeCloseTo(210 * 11);
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
  expect(heatmapSummary(d)).toBe('free-threading, 2 workers: not run yet.');
});

test('cells name their worker, time and share for hover; rows are named by what runs them', () => {
  const d = heatmapModel([...computes(0, 0, 200, 100), ...computes(1, 0, 200, 50)], { ...opts, strategy: 'multiprocessing' });
  expect(heatCells(d).map((c) => c.label)).toEqual([
    'process 0, 0 ms–100 ms: 100% of a core',
    'process 0, 100 ms–200 ms: 100% of a core',
    'process 1, 0 ms–100 ms: 50% of a core',
    'process 1, 100 ms–200 ms: 50% of a core',
  ]);
  expect([workerName('threads', 1), workerName('subinterpreters', 2), workerName('asyncio', 0)]).toEqual(['thread 1', 'interpreter 2', 'main thread']);
  expect(heatmapSummary({ ...d, wallMs: 200 })).toBe('multiprocessing, 2 workers: on average 1.50 cores busy over 0.20 s (peak 1.50); share of a core per worker: process 0 1.00, process 1 0.50.');
});
