import { expect, test } from 'vitest';
import { probeParallelism } from '../../src/engine/probes.js';
import type { Calibration } from '../../src/engine/calibration.js';
import type { WorkerPool } from '../../src/engine/pool.js';

/**
 * A 2-core pool whose workers spin at 1 unit/ms alone; together each gets `share(n)` of a core, n counting the
 * together-phases so far (3 a reading).
 */
function pool(share: (n: number) => number) {
  let together = 0;
  const fake = {
    host: { cores: 2 },
    take: async (n: number) => Array.from({ length: n }, (_, i) => ({ id: i })),
    release: () => undefined,
    ask: async (on: unknown[], msg: { kernel: string; ms: number }) => {
      const rate = on.length > 1 ? share(together++) : 1;
      return on.map(() => ({ type: 'spun', kernel: msg.kernel, units: rate * msg.ms, ms: msg.ms }));
    },
  };
  return { pool: fake as unknown as WorkerPool, phases: () => together };
}
const calibration = { warmSlots: async () => ({ workers: 0, ms: 0, unsteady: 0 }) } as unknown as Calibration;

test('a burst that outlasts the second reading (workers being torn down) is not believed either', async () => {
  const p = pool((n) => (n < 6 ? 0.55 : 1));
  const r = await probeParallelism(p.pool, calibration, 'primes');
  expect(p.phases()).toBe(9);
  expect(r.available).toBeCloseTo(2);
});

test('a reading of busy cores that does not last is taken again and not believed', async () => {
  // Something held a core during the first reading only (a slide transition, the browser's own work).
  const p = pool((n) => (n < 3 ? 0.5 : 1));
  const r = await probeParallelism(p.pool, calibration, 'primes');
  expect(p.phases()).toBe(6);
  expect(r.available).toBeCloseTo(2);
});

test('another program that holds a core through both readings is reported', async () => {
  const p = pool(() => 0.6);
  const r = await probeParallelism(p.pool, calibration, 'primes');
  expect(p.phases()).toBe(9);
  expect(r.available).toBeCloseTo(1.2);
});

test('free cores are read once', async () => {
  const p = pool(() => 1);
  const r = await probeParallelism(p.pool, calibration, 'primes');
  expect(p.phases()).toBe(3);
  expect(r.available).toBeCloseTo(2);
});
