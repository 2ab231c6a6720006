import { cpuKernelOf, type CpuWorkload } from './kernels.js';
import type { Workload } from './names.js';
import { gilCount as gilsOf, gilOf as gilOfWorker, STRATEGIES, type Strategy } from './strategies.js';
import type { TaskPlan } from './protocol.js';

/** What to run. Work is given in seconds of single-core time (calibrated on this device) or in exact units. */
export interface RunSpec {
  strategy: Strategy;
  /** Threads, interpreters' threads, processes; for `sequential` and `asyncio`, the number of tasks. */
  workers: number;
  workload: Workload;
  /** Seconds of single-core work in total, split across the workers (or per worker with `perWorker`). */
  seconds?: number;
  /** Exact units instead of seconds, for reproducible benchmarks; same split rule. */
  units?: number;
  perWorker?: boolean;
  /** sys.setswitchinterval, in milliseconds (default 5). */
  switchIntervalMs?: number;
  /** subinterpreters: how many interpreters the workers are spread over (default: one each). */
  interpreters?: number;
  /** io and mixed workloads: each wait, in ms (default 1); io: waits per worker (default from seconds). */
  ioWaitMs?: number;
  ioOps?: number;
  /** Bytes of arguments copied to each worker where the model copies (processes, subinterpreters). */
  payloadBytes?: number;
  /** The race demo: increments per worker on one shared counter, with or without a lock. */
  counter?: { increments: number; lock: boolean };
  /** Explicit tasks (asyncio coroutines, server requests), overriding the workload's. */
  tasks?: TaskPlan[];
  /** Use the message fallback even where shared memory works (tests, comparisons). */
  forceFallback?: boolean;
  /** Record no trace events (default true: record). Only for measuring the tracer's own cost. */
  trace?: boolean;
  /** Fault injection for tests. */
  throwAfterUnits?: number;
  hangAfterUnits?: number;
}

export interface WorkerPlan {
  gil: number;
  tasks: TaskPlan[];
  ioUntilCpuDone: boolean;
}

/** Which GIL each worker holds: one for all threads, one per interpreter, or none (-1). */
export const gilOf = <S extends Pick<RunSpec, 'strategy' | 'workers' | 'interpreters'>>(spec: S, worker: number): number => gilOfWorker(spec.strategy, worker, spec.workers, spec.interpreters);

export const gilCount = (spec: RunSpec): number => gilsOf(spec.strategy, spec.workers, spec.interpreters);

/** How many workers actually start: sequential and asyncio run everything on one. */
export const workerCount = (spec: RunSpec): number => (STRATEGIES[spec.strategy].runsOn === 'one-worker' ? 1 : spec.workers);

/**
 * Turns a spec into per-worker task plans. Pure: `unitsPerMs` is the calibrated single-core rate of the kernel.
 */
export function planRun(spec: RunSpec, unitsPerMs: number, chunk: number): WorkerPlan[] {
  const n = Math.max(1, spec.workers);
  const total = spec.units ?? Math.round((spec.seconds ?? 1) * 1000 * unitsPerMs);
  const each = Math.max(1, Math.round(spec.perWorker ? total : total / n));
  const ioWait = spec.ioWaitMs ?? 1;
  const ioOps = spec.ioOps ?? Math.max(1, Math.round(((spec.seconds ?? 1) * 1000) / Math.max(ioWait, 1) / (spec.perWorker ? 1 : n)));
  const ioTask = (id: number, ops: number): TaskPlan => ({ id, steps: Array.from({ length: ops }, () => [{ io: ioWait }, { cpu: chunk }]).flat() });
  const cpuTask = (id: number): TaskPlan => ({ id, steps: [{ cpu: each }] });

  if (spec.tasks && workerCount(spec) > 1 && spec.tasks.length !== workerCount(spec)) {
    throw new Error(`${spec.strategy} runs one explicit task per worker: got ${spec.tasks.length} tasks for ${workerCount(spec)} workers`);
  }
  const tasks: TaskPlan[] =
    spec.tasks ??
    Array.from({ length: n }, (_, i) => {
      if (spec.workload === 'io') return ioTask(i, ioOps);
      if (spec.workload === 'mixed' && i === 0) return ioTask(i, spec.ioOps ?? 1);
      return cpuTask(i);
    });
  if (spec.counter) return Array.from({ length: workerCount(spec) }, (_, w) => ({ gil: gilOf(spec, w), tasks: [], ioUntilCpuDone: false }));
  if (workerCount(spec) === 1) return [{ gil: gilOf(spec, 0), tasks, ioUntilCpuDone: false }];
  return tasks.map((t, w) => ({ gil: gilOf(spec, w), tasks: [t], ioUntilCpuDone: spec.workload === 'mixed' && w === 0 }));
}

export const kernelOf = (spec: RunSpec): CpuWorkload => cpuKernelOf(spec.workload);

/** Models that copy arguments and results between workers (pickle), rather than share them. */
export const copiesData = (spec: RunSpec): boolean => STRATEGIES[spec.strategy].copiesArguments;

/** Arguments of about `bytes` bytes once pickled: a list of small ints, like a chunk of a dataset. */
export function argumentsOf(bytes: number): number[] {
  return Array.from({ length: Math.ceil(bytes / 4) }, (_, i) => i % 1000);
}
