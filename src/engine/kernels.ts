import type { Workload } from './names.js';

/**
 * A CPU-bound kernel that can be run in small slices, so a worker can check its eval breaker between slices
 * like CPython does between bytecodes. `run(units)` does that many units of work and returns a checksum so the
 * JIT cannot discard it.
 */
export interface Kernel {
  run(units: number): number;
}

export type CpuWorkload = Exclude<Workload, 'io' | 'mixed'>;

/** The Python each kernel stands for; the slides show it next to the widget. */
export const PYTHON_SOURCE: Record<CpuWorkload, string> = {
  countdown: `def countdown(n):
    while n > 0:
        n -= 1`,
  primes: `def count_primes(start, stop):
    count = 0
    for n in range(start, stop):
        if n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1)):
            count += 1
    return count`,
  fib: `def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)`,
  mandelbrot: `def mandelbrot_row(y, width, height, max_iter=200):
    row = []
    for x in range(width):
        c = complex(3.5 * x / width - 2.5, 2.0 * y / height - 1.0)
        z, i = 0j, 0
        while abs(z) <= 2 and i < max_iter:
            z, i = z * z + c, i + 1
        row.append(i)
    return row`,
};

/** `while n > 0: n -= 1`; one unit is 1,000 decrements. */
function countdown(): Kernel {
  let sink = 0;
  return {
    run(units) {
      let n = units * 1000;
      while (n > 0) n -= 1;
      return (sink = (sink + n + units) | 0);
    },
  };
}

/**
 * Trial-division prime counting over a narrow window that restarts, so every unit costs about the same (a wide
 * window would make later units dearer, and runs that do more units per task slower per unit). One unit is one
 * number tested.
 */
function primes(): Kernel {
  let next = 100_000;
  let count = 0;
  return {
    run(units) {
      for (let u = 0; u < units; u++) {
        const n = next;
        next = next >= 110_000 ? 100_000 : next + 1;
        let prime = n > 1;
        for (let d = 2; d * d <= n; d++) {
          if (n % d === 0) {
            prime = false;
            break;
          }
        }
        if (prime) count++;
      }
      return count;
    },
  };
}

/** Recursive fib(18); one unit is one call of fib(18) (about 8,000 calls). */
function fib(): Kernel {
  const f = (n: number): number => (n < 2 ? n : f(n - 1) + f(n - 2));
  let sink = 0;
  return {
    run(units) {
      for (let u = 0; u < units; u++) sink = (sink + f(18)) | 0;
      return sink;
    },
  };
}

/** Mandelbrot rows of a 160x120 image, 200 iterations max; one unit is one pixel. */
function mandelbrot(): Kernel {
  const width = 160;
  const height = 120;
  let pixel = 0;
  let sink = 0;
  return {
    run(units) {
      for (let u = 0; u < units; u++) {
        const x = pixel % width;
        const y = Math.floor(pixel / width) % height;
        pixel = (pixel + 1) % (width * height);
        const cr = (3.5 * x) / width - 2.5;
        const ci = (2 * y) / height - 1;
        let zr = 0;
        let zi = 0;
        let i = 0;
        while (zr * zr + zi * zi <= 4 && i < 200) {
          const t = zr * zr - zi * zi + cr;
          zi = 2 * zr * zi + ci;
          zr = t;
          i++;
        }
        sink = (sink + i) | 0;
      }
      return sink;
    },
  };
}

const FACTORIES: Record<CpuWorkload, () => Kernel> = { countdown, primes, fib, mandelbrot };

export function createKernel(workload: CpuWorkload): Kernel {
  return FACTORIES[workload]();
}

export const CPU_WORKLOADS = Object.keys(FACTORIES) as CpuWorkload[];

/** The kernel that does the CPU part of a workload; I/O-bound and mixed tasks compute primes between waits. */
export const cpuKernelOf = (w: Workload): CpuWorkload => (w === 'io' || w === 'mixed' ? 'primes' : w);
