// The engine's public API: what the widgets, the runtime, the CLI and the benchmarks use. Everything else in
// src/engine is its inside (pool, channel, calibration, probes, run execution, arbiter, worker).
export { Engine } from './engine.js';
export { Cancelled, isAbortError } from './abort.js';
export type { RateCheck, WarmReport } from './calibration.js';
export { type EngineMode, type RunHandle, type RunOptions, type RunProgress, type RunResult } from './execute.js';
export { WorkerUnresponsive } from './heartbeat.js';
export { isPlausible } from './plausible.js';
export type { EngineWorker, WorkerHost } from './host.js';
export type { Parallelism } from './probes.js';
export { type Family, gilCount, gilOf, isStrategy, laneName, type Strategy, STRATEGIES, workersNoun, STRATEGY_NAMES, type StrategyModel, strategiesOf } from './strategies.js';
export { PYTHON_OF } from './strategyPython.js';
export { type Workload, WORKLOADS } from './names.js';
export { cpuKernelOf, type CpuWorkload } from './kernels.js';
export { kernelOf, type RunSpec, workerCount } from './plan.js';
export type { Step, TaskPlan } from './protocol.js';
export { DropReason, EventKind, type TraceEvent } from './trace.js';
export { browserHost } from './host.js';
export * from './analysis.js';
export { type ChromeTrace, toChromeTrace, type TracedRun } from './chromeTrace.js';
