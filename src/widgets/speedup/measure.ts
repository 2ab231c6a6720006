import type { Engine, EngineMode, RunHandle } from '../../engine/engine.js';
import { cpuKernelOf } from '../../engine/kernels.js';
import type { Strategy } from '../../engine/names.js';
import type { RunSpec } from '../../engine/plan.js';
import type { SpeedupPair } from './model.js';

export type Track = <T extends { cancel(): Promise<void> }>(handle: T) => T;

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wall time of one run, from asking for it until every result is back: for `multiprocessing` that includes
 * starting the processes and pickling, which Python pays too (the engine's own `wallMs` starts after them).
 */
async function timedRun(engine: Engine, track: Track, spec: RunSpec): Promise<{ wallMs: number; mode: EngineMode }> {
  const t0 = performance.now();
  const handle: RunHandle = track(engine.run(spec));
  const result = await handle.result;
  return { wallMs: performance.now() - t0, mode: result.mode };
}

/**
 * One speedup sample: a sequential run and the strategy's run of the same total work, back to back, so the
 * device's speed drifting over seconds hits both alike. Call `prepareSpeedup` first.
 */
export async function measurePair(
  engine: Engine,
  track: Track,
  spec: { strategy: Strategy; workers: number; workload: RunSpec['workload']; seconds: number },
): Promise<SpeedupPair & { mode: EngineMode }> {
  const seq = await timedRun(engine, track, { ...spec, strategy: 'sequential' });
  const run = await timedRun(engine, track, spec);
  // Terminated processes are torn down in the background; let that finish before the next sequential run.
  if (spec.strategy === 'multiprocessing') await settle(150);
  return { seqMs: seq.wallMs, wallMs: run.wallMs, mode: run.mode };
}

/**
 * Calibrates the kernel, starts the pooled workers ahead (as `multiprocessing.Pool(n)` would be) and has each of
 * them run the kernel briefly, so neither start-up nor the JIT's warm-up lands inside a timed run.
 */
export async function prepareSpeedup(engine: Engine, track: Track, workload: RunSpec['workload'], workers: number): Promise<void> {
  await engine.calibrate(cpuKernelOf(workload));
  await engine.warm(workers);
  await track(engine.run({ strategy: 'free-threading', workers, workload, seconds: 0.03 * workers, trace: false })).result;
}

/** Median time to start one worker (a process, in the Python model), over a few starts. */
export async function measureStartMs(engine: Engine, times = 3): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < times; i++) xs.push(await engine.measureStart());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
}
