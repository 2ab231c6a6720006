import { STRATEGY_NAMES } from './strategies.js';

export type { Strategy } from './strategies.js';
/**
 * @deprecated The list of strategy names, kept for importers not yet moved to `STRATEGY_NAMES` (strategies.ts,
 * where `STRATEGIES` is the table itself).
 */
export const STRATEGIES = STRATEGY_NAMES;

/** CPU-bound kernels, plus the I/O-bound and mixed (convoy) tasks. */
export const WORKLOADS = ['countdown', 'primes', 'fib', 'mandelbrot', 'io', 'mixed'] as const;
export type Workload = (typeof WORKLOADS)[number];
