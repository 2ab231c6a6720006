import { expect, test } from 'vitest';
import type { RunSpec } from '../../src/engine/plan.js';
import { measureSpeedup, type Runner, type Timing } from '../../src/measure/speedup.js';
import { initialSpeedup, pointText, seriesOf, speedupMetrics, speedupSummary, withMeasurement } from '../../src/widgets/speedup/model.js';
import { compareCell, initialCompare, measuredMetric } from '../../src/widgets/compare/model.js';

/**
 * A fake device: runs take `wall(spec, i)` ms on a fake clock; the rate is `rate` units/ms and a run's least
 * possible wall time is its units over the rate and the cores the strategy can use.
 */
function fakeRunner(o: { wall: (spec: RunSpec, i: number) => number; rate?: () => number; cores?: number }) {
  let clock = 0;
  const log: string[] = [];
  let recalibrations = 0;
  let checks = 0;
  const cores = o.cores ?? 2;
  const runner: Runner = {
    async time(spec): Promise<Timing> {
      const wallMs = o.wall(spec, log.length);
      log.push(spec.strategy === 'sequential' ? 'A' : 'B');
      clock += wallMs;
      const lanes = spec.strategy === 'sequential' || spec.strategy === 'threads' ? 1 : Math.min(cores, spec.workers);
      return { wallMs, minWallMs: spec.units! / (lanes * (o.rate?.() ?? 1000)), mode: 'shared-memory' };
    },
    async checkRate() {
      checks++;
      clock += 30;
      return o.rate?.() ?? 1000;
    },
    async recalibrate() {
      recalibrations++;
      clock += 150;
      return o.rate?.() ?? 1000;
    },
    now: () => clock,
  };
  return { runner, log, stats: () => ({ recalibrations, checks }) };
}

const spec = { strategy: 'free-threading' as const, workers: 2, workload: 'primes' as const, seconds: 0.25 };

test('pairs are interleaved (seq, strat, strat, seq, ...) and the figure carries its spread and pair count', async () => {
  // Noisy but honest: 250 ms sequential, about 130 ms with two workers, drifting.
  const f = fakeRunner({ wall: (s, i) => (s.strategy === 'sequential' ? 250 : 130) * (1 + 0.04 * Math.sin(i * 1.7)) });
  const m = await measureSpeedup(f.runner, spec, { budgetMs: 20_000 });
  expect(m.pairs.length).toBeGreaterThanOrEqual(2);
  expect(f.log.join('')).toBe(m.pairs.map((_, k) => (k % 2 ? 'BA' : 'AB')).join(''));
  expect(m.spread).not.toBeNull();
  expect(m.low!).toBeLessThan(m.speedup);
  expect(m.high!).toBeGreaterThan(m.speedup);
  expect(m.speedup).toBeGreaterThan(1.7);
  expect(m.speedup).toBeLessThan(2.1);
  expect(m.verdict).toBe('steady');
  expect(m.spread! / m.speedup).toBeLessThanOrEqual(0.05);
  // The rate was re-checked before the measured runs.
  expect(f.stats().checks).toBe(1);
  const d = withMeasurement(initialSpeedup({ strategies: ['free-threading'], workload: 'primes', cores: 2, maxWorkers: 2, serialFraction: 0.05, seconds: 0.25 }), 'free-threading', 2, m, true);
  expect(pointText(d.points[0]!)).toMatch(/^\d\.\d\dx ±0\.\d\d, \d+ pairs$/);
  expect(speedupMetrics(d)[0]).toMatchObject({ spread: m.spread, pairs: m.pairs.length, verdict: 'steady' });
});

test('a device that stays noisy uses its budget, then says so instead of presenting the number as the truth', async () => {
  const f = fakeRunner({ wall: (s, i) => (s.strategy === 'sequential' ? 250 : 130 * (Math.floor(i / 2) % 3 ? 0.9 : 1.6)) });
  const m = await measureSpeedup(f.runner, spec, { budgetMs: 3000 });
  // Stopped by the budget: the clock passed it by no more than one pair.
  expect(f.runner.now()).toBeLessThan(3000 + 2 * 400);
  expect(m.verdict).toBe('noisy');
  const d = withMeasurement(initialSpeedup({ strategies: ['free-threading'], workload: 'primes', cores: 2, maxWorkers: 2, serialFraction: 0.05, seconds: 0.25 }), 'free-threading', 2, m, true);
  expect(speedupSummary(d)).toContain('The device is noisy');
  expect(pointText(d.points[0]!)).toContain('device noisy, not a reliable figure');
});

test('a run faster than physically possible is redone once after recalibrating; if it stays impossible it is never a result', async () => {
  // 250 ms of work at 1000 units/ms on 2 cores cannot finish in under 125 ms; this device claims 40 ms.
  const f = fakeRunner({ wall: (s) => (s.strategy === 'sequential' ? 250 : 40) });
  const m = await measureSpeedup(f.runner, spec, { budgetMs: 20_000 });
  expect(f.stats().recalibrations).toBe(1);
  expect(m.verdict).toBe('implausible');
  expect(m.pairs).toHaveLength(0);
  const d = withMeasurement(initialSpeedup({ strategies: ['free-threading'], workload: 'primes', cores: 2, maxWorkers: 2, serialFraction: 0.05, seconds: 0.25 }), 'free-threading', 2, m, true);
  expect(seriesOf(d, 'free-threading')).toEqual([]);
  expect(pointText(d.points[0]!)).toBe('implausible: device speed changed');
  expect(speedupSummary(d)).toContain('free-threading implausible: device speed changed');
  expect(speedupSummary(d)).not.toMatch(/free-threading \d/);
  // In the final table it is the notice, not a number.
  const metric = measuredMetric({ kind: 'speedup', key: 'speedup:free-threading', strategy: 'free-threading', workers: 2 }, m.speedup, 1, { ...m, available: 2, cores: 2 });
  expect(compareCell(initialCompare(['free-threading'], [metric]), 'speedup', 'free-threading').text).toBe('implausible: device speed changed');
});

test('a run that was impossible only because the rate moved is redone after recalibrating and then counts', async () => {
  // The calibrated rate was too low (a cold JIT): runs sized from it finish faster than it says is possible;
  // recalibrated, the same runs are plausible. The device really does 1000 units/ms, 1.92 cores' worth with two.
  let rate = 300;
  const f = fakeRunner({ wall: (s) => s.units! / 1000 / (s.strategy === 'sequential' ? 1 : 1.92), rate: () => rate });
  const runner = { ...f.runner, recalibrate: async (k: Parameters<Runner['recalibrate']>[0]) => ((rate = 1000), f.runner.recalibrate(k)) };
  const m = await measureSpeedup(runner, spec, { budgetMs: 20_000 });
  expect(m.redone).toBe(1);
  expect(m.verdict).toBe('steady');
  expect(m.speedup).toBeCloseTo(1.92, 5);
});

test('without a stated minimum a figure rests on at least four pairs, two of each order: two pairs that agree by chance do not end it', async () => {
  // A perfectly steady device: any two pairs agree exactly, so an interval from two pairs would read ±0.00.
  const f = fakeRunner({ wall: (s) => (s.strategy === 'sequential' ? 250 : 130) });
  const m = await measureSpeedup(f.runner, spec, { budgetMs: 20_000 });
  expect(m.pairs.length).toBe(4);
  expect(f.log.join('')).toBe('ABBAABBA');
});
