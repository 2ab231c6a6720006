/** CPU-bound kernels, plus the I/O-bound and mixed (convoy) tasks. */
export const WORKLOADS = ['countdown', 'primes', 'fib', 'mandelbrot', 'io', 'mixed'] as const;
export type Workload = (typeof WORKLOADS)[number];
