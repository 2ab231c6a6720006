import { expect, test } from 'vitest';
import { type SoakSample, type SoakTotals, slope, soakVerdict } from '../../src/bench/soakSummary.js';

const totals: SoakTotals = { minutes: 30, paceMs: 1500, slideChanges: 900, recoveries: 0, maxLateMs: 40, workersBetweenDemos: 0, betweenChecks: 300, consoleErrors: [], watchdogStops: 0 };
const samples = (heapAt: (minute: number) => number): SoakSample[] =>
  Array.from({ length: 61 }, (_, i) => ({ minute: i / 2, heapMb: heapAt(i / 2), nodes: 2000, listeners: 80, engineWorkers: 0, browserWorkers: 0, slide: i % 40, advances: i * 15 }));

test('the slope is least squares, per unit of x', () => {
  expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBe(2);
  expect(slope([1], [5])).toBe(0);
});

test('a flat heap meets the target; one growing 6 MB an hour does not', () => {
  expect(soakVerdict(samples(() => 4), totals).targets.every((t) => t.ok)).toBe(true);
  const growing = soakVerdict(samples((m) => 4 + m / 10), totals);
  expect(growing.heapSlopeMbPerHour).toBeCloseTo(6, 5);
  expect(growing.targets.find((t) => t.metric.startsWith('heap slope'))!.ok).toBe(false);
});

test('the first pass through the deck (its first 5 minutes) is left out of the trend', () => {
  // Calibration and stored results fill the heap once, early: not a leak.
  const v = soakVerdict(samples((m) => (m < 5 ? 2 + m / 2 : 4.5)), totals);
  expect(v.heapSlopeMbPerHour).toBeCloseTo(0, 5);
  expect(v.fitted).toBe(51);
});

test('a worker alive between demos, a step two paces late, a console error or a reload each miss their target', () => {
  const missed = (t: Partial<SoakTotals>) => soakVerdict(samples(() => 4), { ...totals, ...t }).targets.filter((x) => !x.ok).map((x) => x.metric);
  expect(missed({ workersBetweenDemos: 1 })).toEqual(['workers on slides without demos (max)']);
  expect(missed({ betweenChecks: 0 })).toEqual(['workers on slides without demos (max)']);
  expect(missed({ maxLateMs: 3001 })).toEqual(['latest step against its due time']);
  expect(missed({ consoleErrors: ['x'] })).toEqual(['console errors']);
  expect(missed({ recoveries: 1 })).toEqual(['reloads after a frozen page']);
});
