import type { CpuWorkload } from '../../engine/kernels.js';
import { STRATEGY_NAMES } from '../../engine/index.js';
import { attr, defineWidget } from '../attributes.js';

/** Speedup is about CPU-bound work: the I/O-bound and mixed workloads are left out. */
const CPU_BOUND: readonly CpuWorkload[] = ['countdown', 'primes', 'fib', 'mandelbrot'];

export const speedup = defineWidget({
  name: 'speedup',
  summary: 'Measured speedup against worker count for chosen strategies, with the ideal line and an Amdahl curve.',
  attributes: {
    strategies: attr.list(STRATEGY_NAMES, ['threads', 'free-threading', 'multiprocessing-pool'], 'Which strategies to measure.'),
    workload: attr.choice(CPU_BOUND, 'primes', 'What each worker computes (CPU-bound).'),
    'max-workers': attr.int(0, 32, 0, 'Largest worker count to measure; 0 means twice the device\'s cores. Measured at 1, powers of two, the core count and this.'),
    duration: attr.number(0.05, 30, 0.25, 'Seconds of single-core work per point (split across the workers); the sequential run it is compared with does the same.'),
    repeat: attr.int(1, 24, 4, 'Least pairs per point (never under 2, so a spread can be stated; the default 4 holds two of each order: sequential and strategy runs interleaved seq, strat, strat, seq); more are run until the 95% interval is within ±5% or the budget is spent.'),
    budget: attr.number(1, 600, 30, 'Seconds the whole chart may take: each point gets an equal share of what is left. A point whose interval stays wider than ±10% is shown as the device being noisy.'),
    'serial-fraction': attr.number(0, 1, 0.05, 'Serial fraction for the Amdahl curve (a model, labelled as such).'),
  },
});
