// How a worker measures its own speed: warm the kernel until its rate stops changing, time it in short windows,
// and spin for the parallelism probe. Kernel and clock are passed in, so the loops run under a fake clock in tests.
import type { Kernel } from '../kernels.js';
import { median, quantile } from '../../stats.js';

export type Clock = () => number;

/**
 * Work per kernel call, about 50 us: the kernel's loop is what warms. A run calls it in ~0.5 us steps between looks
 * at the eval breaker (run.ts), which costs 4-7% of the kernel's throughput here (a sequential run planned at 500 ms
 * lasts 530-570 ms), the same in every strategy: speedups are unchanged, and the floor a run is checked against
 * (the calibrated rate) is only further away.
 */
const SLICE_MS = 0.05;

/** The smallest step of the clock (browsers coarsen it to 5-100 us), found by reading it until it moves. */
export function clockStep(now: Clock): number {
  let smallest = Infinity;
  for (let i = 0; i < 5; i++) {
    const a = now();
    let b = now();
    while (b === a) b = now();
    smallest = Math.min(smallest, b - a);
  }
  return smallest;
}

/**
 * A window short enough to fall between two preemptions (1 ms), but at least 50 clock steps, so a coarse clock
 * (100 us without cross-origin isolation) cannot skew a window's rate by more than ~2%.
 */
export const windowFor = (step: number): number => Math.max(1, 50 * step);

/** Runs the kernel for `ms`, in slices, and returns the rate (units/ms) of each window of `windowMs`. */
export function windowRates(kernel: Kernel, now: Clock, ms: number, windowMs: number, state: { slice: number }): number[] {
  const rates: number[] = [];
  const end = now() + ms;
  for (let t = now(); t < end; ) {
    const w0 = t;
    let units = 0;
    while (t - w0 < windowMs) {
      kernel.run(state.slice);
      units += state.slice;
      t = now();
    }
    const rate = units / (t - w0);
    rates.push(rate);
    // Keep each call about one slice long as the rate becomes known (it grows as the JIT optimizes).
    state.slice = Math.max(1, Math.round(rate * SLICE_MS));
  }
  return rates;
}

export interface WarmOptions {
  /** Warm at least this long, even when steady sooner. */
  minMs: number;
  /** Give up after this long and say the rate never steadied. */
  maxMs: number;
  /** Length of the windows compared. */
  stepMs: number;
  /** Two consecutive windows whose rates differ by at most this fraction are steady. */
  tolerance: number;
  windowMs: number;
}

export const WARM_DEFAULTS: Omit<WarmOptions, 'windowMs'> = { minMs: 300, maxMs: 2000, stepMs: 50, tolerance: 0.03 };

export interface WarmResult {
  steady: boolean;
  ms: number;
  /** Each step's rate: the median of its short windows (preemption by other programs lowers only a few). */
  rates: number[];
}

/**
 * Runs the kernel until its speed stops changing: the JIT compiles, re-optimizes (OSR, deopts) and settles at a
 * different moment in each worker, and a timed run on half-warm code is slower for reasons Python never has.
 */
export function warmUntilSteady(kernel: Kernel, now: Clock, o: WarmOptions, state = { slice: 1 }): WarmResult {
  const t0 = now();
  const rates: number[] = [];
  for (;;) {
    const rate = median(windowRates(kernel, now, o.stepMs, o.windowMs, state));
    rates.push(rate);
    const ms = now() - t0;
    const prev = rates[rates.length - 2];
    if (prev !== undefined && ms >= o.minMs && Math.abs(rate / prev - 1) <= o.tolerance) return { steady: true, ms, rates };
    if (ms >= o.maxMs) return { steady: false, ms, rates };
  }
}

/** A high percentile of short windows: the speed of one core when nothing else took it. */
export const peakRate = (rates: readonly number[]): number => quantile(rates, 0.9);

/** Runs the kernel flat out for `ms` and counts the units: one lane of the parallelism probe. */
export function spin(kernel: Kernel, now: Clock, ms: number, slice: number): { units: number; ms: number } {
  const t0 = now();
  let units = 0;
  let t = t0;
  while (t - t0 < ms) {
    kernel.run(slice);
    units += slice;
    t = now();
  }
  return { units, ms: t - t0 };
}
