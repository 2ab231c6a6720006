import { expect, test } from 'vitest';
import { median, medianReproduction, quantile, ratioEstimate, t95 } from '../src/stats.js';

test('quantiles interpolate between order statistics, whatever the input order', () => {
  expect(quantile([3, 1, 2, 4], 0)).toBe(1);
  expect(quantile([3, 1, 2, 4], 1)).toBe(4);
  expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
  expect(median([5, 1, 3])).toBe(3);
  expect(quantile([10, 20], 0.9)).toBeCloseTo(19);
  expect(quantile([], 0.5)).toBeNaN();
});

test('one convention for every p50 and p99: q is a fraction, clamped, interpolated; no values give NaN', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
  expect(quantile(hundred, 0.5)).toBe(50.5);
  expect(quantile(hundred, 0.99)).toBeCloseTo(99.01, 12);
  expect(quantile([3, 1, 2, 10, 4, 5, 6, 7, 8, 9], 0.99)).toBeCloseTo(9.91, 12);
  // A percent where a fraction belongs is clamped to the maximum, never read as a 50x quantile.
  expect(quantile([1, 2, 3], 50)).toBe(3);
  expect(quantile([1, 2, 3], -1)).toBe(1);
  expect(median([1, 2, 3, 4])).toBe(2.5);
  expect(median([7])).toBe(7);
  expect(median([])).toBeNaN();
});

test('a ratio from pairs: the geometric mean, with a 95% t-interval that narrows as agreeing pairs add up', () => {
  const two = ratioEstimate([1.9, 2.0]);
  expect(two.value).toBeCloseTo(Math.sqrt(1.9 * 2.0), 12);
  expect(two.pairs).toBe(2);
  expect(two.low).toBeLessThan(1.9);
  expect(two.high).toBeGreaterThan(2.0);
  const six = ratioEstimate([1.9, 2.0, 1.9, 2.0, 1.9, 2.0]);
  expect(six.relative).toBeLessThan(two.relative);
  expect(six.spread).toBeCloseTo((six.high - six.low) / 2, 12);
  // Ratios are symmetric in logs: r and 1/r give the same relative spread.
  expect(ratioEstimate([0.5, 0.55]).relative).toBeCloseTo(ratioEstimate([2, 1 / 0.55]).relative, 12);
  const one = ratioEstimate([1.93]);
  expect(one.value).toBe(1.93);
  expect(one.spread).toBeNaN();
  expect(ratioEstimate([]).pairs).toBe(0);
});

test('the t quantile falls from 12.7 with one degree of freedom towards 1.96', () => {
  expect(t95(1)).toBeCloseTo(12.706);
  expect(t95(5)).toBeCloseTo(2.571);
  const xs = [1, 2, 5, 10, 20, 25, 40, 80, 200].map(t95);
  expect(xs.every((x, i) => i === 0 || x <= xs[i - 1]!)).toBe(true);
  expect(t95(1000)).toBe(1.96);
});

test('a median of n measurements reproduces within a band always when they agree, rarely when they scatter, the same way each time', () => {
  const band = [0.75, 1.33] as const;
  // Within 10% of each other: any median of 3 of them is within the band of the median of all.
  const steady = medianReproduction([10, 10.5, 11, 10.2, 10.8, 9.9], 3, band);
  expect(steady.agreement).toBe(1);
  expect(steady.low).toBeGreaterThanOrEqual(9.9);
  expect(steady.high).toBeLessThanOrEqual(11);
  // A row that moves in 5 ms steps between runs (8 to 56 ms, as an I/O call beside two CPU threads does): a median of
  // 6 often lands outside 0.75-1.33 of the median of all, and where 95% of such medians land is wide.
  const convoy = [8, 56, 26, 10, 31, 46, 15, 41, 21, 51, 12, 36];
  const r = medianReproduction(convoy, 6, band);
  expect(r.agreement).toBeGreaterThan(0.2);
  expect(r.agreement).toBeLessThan(0.8);
  expect(r.low).toBeLessThan(20);
  expect(r.high).toBeGreaterThan(40);
  // ...but narrower than all the runs' range: a median of 6 does not land on the extremes.
  expect(r.low).toBeGreaterThan(8);
  expect(r.high).toBeLessThan(56);
  // Seeded: the same values give the same answer.
  expect(medianReproduction(convoy, 6, band)).toEqual(r);
  expect(medianReproduction([], 3, band).agreement).toBeNaN();
  expect(medianReproduction([0, 0, 1], 3, band).agreement).toBeNaN();
});
