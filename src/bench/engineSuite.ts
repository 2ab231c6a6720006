import { forcedSlicesMs, gilOverlaps, handoffsUs, ioReacquireUs } from '../engine/analysis.js';
import type { CpuWorkload, Engine, Strategy } from '../engine/index.js';
import type { RunSpec } from '../engine/plan.js';
import { engineSource } from '../widgets/source.js';
import { engineRunner, measureSpeedup, prepareSpeedup, type Verdict } from '../measure/speedup.js';
import { bindSource } from '../widgets/work.js';
import { median, quantile, ratioEstimate } from '../stats.js';
import type { SpeedupPair } from '../measure/speedup.js';

/** The engine benchmark's results; the same shape from Node worker_threads and from Chromium. */
export interface EngineBench {
  env: { runtime: string; cores: number; sharedMemory: boolean };
  /** The fewest cores' worth free seen by the probe (before each worker count), and the warm-up's outcome. */
  parallelism: { available: number; cores: number; unsteadyWorkers: number; warmUpMs: number };
  /** Speedups measured as the widgets measure them: ABBA pairs until ±5% or the budget; `spread` is half the 95% interval. */
  scaling: Array<{ strategy: Strategy; workload: string; workers: number; wallMs: number; speedup: number; spread: number | null; pairs: number; verdict: Verdict }>;
  gil: { switchIntervalMs: number; sliceMs: Stat; handoffUs: Stat; overlaps: number };
  convoy: Array<{ cpuWorkers: number; ioLatencyUs: Stat }>;
  costs: { workerStartMs: number; copy10MBMs: number; transfer10MBMs: number; share10MBMs: number };
  /** What recording the trace costs a run's wall time, %, with half its 95% interval over `pairs` ABBA pairs. */
  traceOverhead: { pct: number; spreadPct: number; pairs: number };
}

export interface Stat {
  p50: number;
  p99: number;
}

export interface SuiteOptions {
  /** Seconds of single-core work per scaling run (split across workers). */
  seconds?: number;
  repeats?: number;
  log?: (line: string) => void;
}

const stat = (xs: number[]): Stat => ({ p50: median(xs), p99: quantile(xs, 0.99) });

export const SCALING_STRATEGIES: Strategy[] = ['threads', 'free-threading', 'subinterpreters', 'multiprocessing', 'multiprocessing-pool'];

/**
 * Measures the engine: speedups (each against a sequential run of the same total work, measured in the same
 * session: never computed), GIL slices and hand-offs, convoy latency, start and data-movement costs, and what
 * tracing costs. Runs in Node and in the browser alike.
 */
export async function runEngineSuite(engine: Engine, opts: SuiteOptions = {}): Promise<EngineBench> {
  const seconds = opts.seconds ?? 1;
  const repeats = opts.repeats ?? 3;
  const log = opts.log ?? (() => undefined);
  const cores = engine.host.cores;

  // The same machinery as the speedup and compare widgets: warm every pooled worker until steady, calibrate on
  // them, probe the free cores, then interleaved pairs (seq, strat, strat, seq, ...) until ±5% or the budget.
  const counts = [...new Set([1, 2, cores, 2 * cores])].sort((a, b) => a - b);
  const measuring = bindSource(engineSource(engine));
  const prep = await prepareSpeedup(measuring, 'primes', Math.max(...counts));
  await engine.warmUp('countdown', 2);
  const parallelism = { available: prep.parallelism.available, cores, unsteadyWorkers: prep.warmUp.unsteady, warmUpMs: prep.warmUp.ms };
  log(`parallelism: ${parallelism.available.toFixed(2)} of ${cores} cores free; warm-up ${parallelism.warmUpMs.toFixed(0)} ms, ${parallelism.unsteadyWorkers} never steady`);
  const runner = engineRunner(measuring);
  const minPairs = Math.max(2, repeats);
  // Enough for about six pairs of runs per point on a quiet machine; a noisy one stops at the budget and says so.
  const budgetMs = Math.max(minPairs, 6) * 2 * seconds * 1000;
  const scaling: EngineBench['scaling'] = [];
  for (const [i, workers] of counts.entries()) {
    // Other programs come and go: probe before each worker count and report the fewest free cores seen.
    if (i > 0) parallelism.available = Math.min(parallelism.available, (await engine.probeParallelism('primes')).available);
    const seqWalls: number[] = [];
    for (const strategy of SCALING_STRATEGIES) {
      const m = await measureSpeedup(runner, { strategy, workers, workload: 'primes', seconds }, { budgetMs, minPairs });
      seqWalls.push(...m.pairs.map((p) => p.seqMs));
      const wallMs = median(m.pairs.map((p) => p.wallMs));
      scaling.push({ strategy, workload: 'primes', workers, wallMs, speedup: m.speedup, spread: m.spread, pairs: m.pairs.length, verdict: m.verdict });
      log(`scaling ${strategy} x${workers}: ${wallMs.toFixed(0)} ms, speedup ${m.speedup.toFixed(2)} ±${(m.spread ?? NaN).toFixed(2)} (${m.pairs.length} pairs, ${m.verdict})`);
    }
    scaling.unshift({ strategy: 'sequential', workload: 'primes', workers, wallMs: median(seqWalls), speedup: 1, spread: null, pairs: seqWalls.length, verdict: 'steady' });
  }

  const gilRun = await engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', seconds: 2 * seconds, switchIntervalMs: 5 }).result;
  const gil = {
    switchIntervalMs: 5,
    sliceMs: stat(forcedSlicesMs(gilRun.events)),
    handoffUs: stat(handoffsUs(gilRun.events)),
    overlaps: gilOverlaps(gilRun.events).length,
  };
  log(`gil: slice p50 ${gil.sliceMs.p50.toFixed(2)} ms, hand-off p50 ${gil.handoffUs.p50.toFixed(0)} us`);

  const convoy: EngineBench['convoy'] = [];
  for (const cpuWorkers of [0, 1, 2]) {
    const spec: RunSpec =
      cpuWorkers === 0
        ? { strategy: 'threads', workers: 1, workload: 'io', ioWaitMs: 1, ioOps: Math.round(300 * seconds) }
        : { strategy: 'threads', workers: cpuWorkers + 1, workload: 'mixed', ioWaitMs: 1, seconds: seconds * cpuWorkers, perWorker: false };
    const r = await engine.run(spec).result;
    convoy.push({ cpuWorkers, ioLatencyUs: stat(ioReacquireUs(r.events)) });
    log(`convoy with ${cpuWorkers} CPU-bound: I/O latency p50 ${convoy[convoy.length - 1]!.ioLatencyUs.p50.toFixed(0)} us`);
  }

  const starts: number[] = [];
  for (let i = 0; i < 5; i++) starts.push(await engine.measureStart());
  const move = async (mode: 'copy' | 'transfer' | 'shared') => {
    if (mode === 'shared' && !engine.host.sharedMemory) return NaN;
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) xs.push(await engine.measureSharing(10 * 1024 * 1024, mode));
    return median(xs);
  };
  const costs = { workerStartMs: median(starts), copy10MBMs: await move('copy'), transfer10MBMs: await move('transfer'), share10MBMs: await move('shared') };
  log(`costs: start ${costs.workerStartMs.toFixed(1)} ms, copy ${costs.copy10MBMs.toFixed(1)} ms, transfer ${costs.transfer10MBMs.toFixed(2)} ms, share ${costs.share10MBMs.toFixed(2)} ms`);

  // Tracing's cost: the same run with and without recording in pairs, each pair's order the reverse of the last
  // (ABBA), so the VM's drift falls on both; the cost is ~1% and a run's wall time drifts more than that, so the
  // figure carries its 95% interval.
  const ratios: number[] = [];
  for (let i = 0; i < Math.max(5, repeats); i++) {
    const spec: RunSpec = { strategy: 'threads', workers: 2, workload: 'primes', seconds };
    const wall = async (trace: boolean) => (await engine.run({ ...spec, trace }).result).wallMs;
    const [first, second] = i % 2 ? [await wall(false), await wall(true)] : [await wall(true), await wall(false)];
    ratios.push(i % 2 ? second / first : first / second);
  }
  const t = ratioEstimate(ratios);
  const traceOverhead = { pct: (t.value - 1) * 100, spreadPct: t.spread * 100, pairs: t.pairs };

  return { env: { runtime: engine.host.runtime, cores, sharedMemory: engine.host.sharedMemory }, parallelism, scaling, gil, convoy, costs, traceOverhead };
}

export interface SpeedupsOptions {
  strategies: Strategy[];
  workers: number;
  workload: CpuWorkload;
  /** Seconds of single-core work per run. */
  seconds: number;
  /** Time each figure may take, in ms (at least two pairs whatever it says). */
  budgetMs: number;
}

/** One block of speedups: the free cores probed first, then each strategy's figure with the pairs it rests on. */
export interface SpeedupBlock {
  cores: number;
  available: number;
  points: Array<{ strategy: Strategy; workers: number; speedup: number; spread: number | null; verdict: Verdict; pairs: SpeedupPair[] }>;
}

/**
 * Speedups exactly as the compare widget measures its own: warm-up, calibration and a free-core probe
 * (prepareSpeedup), then interleaved pairs per strategy until ±5% or the budget.
 */
export async function measureSpeedups(engine: Engine, o: SpeedupsOptions): Promise<SpeedupBlock> {
  const measuring = bindSource(engineSource(engine));
  const prep = await prepareSpeedup(measuring, o.workload, o.workers);
  const runner = engineRunner(measuring);
  const points: SpeedupBlock['points'] = [];
  for (const strategy of o.strategies) {
    const m = await measureSpeedup(runner, { strategy, workers: o.workers, workload: o.workload, seconds: o.seconds }, { budgetMs: o.budgetMs });
    points.push({ strategy, workers: o.workers, speedup: m.speedup, spread: m.spread, verdict: m.verdict, pairs: m.pairs });
  }
  return { cores: engine.host.cores, available: prep.parallelism.available, points };
}
