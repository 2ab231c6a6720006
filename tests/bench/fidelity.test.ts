import { expect, test } from 'vitest';
import { judgeRow, type Metric } from '../../src/bench/fidelity.js';

const metric = (m: Partial<Metric>): Metric => ({ metric: 'a row', digits: 2, target: 'ratio', cpython: [], gildeck: [], chromium: [], ...m });

test('a ratio row is met within 0.75-1.33 of CPython, and a miss carries its known reason for that side', () => {
  const whyMissed = { below: 'shorter, because', above: 'longer, because' };
  const met = judgeRow('x', metric({ cpython: [10, 11, 12], gildeck: [9, 10, 11], whyMissed }), ['gildeck']);
  expect(met.gildeck).toMatchObject({ median: 10, met: true });
  expect(met.gildeck.note).toBeUndefined();
  const low = judgeRow('x', metric({ cpython: [10, 11, 12], gildeck: [5, 6, 7], whyMissed }), ['gildeck']);
  expect(low.gildeck).toMatchObject({ met: false, note: 'shorter, because' });
  expect(low.chromium).toBeUndefined();
});

test("a range row is met inside CPython's range widened by 0.1, whatever the ratio of medians", () => {
  const row = judgeRow('share3', metric({ target: 'range', cpython: [0.3, 0.34, 0.4], gildeck: [0.2, 0.21, 0.22] }), ['gildeck']);
  expect(row.target).toBe('in 0.20-0.50');
  expect(row.gildeck.ratio).toBeLessThan(0.75);
  expect(row.gildeck.met).toBe(true);
});

test("in Chromium a row finer than its 5 us clock is reported, not judged; a row it did not run is blank", () => {
  const gap = judgeRow('gap-awake', metric({ cpython: [3, 3.4], gildeck: [2.5, 2.6], chromium: [5, 5], belowChromiumClock: true }), ['gildeck', 'chromium']);
  expect(gap.gildeck.met).toBe(true);
  expect(gap.chromium).toMatchObject({ median: 5, met: null });
  expect(gap.chromium?.info).toMatch(/5 us/);
  const recorderOnly = judgeRow('rec-slice5', metric({ cpython: [5.1], gildeck: [5.1] }), ['gildeck', 'chromium']);
  expect(recorderOnly.chromium).toMatchObject({ met: null, values: [] });
});
