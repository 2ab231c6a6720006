/** The execution strategies the engine runs, each standing for one Python model. */
export const STRATEGIES = [
  'sequential',
  'threads',
  'free-threading',
  'subinterpreters',
  'multiprocessing',
  'multiprocessing-pool',
  'asyncio',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** CPU-bound kernels, plus the I/O-bound and mixed (convoy) tasks. */
export const WORKLOADS = ['countdown', 'primes', 'fib', 'mandelbrot', 'io', 'mixed'] as const;
export type Workload = (typeof WORKLOADS)[number];
