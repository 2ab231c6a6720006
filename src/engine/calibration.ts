// How fast a kernel runs on one core of this device: warm the workers until their rate is steady, time short
// windows, keep the rate per kernel, and re-check it before measured runs (the device's speed drifts).
import { SharedWork } from './abort.js';
import type { Slot } from './channel.js';
import type { CpuWorkload } from './kernels.js';
import type { WorkerPool } from './pool.js';
import type { FromWorker } from './protocol.js';
import { WARM_DEFAULTS } from './worker/calibrate.js';
import { quantile } from '../stats.js';

export interface WarmReport {
  workers: number;
  ms: number;
  /** Workers whose rate was still changing when the warm-up's time ran out. */
  unsteady: number;
}

/** The single-core rate of a kernel after a check. */
export interface RateCheck {
  unitsPerMs: number;
  /** The rate before this check, when the check moved it by more than RATE_TOLERANCE. */
  previous: number | null;
  recalibrated: boolean;
}

/** A measured rate and when (performance.now()); `at` is set to -Infinity to have it checked before the next run. */
interface Rate {
  unitsPerMs: number;
  at: number;
}

/** Calibration: short windows on each warmed worker in turn, this long in all. */
const CALIBRATE_MS = 150;
/** Re-checking the rate before a run: this long on one worker; recalibrate if it moved more than the tolerance. */
const CHECK_MS = 30;
const RATE_TOLERANCE = 0.05;
/** A rate checked this recently is trusted for the next run without another check. */
const RECHECK_AFTER_MS = 1000;

const isWarmed = (kernel: CpuWorkload) => (m: FromWorker): m is Extract<FromWorker, { type: 'warmed' }> => m.type === 'warmed' && m.kernel === kernel;
const isCalibrated = (kernel: CpuWorkload) => (m: FromWorker): m is Extract<FromWorker, { type: 'calibrated' }> => m.type === 'calibrated' && m.kernel === kernel;

export class Calibration {
  /** One measurement per kernel, shared by every caller waiting for it. */
  private rates = new Map<CpuWorkload, SharedWork<Rate>>();

  constructor(private readonly pool: WorkerPool) {}

  /** Runs the kernel on each slot not yet warm for it until its rate is steady, all at once. */
  async warmSlots(slots: Slot[], kernel: CpuWorkload, signal?: AbortSignal): Promise<WarmReport> {
    const cold = slots.filter((s) => !s.warm.has(kernel));
    if (!cold.length) return { workers: 0, ms: 0, unsteady: 0 };
    const t0 = performance.now();
    const answers = await this.pool.ask(cold, { type: 'warm', kernel, ...WARM_DEFAULTS }, isWarmed(kernel), signal);
    for (const s of cold) s.warm.add(kernel);
    return { workers: cold.length, ms: performance.now() - t0, unsteady: answers.filter((a) => !a.steady).length };
  }

  /** The rate of each short window on each slot in turn (one at a time, so each has a core to itself). */
  private async windowsOn(slots: Slot[], kernel: CpuWorkload, ms: number, signal?: AbortSignal): Promise<number[]> {
    const out: number[] = [];
    for (const slot of slots) {
      const [a] = await this.pool.ask([slot], { type: 'calibrate', kernel, ms: ms / slots.length }, isCalibrated(kernel), signal);
      out.push(...a!.windows);
    }
    return out;
  }

  /** Measures on warmed slots: a high percentile of their short windows, the speed of one core left alone. */
  private async measureOn(slots: Slot[], kernel: CpuWorkload, signal?: AbortSignal): Promise<Rate> {
    await this.warmSlots(slots, kernel, signal);
    return { unitsPerMs: quantile(await this.windowsOn(slots, kernel, CALIBRATE_MS, signal), 0.9), at: performance.now() };
  }

  private keep(kernel: CpuWorkload, rate: Rate): number {
    this.rates.set(kernel, SharedWork.of(rate));
    return rate.unitsPerMs;
  }

  /**
   * Units per ms of a kernel on one core of this device, measured after warm-up on up to `cores` warmed workers
   * and kept until a check finds it moved. Callers share one measurement; it stops once all who wait have aborted.
   */
  calibrate(kernel: CpuWorkload, signal?: AbortSignal): Promise<number> {
    let work = this.rates.get(kernel);
    if (!work || work.abandoned) {
      const started = new SharedWork(async (s) => {
        const slots = await this.pool.take(Math.max(1, Math.min(this.pool.warmIdle(kernel), this.pool.host.cores)), false, s);
        try {
          return await this.measureOn(slots, kernel, s);
        } finally {
          this.pool.release(slots);
        }
      });
      this.rates.set(kernel, started);
      started.promise.catch(() => this.rates.get(kernel) === started && this.rates.delete(kernel));
      work = started;
    }
    return work.join(signal).then((r) => r.unitsPerMs);
  }

  /** Measures the rate again from scratch on `slots` (after a run came out faster than possible). */
  async recalibrateOn(slots: Slot[], kernel: CpuWorkload, signal?: AbortSignal): Promise<number> {
    return this.keep(kernel, await this.measureOn(slots, kernel, signal));
  }

  /** A quick check of the calibrated rate on a warm slot; a rate that moved more than 5% is measured again. */
  async checkOn(slot: Slot, kernel: CpuWorkload, signal?: AbortSignal): Promise<RateCheck> {
    const old = await this.calibrate(kernel, signal);
    await this.warmSlots([slot], kernel, signal);
    const quick = quantile(await this.windowsOn([slot], kernel, CHECK_MS, signal), 0.9);
    if (Math.abs(quick / old - 1) <= RATE_TOLERANCE) {
      this.keep(kernel, { unitsPerMs: old, at: performance.now() });
      return { unitsPerMs: old, previous: null, recalibrated: false };
    }
    return { unitsPerMs: await this.recalibrateOn([slot], kernel, signal), previous: old, recalibrated: true };
  }

  /** The calibrated rate, re-checked on `slot` unless that was done within the last second. */
  async freshRate(slot: Slot, kernel: CpuWorkload, signal?: AbortSignal): Promise<RateCheck> {
    const cached = this.rates.get(kernel);
    const r = cached && !cached.abandoned ? await cached.join(signal).catch(() => null) : null;
    if (r && performance.now() - r.at < RECHECK_AFTER_MS) return { unitsPerMs: r.unitsPerMs, previous: null, recalibrated: false };
    if (!r) return { unitsPerMs: await this.recalibrateOn([slot], kernel, signal), previous: null, recalibrated: false };
    return this.checkOn(slot, kernel, signal);
  }

  /** Faster than possible: the rate is wrong (the device sped up), so the next run re-checks it before trusting it. */
  distrust(kernel: CpuWorkload): void {
    void this.rates.get(kernel)?.promise.then((r) => (r.at = -Infinity)).catch(() => undefined);
  }
}
