import { expect, test } from 'vitest';
import { countLine, lostUpdates, RACE_MODE_NAMES, raceBars, raceKey, raceInitial, raceSpec, raceSummary, type RaceData, underGil } from '../../../src/widgets/race/model.js';

const finished: RaceData = {
  workers: 4,
  increments: 1000,
  mode: 'shared-memory',
  rows: [
    { mode: 'free-threading', expected: 4000, actual: 2500, wallMs: 10 },
    { mode: 'free-threading-lock', expected: 4000, actual: 4000, wallMs: 80 },
    { mode: 'threads', expected: 4000, actual: 4000, wallMs: 20 },
  ],
};

test('each mode is the same counter loop: free-threading without a lock, with one, and under the GIL', () => {
  expect(raceSpec('free-threading', 4, 1000)).toMatchObject({ strategy: 'free-threading', workers: 4, counter: { increments: 1000, lock: false } });
  expect(raceSpec('free-threading-lock', 4, 1000)).toMatchObject({ strategy: 'free-threading', counter: { lock: true } });
  expect(raceSpec('threads', 4, 1000)).toMatchObject({ strategy: 'threads', counter: { lock: false } });
});

test('before a run every row expects workers x increments and has counted nothing', () => {
  const d = raceInitial(3, 500, ['threads', 'free-threading']);
  expect(d.rows.map((r) => [r.mode, r.expected, r.actual])).toEqual([['threads', 1500, null], ['free-threading', 1500, null]]);
  expect(lostUpdates(d.rows[0]!)).toBeNull();
  expect(countLine(d.rows[0]!)).toBe('expected 1,500');
  expect(raceSummary(d)).toBe('3 threads will each add 1 to one shared counter 500 times.');
});

test('lost updates are what the workers added minus what the counter holds, as a count and a share', () => {
  expect(lostUpdates(finished.rows[0]!)).toEqual({ count: 1500, pct: 37.5 });
  expect(lostUpdates(finished.rows[1]!)).toEqual({ count: 0, pct: 0 });
  expect(countLine(finished.rows[0]!)).toBe('2,500 of 4,000 · lost 1,500 (37.5%)');
});

test('bars split the expected width into counted and lost; wall bars are relative to the slowest mode', () => {
  const [ft, lock, gil] = raceBars(finished, 400);
  expect([ft!.actualW, ft!.lostW]).toEqual([250, 150]);
  expect([lock!.actualW, lock!.lostW]).toEqual([400, 0]);
  expect([ft!.wallW, lock!.wallW, gil!.wallW]).toEqual([50, 400, 100]);
  expect(raceBars(raceInitial(2, 1000, ['threads']), 400)[0]).toEqual({ mode: 'threads', actualW: 0, lostW: 0, wallW: 0 });
});

test('the summary names each mode, its count and time, and says the GIL guarantees nothing', () => {
  expect(raceSummary(finished)).toBe(
    '4 threads × 1,000 increments. free-threading, no lock: 2,500 of 4,000 counted, 1,500 lost (37.5%) in 10 ms; ' +
      'free-threading, with a Lock: all 4,000 counted in 80 ms; threads under the GIL, no lock: all 4,000 counted in 20 ms. ' +
      'Under the GIL nothing guarantees a clean count: x += 1 is not atomic.',
  );
});

test('only a run under a GIL (as the strategy table has it) carries the caveat that a clean count is luck', () => {
  expect(RACE_MODE_NAMES.filter(underGil)).toEqual(['threads']);
  const free = { ...finished, rows: finished.rows.filter((r) => !underGil(r.mode)) };
  expect(raceSummary(free)).not.toContain('Under the GIL');
  expect(raceSummary(finished)).toContain('Under the GIL nothing guarantees a clean count');
});

test("a mode's metric key names its strategy and its Lock, as the compare table reads it", () => {
  expect(RACE_MODE_NAMES.map(raceKey)).toEqual(['race:free-threading', 'race:free-threading-lock', 'race:threads']);
});
