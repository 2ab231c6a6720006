import { expect, test } from 'vitest';
import { judgeRow, type Metric } from '../../src/bench/fidelity.js';

const metric = (m: Partial<Metric>): Metric => ({ metric: 'a row', digits: 2, target: 'ratio', cpython: [], control: [], gildeck: [], chromium: [], ...m });

test('a ratio row is met within 0.75-1.33 of CPython, and a miss carries its known reason for that side', () => {
  const whyMissed = { below: 'shorter, because', above: 'longer, because' };
  const met = judgeRow('x', metric({ cpython: [10, 11, 12], gildeck: [9, 10, 11], whyMissed }), ['gildeck']);
  expect(met.gildeck).toMatchObject({ median: 10, met: true });
  expect(met.gildeck.note).toBeUndefined();
  const low = judgeRow('x', metric({ cpython: [10, 11, 12], gildeck: [5, 6, 7], whyMissed }), ['gildeck']);
  expect(low.gildeck).toMatchObject({ met: false, note: 'shorter, because' });
  expect(low.chromium).toBeUndefined();
});

test("a ratio row stays a ratio row when CPython reproduces its own median within the band", () => {
  const row = judgeRow('x', metric({ cpython: [10, 11, 12], control: [12, 13, 14], gildeck: [7, 8, 8] }), ['gildeck']);
  expect(row.rule).toBe('ratio');
  expect(row.control.ratio).toBeCloseTo(13 / 11);
  expect(row.agreement).toBe(1);
  expect(row.gildeck.met).toBe(false);
  expect(row.why).toBeUndefined();
});

test("CPython's figure is the median of all its runs, first and control, which bracket gildeck's run in every round", () => {
  // Against the first runs alone (3.0) gildeck's 4.2 would miss (1.4); CPython's own control read 3.6 (self 1.2).
  const row = judgeRow('x', metric({ cpython: [3, 3, 3], control: [3.6, 3.6, 3.6], gildeck: [4.2, 4.2, 4.2] }), ['gildeck']);
  expect(row.rule).toBe('ratio');
  expect(row.cpython).toMatchObject({ median: 3.3, min: 3, max: 3.6 });
  expect(row.first.median).toBe(3);
  expect(row.control.ratio).toBeCloseTo(1.2);
  expect(row.gildeck.ratio).toBeCloseTo(4.2 / 3.3);
  expect(row.gildeck.met).toBe(true);
  // A range row's range is all CPython's runs too.
  const share = judgeRow('share3', metric({ target: 'range', cpython: [0.3, 0.32], control: [0.36, 0.4], gildeck: [0.45] }), ['gildeck']);
  expect(share.target).toBe('in 0.20-0.50');
  expect(share.gildeck.met).toBe(true);
});

test("when CPython does not reproduce its own median, gildeck is judged against where CPython's own medians land, and the row says why", () => {
  // CPython's runs: 2, 3, 20, 21, 25 and 30 us. A median of 3 of them lands anywhere from 2 to 30 (95% of draws),
  // so gildeck's 2.5 (a ratio of 0.12 to CPython's 20.5) is what CPython itself could have shown.
  const m = metric({ digits: 1, cpython: [2, 3, 20], control: [21, 25, 30], gildeck: [2.4, 2.5, 2.6] });
  const row = judgeRow('gap', m, ['gildeck']);
  expect(row.rule).toBe('spread');
  expect(row.agreement).toBeLessThan(0.9);
  expect(row.target).toBe('in 2.0-30.0');
  expect(row.gildeck.met).toBe(true);
  expect(row.why).toMatch(/^CPython does not reproduce this median to 0\.75-1\.33 at 3 rounds: the median of 3 of its 6 runs .* lands inside that band of the median of all in \d+% of draws \(its control runs' median against its first runs': 8\.33\), .* where 95% of those medians land \(2\.0-30\.0\)/);
  // Outside even that: a miss, with the side's reason.
  const below = judgeRow('gap', { ...m, gildeck: [1, 1.2, 1.4], whyMissed: { below: 'faster, because' } }, ['gildeck']);
  expect(below.gildeck).toMatchObject({ met: false, note: 'faster, because' });
  // Rows without a control (the recorder against the emulation) are ratio rows as before.
  expect(judgeRow('rec-slice5', metric({ cpython: [5], gildeck: [9] }), ['gildeck']).rule).toBe('ratio');
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

test("a control that measured nothing, or a CPython median of 0, never loosens the judgement; no CPython figures, no verdict", () => {
  const nan = judgeRow('x', metric({ cpython: [10, 11], control: [NaN], gildeck: [5] }), ['gildeck']);
  expect(nan.rule).toBe('ratio');
  expect(nan.gildeck.met).toBe(false);
  expect(judgeRow('x', metric({ cpython: [0, 0], control: [1], gildeck: [0] }), ['gildeck']).rule).toBe('ratio');
  expect(judgeRow('x', metric({ cpython: [], gildeck: [5] }), ['gildeck']).gildeck.met).toBeNull();
});

test("one lucky split does not make a scattered row a ratio row: how often CPython reproduces its median decides", () => {
  // An I/O call beside two CPU threads, per round: the control's median happens to match the first runs' (self
  // 1.0), but a median of 6 of these 12 runs lands within 0.75-1.33 of the median of all only some of the time.
  const m = metric({ digits: 1, cpython: [8, 56, 26, 10, 31, 46], control: [15, 41, 21, 51, 12, 36], gildeck: [44, 40, 52, 31, 45, 41] });
  const row = judgeRow('convoy2-1', m, ['gildeck']);
  expect(row.control.ratio).toBeCloseTo(1.0, 0);
  expect(row.rule).toBe('spread');
  // gildeck's 42.5 is 1.49 of CPython's 28.5, but inside where CPython's own medians of 6 runs land (12-46).
  expect(row.target).toBe('in 12.0-46.0');
  expect(row.gildeck.met).toBe(true);
  // A figure beyond that misses: the fallback is no looser than CPython itself.
  expect(judgeRow('convoy2-1', { ...m, gildeck: [49, 40, 62, 31, 55, 47] }, ['gildeck']).gildeck.met).toBe(false);
  // The same gildeck figures against a CPython that reproduces itself are held to the band, and miss.
  const steady = judgeRow('convoy2-1', { ...m, cpython: [26, 27, 26, 28, 27, 26], control: [27, 26, 28, 27, 26, 27] }, ['gildeck']);
  expect(steady.rule).toBe('ratio');
  expect(steady.gildeck.met).toBe(false);
});
