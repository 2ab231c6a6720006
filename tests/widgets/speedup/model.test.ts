import { expect, test } from 'vitest';
import {
  amdahlSpeedup,
  busyNote,
  headlineWorkers,
  idealSpeedup,
  initialSpeedup,
  modelLines,
  resolveMaxWorkers,
  seriesOf,
  speedupMetrics,
  speedupSummary,
  spreadLabels,
  withPair,
  workerCounts,
} from '../../../src/widgets/speedup/model.js';

const base = (cores: number, maxWorkers = 0) => initialSpeedup({ strategies: ['threads', 'free-threading'], workload: 'primes', cores, maxWorkers, serialFraction: 0.05, seconds: 0.25 });

test('max-workers 0 means twice the cores; counts are 1, powers of two, the cores and the maximum', () => {
  expect(resolveMaxWorkers(0, 2)).toBe(4);
  expect(resolveMaxWorkers(3, 16)).toBe(3);
  expect(workerCounts(4, 2)).toEqual([1, 2, 4]);
  expect(workerCounts(32, 16)).toEqual([1, 2, 4, 8, 16, 32]);
  expect(workerCounts(12, 6)).toEqual([1, 2, 4, 6, 8, 12]);
  expect(workerCounts(3, 16)).toEqual([1, 2, 3]);
  expect(workerCounts(1, 1)).toEqual([1]);
  expect(base(2).counts).toEqual([1, 2, 4]);
});

test('the ideal line stops at the cores, and Amdahl is capped by the cores too', () => {
  expect([1, 2, 3, 4].map((n) => idealSpeedup(n, 2))).toEqual([1, 2, 2, 2]);
  expect(amdahlSpeedup(1, 8, 0.05)).toBeCloseTo(1);
  expect(amdahlSpeedup(2, 2, 0.05)).toBeCloseTo(1 / (0.05 + 0.95 / 2));
  expect(amdahlSpeedup(4, 2, 0.05)).toBe(amdahlSpeedup(2, 2, 0.05));
  expect(amdahlSpeedup(8, 8, 0)).toBeCloseTo(8);
  const lines = modelLines(base(2));
  expect(lines.ideal).toEqual([[1, 1], [2, 2], [3, 2], [4, 2]]);
  expect(lines.amdahl.every(([n, s]) => s <= idealSpeedup(n, 2) + 1e-12)).toBe(true);
});

test('a point is the geometric mean of its pairs\' ratios (sequential over strategy wall time), with its 95% interval', () => {
  let d = withPair(base(2), 'free-threading', 2, { seqMs: 200, wallMs: 100 });
  expect(d.points[0]!.speedup).toBe(2);
  expect(d.points[0]!.spread).toBeNull();
  d = withPair(d, 'free-threading', 2, { seqMs: 210, wallMs: 105 });
  d = withPair(d, 'free-threading', 2, { seqMs: 190, wallMs: 100 });
  expect(d.points).toHaveLength(1);
  const p = d.points[0]!;
  expect(p.speedup).toBeCloseTo(Math.cbrt(2 * 2 * 1.9), 10);
  expect(p.low!).toBeLessThan(p.speedup);
  expect(p.high!).toBeGreaterThan(p.speedup);
  expect(p.spread).toBeCloseTo((p.high! - p.low!) / 2, 10);
  d = withPair(d, 'free-threading', 1, { seqMs: 100, wallMs: 100 });
  expect(seriesOf(d, 'free-threading').map((p) => p.workers)).toEqual([1, 2]);
  expect(JSON.parse(JSON.stringify(d))).toEqual(d);
});

test('a busy device is said, and the ideal line and the caption use the cores that were free', () => {
  const d = { ...base(2), available: 1.32 };
  expect(busyNote(d)).toBe('1.3 of 2 cores free: another program is busy');
  expect(busyNote({ ...d, available: 1.93 })).toBeNull();
  expect(modelLines(d).ideal).toEqual([[1, 1], [2, 1.32], [3, 1.32], [4, 1.32]]);
  const measured = withPair(withPair(d, 'free-threading', 2, { seqMs: 200, wallMs: 150 }), 'free-threading', 2, { seqMs: 200, wallMs: 152 });
  expect(speedupSummary(measured)).toMatch(/^1\.3 of 2 cores free: another program is busy\. Speedup at 2 workers/);
  expect(speedupSummary(measured)).toContain('modelled: ideal 1.32x');
  expect(speedupMetrics(measured)[0]).toMatchObject({ available: 1.32, cores: 2 });
});

test('the compared number is at the largest measured count the cores can run at once', () => {
  let d = base(2);
  expect(headlineWorkers(d)).toBeNull();
  expect(speedupMetrics(d)).toEqual([]);
  for (const n of [1, 2, 4]) d = withPair(withPair(d, 'threads', n, { seqMs: 100, wallMs: 100 }), 'threads', n, { seqMs: 100, wallMs: 100 });
  d = withPair(d, 'free-threading', 2, { seqMs: 190, wallMs: 100 });
  expect(headlineWorkers(d)).toBe(2);
  expect(speedupMetrics({ ...d, startupMs: 40 })).toEqual([
    { key: 'speedup:threads', label: 'threads speedup at 2 workers', value: 1, unit: 'x', workers: 2, spread: 0, pairs: 2 },
    { key: 'speedup:free-threading', label: 'free-threading speedup at 2 workers', value: 1.9, unit: 'x', workers: 2, spread: null, pairs: 1 },
    { key: 'startup:multiprocessing', label: 'starting one worker process', value: 40, unit: 'ms' },
  ]);
  expect(speedupSummary(d)).toBe(
    'Speedup at 2 workers on 2 cores, each against a sequential run of the same work (95% interval): threads 1.00x ±0.00, 2 pairs; free-threading 1.90x, 1 pair; modelled: ideal 2.00x, Amdahl (5% serial) 1.90x.',
  );
  expect(speedupSummary({ ...d, startupMs: 31.26 })).toMatch(/ A worker process started in 31\.3 ms\.$/);
});

test('end labels are pushed apart, keep their order and stay inside the plot', () => {
  expect(spreadLabels([100, 300], 20, 0, 400)).toEqual([100, 300]);
  expect(spreadLabels([100, 105, 102], 20, 0, 400)).toEqual([100, 140, 120]);
  const squeezed = spreadLabels([395, 398, 399], 20, 0, 400);
  expect(squeezed).toEqual([360, 380, 400]);
});
