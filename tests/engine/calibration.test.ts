import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Cancelled, type Engine } from '../../src/engine/index.js';
import type { Kernel } from '../../src/engine/kernels.js';
import { warmUntilSteady, windowFor } from '../../src/engine/worker/calibrate.js';
import { nodeEngine } from '../support/engine.js';

/** A kernel on a fake clock: each unit advances the clock by 1 / rate(t) ms. */
function fakeDevice(rate: (t: number) => number): { kernel: Kernel; now: () => number } {
  let t = 0;
  return {
    now: () => t,
    kernel: {
      run(units) {
        t += units / rate(t);
        return units;
      },
    },
  };
}

const options = { minMs: 300, maxMs: 2000, stepMs: 50, tolerance: 0.03, windowMs: windowFor(0.005) };

test('warm-up stops once two consecutive windows agree within 3%, and not before the minimum', () => {
  // The JIT settles after 400 ms: the rate climbs from 2k to 10k units/ms, then stays.
  const { kernel, now } = fakeDevice((t) => (t < 400 ? 2000 + 20 * t : 10_000));
  const r = warmUntilSteady(kernel, now, options);
  expect(r.steady).toBe(true);
  expect(r.ms).toBeGreaterThanOrEqual(400);
  expect(r.ms).toBeLessThan(600);
  const fast = fakeDevice(() => 10_000);
  const quick = warmUntilSteady(fast.kernel, fast.now, options);
  expect(quick.steady).toBe(true);
  expect(quick.ms).toBeGreaterThanOrEqual(300);
  expect(quick.ms).toBeLessThan(400);
});

test('a rate that never settles (re-optimisation cycles) ends the warm-up at its bound, saying so', () => {
  const { kernel, now } = fakeDevice((t) => (Math.floor(t / 50) % 2 ? 6000 : 9000));
  const r = warmUntilSteady(kernel, now, options);
  expect(r.steady).toBe(false);
  expect(r.ms).toBeGreaterThanOrEqual(2000);
  expect(r.ms).toBeLessThan(2100);
});

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

test('every pooled worker of a run is warmed once before it, and the run states the least wall time its work can take', async () => {
  const first = await engine.run({ strategy: 'threads', workers: 2, workload: 'primes', seconds: 0.05 }).result;
  expect(first.warmUp.workers).toBe(2);
  expect(first.warmUp.ms).toBeGreaterThanOrEqual(300);
  const again = await engine.run({ strategy: 'free-threading', workers: 2, workload: 'primes', seconds: 0.1 }).result;
  expect(again.warmUp.workers).toBe(0);
  // Free-threading spreads 100 ms of work over up to 2 cores: at least 50 ms at the calibrated rate.
  expect(again.minWallMs).toBeCloseTo(100 / Math.min(2, engine.host.cores), 0);
  expect(again.wallMs).toBeGreaterThan(again.minWallMs * 0.9);
  expect(again.plausible).toBe(true);
  // Under one GIL the same work cannot go faster than one core.
  const gil = await engine.run({ strategy: 'threads', workers: 2, workload: 'primes', seconds: 0.1 }).result;
  expect(gil.minWallMs).toBeCloseTo(100, 0);
});

test('the calibrated rate is re-checked on demand and kept when it has not moved', async () => {
  const rate = await engine.calibrate('primes');
  expect(rate).toBeGreaterThan(0);
  const check = await engine.checkRate('primes');
  expect(check.unitsPerMs).toBeGreaterThan(0);
  if (!check.recalibrated) expect(check.unitsPerMs).toBe(rate);
  else expect(check.previous).toBe(rate);
});

test('the parallelism probe finds fewer free cores while another process spins on one', async () => {
  const cores = engine.host.cores;
  const hog = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const probes = [];
    for (let i = 0; i < 3; i++) probes.push(await engine.probeParallelism('primes'));
    for (const p of probes) {
      expect(p.cores).toBe(cores);
      expect(p.together).toHaveLength(cores);
      expect(p.available).toBeGreaterThan(0);
      expect(p.available).toBeLessThanOrEqual(cores);
    }
    // Generous: N workers and the hog share N cores, so about N - N/(N+1) is free (1.33 of 2).
    const available = probes.map((p) => p.available).sort((a, b) => a - b)[1]!;
    if (cores > 1) expect(available).toBeLessThan(cores - 0.25);
  } finally {
    hog.kill();
  }
});

test('a probe stopped by its signal rejects as cancelled and leaves no spinning worker behind', async () => {
  const abort = new AbortController();
  const before = engine.aliveWorkers;
  const probe = engine.probeParallelism('fib', abort.signal);
  setTimeout(() => abort.abort(), 100);
  await expect(probe).rejects.toBeInstanceOf(Cancelled);
  expect(engine.aliveWorkers).toBeLessThanOrEqual(before);
});

test('a calibration and a warm-up stopped by their signal reject as cancelled and end the workers they were using', async () => {
  await engine.releaseIdle();
  const abort = new AbortController();
  // mandelbrot: not calibrated by any test before, so this one starts the measurement.
  const calibration = engine.calibrate('mandelbrot', abort.signal);
  const warmUp = engine.warmUp('countdown', 2, abort.signal);
  setTimeout(() => abort.abort(), 100);
  await expect(calibration).rejects.toBeInstanceOf(Cancelled);
  await expect(warmUp).rejects.toBeInstanceOf(Cancelled);
  // Busy in their warm-up loops, they could not read a cancel message: they were terminated.
  await expect.poll(() => engine.aliveWorkers).toBe(0);
});
