import { cpuKernelOf, type CpuWorkload, type EngineMode, isPlausible, type Parallelism, STRATEGIES, type Strategy, type WarmReport } from '../engine/index.js';
import type { RunSpec } from '../engine/plan.js';
import { median, ratioEstimate, type Sampled, sampled } from '../stats.js';

// Measuring a speedup on the engine: a strategy's runs against sequential runs of the same work, in pairs, until the
// interval is tight. The speedup and compare widgets and the engine benchmark all measure through here.

/** One sequential run and one parallel run of the same work, measured back to back. */
export interface SpeedupPair {
  seqMs: number;
  wallMs: number;
}

/**
 * What measuring needs: runs and the engine's probes, already bound to whatever stops them (a widget's work
 * context is one, so is `bindSource(engineSource(engine))`).
 */
export interface Measuring {
  readonly host: { readonly cores: number };
  trace(spec: RunSpec): Promise<{ minWallMs: number; mode: EngineMode }>;
  readonly probes: {
    warmUp(kernel: CpuWorkload, workers: number): Promise<WarmReport>;
    calibrate(kernel: CpuWorkload): Promise<number>;
    checkRate(kernel: CpuWorkload): Promise<{ unitsPerMs: number }>;
    recalibrate(kernel: CpuWorkload): Promise<number>;
    probeParallelism(kernel: CpuWorkload): Promise<Parallelism>;
    measureStart(): Promise<number>;
  };
  /** Runs timed work with the page holding still (a widget's frames would take CPU from a parallel run). */
  quiet?<T>(timed: () => Promise<T>): Promise<T>;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The interval a speedup is measured to: its 95% interval within ±5%. */
export const TARGET_SPREAD = 0.05;
/** Wider than this after the budget is spent, a figure is shown as the device being noisy, not as the truth. */
export const NOISY_SPREAD = 0.1;

/** What became of a measured speedup. */
export type Verdict = 'steady' | 'wide' | 'noisy' | 'implausible';

export interface SpeedupMeasurement {
  pairs: SpeedupPair[];
  /** Geometric mean of the pairs' ratios, and half its 95% interval (null with one pair). */
  speedup: number;
  spread: number | null;
  low: number | null;
  high: number | null;
  verdict: Verdict;
  /** Runs that came out faster than possible and were measured again (after recalibrating). */
  redone: number;
  mode: EngineMode | null;
}

/** One timed run as the measurement sees it. */
export interface Timing {
  wallMs: number;
  /** The least wall time its work can take on this device (see RunResult.minWallMs). */
  minWallMs: number;
  mode: EngineMode;
}

/**
 * What the measurement needs from the engine; a seam, so tests can give it a clock and a device that misbehave.
 * `time` runs a spec and times it; `checkRate` re-checks the calibrated rate (recalibrating if it moved);
 * `recalibrate` measures it again from scratch.
 */
export interface Runner {
  time(spec: RunSpec): Promise<Timing>;
  checkRate(kernel: CpuWorkload): Promise<number>;
  recalibrate(kernel: CpuWorkload): Promise<number>;
  now(): number;
}

/**
 * The engine as a runner. Wall time runs from asking for a run until every result is back: for `multiprocessing`
 * that includes starting the processes and pickling, which Python pays too (the engine's `wallMs` starts after).
 */
export function engineRunner({ trace, probes, quiet = (timed) => timed() }: Measuring): Runner {
  return {
    async time(spec) {
      const { r, wallMs } = await quiet(async () => {
        const t0 = performance.now();
        const r = await trace(spec);
        return { r, wallMs: performance.now() - t0 };
      });
      // Terminated processes are torn down in the background; let that finish before the next run.
      if (STRATEGIES[spec.strategy].workers === 'fresh') await settle(150);
      return { wallMs, minWallMs: r.minWallMs, mode: r.mode };
    },
    checkRate: async (kernel) => (await probes.checkRate(kernel)).unitsPerMs,
    recalibrate: (kernel) => probes.recalibrate(kernel),
    now: () => performance.now(),
  };
}

export interface MeasureOptions {
  /** Time this figure may take, in ms; at least two pairs are measured whatever it says. */
  budgetMs: number;
  minPairs?: number;
  maxPairs?: number;
  signal?: AbortSignal;
  /** Called after each pair with the figure so far. */
  onPair?(m: SpeedupMeasurement): void;
}

const implausible = (t: Timing) => !isPlausible(t);

/** A speedup from its pairs, wherever they were timed (here, or in real Python by `record --speedups`). */
export const summarizePairs = (pairs: SpeedupPair[], mode: EngineMode | null = null): SpeedupMeasurement => summarize(pairs, 0, mode);

function summarize(pairs: SpeedupPair[], redone: number, mode: EngineMode | null, verdict?: Verdict): SpeedupMeasurement {
  const e = ratioEstimate(pairs.map((p) => p.seqMs / p.wallMs));
  const spread = Number.isFinite(e.spread) ? e.spread : null;
  const relative = Number.isFinite(e.relative) ? e.relative : Infinity;
  return {
    pairs,
    speedup: e.value,
    spread,
    low: Number.isFinite(e.low) ? e.low : null,
    high: Number.isFinite(e.high) ? e.high : null,
    verdict: verdict ?? (relative <= TARGET_SPREAD ? 'steady' : relative <= NOISY_SPREAD ? 'wide' : 'noisy'),
    redone,
    mode,
  };
}

/**
 * A speedup you can stand behind: sequential and strategy runs of the same work (exact units, sized from a rate
 * re-checked just before), interleaved ABBA (seq, strat, strat, seq, ...) so drift over seconds hits both sides
 * alike, repeated until the ratio's 95% interval is within ±5% or the budget is spent. A run faster than its work
 * can physically go on these cores means the rate was wrong: recalibrate and redo the pair once; if it happens
 * again the figure is marked implausible, never shown as a result.
 */
export async function measureSpeedup(
  runner: Runner,
  spec: { strategy: Strategy; workers: number; workload: CpuWorkload; seconds: number },
  o: MeasureOptions,
): Promise<SpeedupMeasurement> {
  // Four by default: two of each order (seq first, strategy first), and an interval from two pairs can look tight by
  // chance (two pairs agreeing to 0.1% once read "±0.00, 2 pairs" on screen).
  const minPairs = Math.max(2, o.minPairs ?? 4);
  const maxPairs = Math.max(minPairs, o.maxPairs ?? 24);
  const t0 = runner.now();
  const kernel = cpuKernelOf(spec.workload);
  const rate = await runner.checkRate(kernel);
  const units = Math.max(1, Math.round(spec.seconds * 1000 * rate));
  const seq: RunSpec = { strategy: 'sequential', workers: spec.workers, workload: spec.workload, units };
  const run: RunSpec = { strategy: spec.strategy, workers: spec.workers, workload: spec.workload, units };
  const pairs: SpeedupPair[] = [];
  let redone = 0;
  let mode: EngineMode | null = null;
  let slowest = 0;
  for (let i = 0; pairs.length < maxPairs; i++) {
    if (o.signal?.aborted) break;
    const p0 = runner.now();
    const first = i % 2 === 0 ? seq : run;
    const a = await runner.time(first);
    const b = await runner.time(first === seq ? run : seq);
    const [s, r] = first === seq ? [a, b] : [b, a];
    mode = r.mode;
    if (implausible(s) || implausible(r)) {
      if (redone > 0) return summarize(pairs, redone, mode, 'implausible');
      redone++;
      await runner.recalibrate(kernel);
      i--;
      continue;
    }
    pairs.push({ seqMs: s.wallMs, wallMs: r.wallMs });
    slowest = Math.max(slowest, runner.now() - p0);
    const m = summarize(pairs, redone, mode);
    o.onPair?.(m);
    if (pairs.length < minPairs) continue;
    if (m.verdict === 'steady') break;
    // Stop when another pair would overrun the budget.
    if (runner.now() - t0 + slowest > o.budgetMs) break;
  }
  return summarize(pairs, redone, mode);
}

export interface Preparation {
  parallelism: Parallelism;
  warmUp: WarmReport;
}

/**
 * Before anything is timed: every pooled worker that will take part (as `multiprocessing.Pool(n)` starts its
 * processes ahead) runs the kernel until its rate is steady, the rate is calibrated on them, and a short probe
 * measures how many cores are free right now. A short untimed run then exercises the run loop itself.
 */
export async function prepareSpeedup({ trace, probes, host }: Measuring, workload: CpuWorkload, workers: number): Promise<Preparation> {
  const kernel = cpuKernelOf(workload);
  const warmUp = await probes.warmUp(kernel, Math.max(workers, host.cores));
  await probes.calibrate(kernel);
  const parallelism = await probes.probeParallelism(kernel);
  await trace({ strategy: 'free-threading', workers, workload, seconds: 0.03 * workers, trace: false });
  return { parallelism, warmUp };
}

/** Time to start one worker (a process, in the Python model), in ms: the median of a few starts, with their range. */
export async function measureStartMs(probes: Pick<Measuring['probes'], 'measureStart'>, times = 3): Promise<Sampled> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) xs.push(await probes.measureStart());
  return sampled(xs);
}
