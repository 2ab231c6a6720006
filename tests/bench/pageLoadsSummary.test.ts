import { expect, test } from 'vitest';
import { agrees, benchAfter, neighbours, type PlacedBlock, pageLoadRows, parseHeatmapPeak, parseSpeedupCell, parseTimelineWall, strategyAgreement, strategyOfHeader, type LoadReading } from '../../src/bench/pageLoadsSummary.js';
import type { Strategy } from '../../src/engine/index.js';
import { COLUMN_LABEL, compareCell, initialCompare, type StampedMetric } from '../../src/widgets/compare/model.js';

/** The speedup cell the compare table itself writes for a measured metric. */
function cellText(strategy: 'threads' | 'multiprocessing-pool', m: Partial<StampedMetric>): string {
  const metric: StampedMetric = { key: `speedup:${strategy}`, label: '', value: 1, unit: 'x', workers: 2, at: 1, ...m };
  const column = strategy === 'threads' ? 'threads' : 'multiprocessing';
  return compareCell(initialCompare([column], [metric]), 'speedup', column).text;
}

/** A benchmark block whose pairs all give `ratio`, a little noisy. */
const block = (after: number, ratio: number, strategy: Strategy = 'free-threading'): PlacedBlock => ({
  after,
  cores: 2,
  available: 2,
  points: [{ strategy, workers: 2, speedup: ratio, spread: 0.01, verdict: 'steady', pairs: [0.99, 1, 1.01, 1].map((k) => ({ seqMs: 100 * ratio * k, wallMs: 100 })) }],
});

const load = (shown: string, wall = 2, peak = 1): LoadReading => ({ timelineWallS: wall, heatmapPeak: peak, compare: { 'free-threading': shown }, note: null });

test('reads every form of speedup cell the compare table writes: figure, stated ±, workers, pairs, pool, noisy, no interval, implausible', () => {
  expect(parseSpeedupCell(cellText('threads', { value: 0.98, spread: 0.034, pairs: 6, verdict: 'steady' }))).toEqual({ speedup: 0.98, spread: 0.03, workers: 2, pairs: 6, noisy: false });
  expect(parseSpeedupCell(cellText('multiprocessing-pool', { value: 1.8, spread: 0.2, pairs: 24, verdict: 'noisy', workers: 1 }))).toEqual({ speedup: 1.8, spread: 0.2, workers: 1, pairs: 24, noisy: true });
  expect(parseSpeedupCell(cellText('threads', { value: 1.5, spread: 2, pairs: 2 }))!).toMatchObject({ spread: Infinity });
  expect(parseSpeedupCell(cellText('threads', { value: 1.5, spread: null, pairs: 1 }))!).toMatchObject({ spread: null, pairs: 1 });
  expect(parseSpeedupCell(cellText('threads', { verdict: 'implausible' }))).toBe('implausible');
  expect(parseSpeedupCell('~1x: one thread runs Python at a time')).toBeNull();
  expect(strategyOfHeader(COLUMN_LABEL.multiprocessing)).toBe('multiprocessing-pool');
  expect(strategyOfHeader(COLUMN_LABEL.threads)).toBe('threads');
});

test('reads the timeline wall and the heatmap peak from their summaries', () => {
  expect(parseTimelineWall('free-threading, 4 threads on 2 cores: 2.03 s wall. Each worker was running 50% of the time.')).toBe(2.03);
  expect(parseHeatmapPeak('threads, 2 threads: on average 0.98 cores busy over 1.50 s (peak 1.00; at most 1: one GIL); share of a core per worker: thread 1 0.49.')).toBe(1);
  expect(parseTimelineWall('free-threading: running.')).toBeNull();
});

test('a shown figure agrees with the benchmark when their 95% intervals overlap (sum of both ±, plus the display rounding)', () => {
  const shown = (speedup: number, spread: number | null) => ({ speedup, spread, workers: 2, pairs: 6, noisy: false });
  expect(agrees(shown(1.8, 0.05), { speedup: 1.88, spread: 0.04 })).toBe(true);
  expect(agrees(shown(1.8, 0.05), { speedup: 1.92, spread: 0.04 })).toBe(false);
  // Outside the table's own ± but inside the benchmark's: the intervals still overlap.
  expect(agrees(shown(1.8, 0.02), { speedup: 1.86, spread: 0.04 })).toBe(true);
  // Beyond the sum of the two, the figures disagree, however wide the benchmark is on its own terms.
  expect(agrees(shown(1.8, 0.02), { speedup: 1.86, spread: 0.02 })).toBe(false);
  // No stated ± counts as none; a refused (implausible) or missing figure never agrees.
  expect(agrees(shown(1.8, null), { speedup: 1.83, spread: 0.01 })).toBe(false);
  expect(agrees('implausible', { speedup: 1.8, spread: 0.5 })).toBe(false);
  expect(agrees(null, { speedup: 1.8, spread: 0.5 })).toBe(false);
});

test('the benchmark runs before the first load, after every few loads and after the last', () => {
  expect(benchAfter(10, 2)).toEqual([-1, 1, 3, 5, 7, 9]);
  expect(benchAfter(10, 3)).toEqual([-1, 2, 5, 8, 9]);
  expect(benchAfter(1, 2)).toEqual([-1, 0]);
});

test('each load is judged against the benchmark blocks taken just before and after it, not a busy spell minutes away', () => {
  const blocks = [block(-1, 1.9), block(1, 1.9), block(3, 1.1), block(4, 1.1)];
  expect(neighbours(blocks, 0).map((b) => b.after)).toEqual([-1, 1]);
  expect(neighbours(blocks, 2).map((b) => b.after)).toEqual([1, 3]);
  expect(neighbours(blocks, 4).map((b) => b.after)).toEqual([3, 4]);
  const loads = [load('1.90x ±0.05 at 2 workers, 6 pairs'), load('1.89x ±0.05 at 2 workers, 6 pairs'), load('1.50x ±0.50 at 2 workers, 6 pairs'), load('1.12x ±0.05 at 2 workers, 6 pairs'), load('1.10x ±0.05 at 2 workers, 6 pairs')];
  const a = strategyAgreement(loads, blocks, 'free-threading', 2);
  expect(a.perLoad.map((p) => p.agrees)).toEqual([true, true, true, true, true]);
  expect(a.agreeing).toBe(5);
  // A load showing the quiet figure while the benchmark next to it saw a busy machine does not agree.
  expect(strategyAgreement([...loads.slice(0, 4), load('1.90x ±0.05 at 2 workers, 6 pairs')], blocks, 'free-threading', 2).agreeing).toBe(4);
});

test('the rows hold the targets: timeline wall max/min <= 1.15, heatmap peak <= 1, every load agreeing; a missing reading is not met', () => {
  const blocks = [block(-1, 1.9), block(1, 1.9)];
  const rows = (loads: LoadReading[]) => {
    const agreement = [strategyAgreement(loads, blocks, 'free-threading', 2)];
    return Object.fromEntries(pageLoadRows({ loads, blocks, agreement, loadavg: { before: 0.5, after: 1 } }).map((r) => [r.metric, r.ok]));
  };
  const fine = rows([load('1.90x ±0.05 at 2 workers, 6 pairs', 2, 1), load('1.88x ±0.05 at 2 workers, 6 pairs', 2.3, 0.99)]);
  expect(fine).toMatchObject({ 'FT timeline wall max/min': true, 'GIL heatmap peak, max': true, 'agree free-threading x2': true, 'free cores (probe), fewest seen': true });
  const bad = rows([load('1.90x ±0.05 at 2 workers, 6 pairs', 2, 1.01), load('implausible: device speed changed', 2.32, 1)]);
  expect(bad).toMatchObject({ 'FT timeline wall max/min': false, 'GIL heatmap peak, max': false, 'agree free-threading x2': false });
  const missing = rows([load('1.90x ±0.05 at 2 workers, 6 pairs'), { ...load('1.90x ±0.05 at 2 workers, 6 pairs'), timelineWallS: null, heatmapPeak: null }]);
  expect(missing).toMatchObject({ 'FT timeline wall max/min': false, 'GIL heatmap peak, max': false });
});

test('a miss is told apart when the table marked its figure noisy or the benchmark next to it was noisy', () => {
  const blocks = [block(-1, 1.9), block(1, 1.9)];
  const loads = [load('1.90x ±0.05 at 2 workers, 6 pairs'), load('1.40x ±0.20 at 2 workers, 12 pairs (noisy)'), load('1.40x ±0.05 at 2 workers, 6 pairs')];
  const agreement = [strategyAgreement(loads, blocks, 'free-threading', 2)];
  const row = pageLoadRows({ loads, blocks, agreement, loadavg: { before: 0, after: 0 } }).find((r) => r.metric === 'agree free-threading x2')!;
  expect(row).toMatchObject({ value: '1 of 3 loads (1 of 2 misses with a figure marked noisy)', ok: false });
  const noisyBench = [block(-1, 1.4), { ...block(1, 1.4), points: block(1, 1.4).points.map((p) => ({ ...p, verdict: 'noisy' as const })) }];
  const a = strategyAgreement([load('1.90x ±0.05 at 2 workers, 6 pairs')], noisyBench, 'free-threading', 2);
  expect(a.perLoad[0]).toMatchObject({ agrees: false, noisy: true });
});
