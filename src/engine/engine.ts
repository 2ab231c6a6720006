import { Calibration, type RateCheck, type WarmReport } from './calibration.js';
import { startRun, type RunHandle, type RunOptions } from './execute.js';
import type { WorkerHost } from './host.js';
import type { CpuWorkload } from './kernels.js';
import type { RunSpec } from './plan.js';
import { WorkerPool } from './pool.js';
import { measureSharing, measureStart, type Parallelism, probeParallelism } from './probes.js';

/**
 * Runs workloads on real workers under each strategy's rules and records what happens. One engine per page or
 * process: it keeps a pool of started workers (Python threads start in ~100 us; a worker takes milliseconds,
 * which only `multiprocessing` should pay) and calibrates each kernel once. Every call that does work takes an
 * optional AbortSignal; once it aborts, the call rejects with `Cancelled` (name 'AbortError') and the workers it
 * was using are ended.
 */
export class Engine {
  private readonly pool: WorkerPool;
  private readonly calibration: Calibration;

  constructor(readonly host: WorkerHost) {
    this.pool = new WorkerPool(host);
    this.calibration = new Calibration(this.pool);
  }

  /** Workers currently alive (started and not terminated). */
  get aliveWorkers(): number {
    return this.pool.alive;
  }

  /** Starts `n` pooled workers ahead of time, as `multiprocessing.Pool(n)` does; returns how long that took. */
  warm(n: number, signal?: AbortSignal): Promise<number> {
    return this.pool.fill(n, signal);
  }

  /**
   * Warms `n` pooled workers for a kernel (starting any that are missing): each runs it until its rate is steady,
   * so a timed run never meets a worker whose JIT is still settling.
   */
  async warmUp(kernel: CpuWorkload, n: number, signal?: AbortSignal): Promise<WarmReport> {
    const slots = await this.pool.take(n, false, signal);
    try {
      return await this.calibration.warmSlots(slots, kernel, signal);
    } finally {
      this.pool.release(slots);
    }
  }

  /**
   * Units per ms of a kernel on one core of this device, measured after warm-up and kept until a check finds it
   * moved (see `checkRate`). Callers share one measurement; it stops once every caller waiting for it has aborted.
   */
  calibrate(kernel: CpuWorkload, signal?: AbortSignal): Promise<number> {
    return this.calibration.calibrate(kernel, signal);
  }

  /** Re-checks the calibrated rate before a measured run (the device's speed drifts); recalibrates if it moved. */
  async checkRate(kernel: CpuWorkload, signal?: AbortSignal): Promise<RateCheck> {
    await this.calibration.calibrate(kernel, signal);
    const slots = await this.pool.take(1, false, signal);
    try {
      return await this.calibration.checkOn(slots[0]!, kernel, signal);
    } finally {
      this.pool.release(slots);
    }
  }

  /** Measures the rate again from scratch on the warmed pool (after a run came out faster than possible). */
  async recalibrate(kernel: CpuWorkload, signal?: AbortSignal): Promise<number> {
    const slots = await this.pool.take(Math.max(1, Math.min(this.host.cores, this.pool.idleCount)), false, signal);
    try {
      return await this.calibration.recalibrateOn(slots, kernel, signal);
    } finally {
      this.pool.release(slots);
    }
  }

  /** How much parallelism is free right now (see probes.ts). ~0.35 s. */
  probeParallelism(kernel: CpuWorkload = 'primes', signal?: AbortSignal): Promise<Parallelism> {
    return probeParallelism(this.pool, this.calibration, kernel, signal);
  }

  /** How long starting one worker takes (spawn to ready), in ms: what a new process costs here. */
  measureStart(signal?: AbortSignal): Promise<number> {
    return measureStart(this.pool, signal);
  }

  /** How long until a worker can use `bytes` of data copied, transferred or shared (see probes.ts). In ms. */
  measureSharing(bytes: number, mode: 'copy' | 'transfer' | 'shared', signal?: AbortSignal): Promise<number> {
    return measureSharing(this.pool, bytes, mode, signal);
  }

  /** Starts a run; see `RunProgress` for what `onProgress` is fed and when. */
  run(spec: RunSpec, options?: RunOptions): RunHandle {
    return startRun({ pool: this.pool, calibration: this.calibration }, spec, options);
  }

  /**
   * Terminates the idle pool (workers in a run are left alone). A widget calls this when its slide is left, so
   * no worker outlives the demo that started it; the next run starts fresh ones.
   */
  releaseIdle(): Promise<void> {
    return this.pool.releaseIdle();
  }

  /** Terminates every worker; the engine cannot be used afterwards. Node needs this to exit. */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}

