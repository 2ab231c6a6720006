// One run: workers taken (pooled and warmed, or fresh), the rate checked, per-worker plans posted, their trace
// drained as it fills, a watchdog on their heartbeats, and every worker stopped on a failure or an abort.
import { isPlausible } from './plausible.js';
import { anySignal, Cancelled, raceAbort } from './abort.js';
import { Arbiter, isArbiterRequest } from './arbiter.js';
import type { Calibration, WarmReport } from './calibration.js';
import type { Slot } from './channel.js';
import { resetGils, wakeAll } from './gilCells.js';
import { HeartbeatMonitor, WorkerUnresponsive } from './heartbeat.js';
import type { CpuWorkload } from './kernels.js';
import { argumentsOf, copiesData, gilCount, kernelOf, planRun, type RunSpec, workerCount, type WorkerPlan } from './plan.js';
import type { WorkerPool } from './pool.js';
import { BEAT_EVERY_MS, CONTROL_INTS, CTRL, type FromWorker, type ToWorker, type WorkerJob } from './protocol.js';
import { STRATEGIES } from './strategies.js';
import { decodeRecords, EventKind, TraceBuffer, type TraceEvent, TraceReader } from './trace.js';

/**
 * How a run's events were made: emulated on shared memory or by the message fallback; or real Python, recorded
 * earlier (`recorded`) or running now through the dev server (`cpython`).
 */
export type EngineMode = 'shared-memory' | 'message-fallback' | 'recorded' | 'cpython';

export interface RunResult {
  spec: RunSpec;
  mode: EngineMode;
  /** Epoch ms that event times are relative to. */
  origin: number;
  wallMs: number;
  events: TraceEvent[];
  /** Trace records overwritten before they were read (0 unless the reader stalled). */
  lost: number;
  workers: number;
  unitsPerMs: number;
  chunk: number;
  /** The race demo's final counter, read from shared memory. */
  counter: number | null;
  results: string[];
  /**
   * The least wall time this much work can take here: its units at the calibrated rate, spread over as many
   * cores as the strategy can use at once. A run faster than this (with a margin) means the rate was wrong.
   */
  minWallMs: number;
  /** False when the run finished faster than `minWallMs` allows (with a 10% margin): its figures are not results. */
  plausible: boolean;
  /** The warm-up before the run: how long it took, and how many workers never reached a steady rate. */
  warmUp: WarmReport;
}

/**
 * What a run reports as it goes, so a widget can redraw from it instead of polling `handle.events`. It is called on
 * the main thread after each read of the workers' traces (about every 16 ms) that found new events, and once more
 * with `done: true` when the run finished and its events are sorted by time. A model is a pure function of
 * `events`; a stop (abort, failure) gets no `done` call: the run's promise rejects instead, and the events read
 * until then stay in `handle.events`. A callback that throws fails the run.
 */
export interface RunProgress {
  /** Every event so far: the same array as `handle.events`, in arrival order until the final call. */
  readonly events: readonly TraceEvent[];
  readonly done: boolean;
}

export interface RunOptions {
  /** Stops the run (its workers are ended); the result rejects with `Cancelled` (name 'AbortError'). */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunHandle {
  /** Events so far, appended as workers record them. */
  readonly events: TraceEvent[];
  readonly mode: EngineMode;
  readonly result: Promise<RunResult>;
  /** Stops every worker of the run; resolves when none is left alive. */
  cancel(): Promise<void>;
}

/** Slices between housekeeping (progress, cancel, heartbeat) last about this long. */
const CHUNK_MS = 0.05;
/**
 * Kernel calls between eval-breaker checks last about this long: CPython checks between bytecodes (~0.1 us apart),
 * so its holder answers a drop request within a fraction of a microsecond; one call of a kernel costs ~5 ns here.
 */
const CHECK_MS = 0.0005;
const TRACE_CAPACITY = 1 << 16;
const CANCEL_GRACE_MS = 50;
/** How often the main thread reads the workers' traces (and reports progress). */
const DRAIN_EVERY_MS = 16;

export interface RunDeps {
  pool: WorkerPool;
  calibration: Calibration;
}

/** Starts a run; its workers stop when `options.signal` aborts or the handle is cancelled. */
export function startRun(deps: RunDeps, spec: RunSpec, options: RunOptions = {}): RunHandle {
  const shared = deps.pool.host.sharedMemory && !spec.forceFallback;
  const events: TraceEvent[] = [];
  const cancelling = new AbortController();
  const { signal, release } = anySignal(options.signal, cancelling.signal);
  const result = execute(deps, spec, shared, events, signal, options.onProgress);
  result.then(release, release);
  return {
    events,
    mode: shared ? 'shared-memory' : 'message-fallback',
    result,
    async cancel() {
      cancelling.abort();
      await result.catch(() => undefined);
    },
  };
}

async function execute(
  { pool, calibration }: RunDeps,
  spec: RunSpec,
  shared: boolean,
  events: TraceEvent[],
  signal: AbortSignal,
  onProgress?: (progress: RunProgress) => void,
): Promise<RunResult> {
  if (spec.counter && !shared) throw new Error('the shared-counter demo needs shared memory (a cross-origin isolated page)');
  const kernel = kernelOf(spec);
  const n = workerCount(spec);
  const gils = gilCount(spec);
  // A fresh worker (a new process) is started for the run and ended after it; its start is traced as a cost.
  const fresh = STRATEGIES[spec.strategy].workers === 'fresh';
  // 1. The rate, and pooled workers warmed for the kernel.
  const { pooled, warmUp, unitsPerMs } = await prepare({ pool, calibration }, spec, fresh, signal);
  // 2. Per-worker plans, and the least time they can take on this device.
  const chunk = Math.max(1, Math.round(unitsPerMs * CHUNK_MS));
  const check = Math.max(1, Math.min(chunk, Math.round(unitsPerMs * CHECK_MS)));
  const plans = planRun(spec, unitsPerMs, chunk);
  const units = plans.reduce((sum, p) => sum + p.tasks.reduce((t, task) => t + task.steps.reduce((u, step) => u + ('cpu' in step ? step.cpu : 0), 0), 0), 0);
  const lanes = Math.max(1, Math.min(pool.host.cores, n, gils > 0 ? gils : n));
  const minWallMs = units / (lanes * unitsPerMs);

  // 3. Shared control cells and trace rings (or private ones, in the fallback), then the workers.
  const control = shared ? new SharedArrayBuffer(CONTROL_INTS * 4) : null;
  const cells = control ? new Int32Array(control) : null;
  if (cells) {
    resetGils(cells, gils);
    cells[CTRL.CPU_RUNNING] = plans.filter((p) => !p.ioUntilCpuDone && p.tasks.length > 0).length;
  }
  const rings = Array.from({ length: n }, () => TraceBuffer.create(TRACE_CAPACITY, shared));
  const readers = rings.map((r, w) => new TraceReader(r, w));
  const copies = copiesData(spec);

  const origin = performance.timeOrigin + performance.now();
  const now = () => performance.timeOrigin + performance.now() - origin;
  // Process start is part of what multiprocessing costs: recorded from the moment we ask for the worker.
  if (fresh) for (let w = 0; w < n; w++) events.push({ t: now(), worker: w, kind: EventKind.SpawnStart, a: 0, b: 0, c: 0 });
  if (signal.aborted) {
    if (pooled) pool.release(pooled);
    throw new Cancelled(signal.reason);
  }
  const slots = pooled ?? (await pool.take(n, fresh, signal));
  if (fresh) for (let w = 0; w < n; w++) events.push({ t: now(), worker: w, kind: EventKind.SpawnReady, a: 0, b: 0, c: 0 });

  // 4. Arguments pickled where the model copies, every worker's job posted; events read as they come.
  // Where the model copies (pickles) data, each worker's arguments are serialized here and parsed there.
  const mainEvent = (worker: number, kind: EventKind, a = 0) => events.push({ t: now(), worker, kind, a, b: 1, c: 0 });
  const payloads = slots.map((_, w) => {
    if (!copies) return null;
    mainEvent(w, EventKind.CopyStart, spec.payloadBytes ?? 1024);
    const text = JSON.stringify(argumentsOf(spec.payloadBytes ?? 1024));
    mainEvent(w, EventKind.CopyEnd, text.length);
    return text;
  });

  let reported = 0;
  const report = (done: boolean) => {
    if (!onProgress || (!done && events.length === reported)) return;
    reported = events.length;
    onProgress({ events, done });
  };
  const drain = () => {
    for (const r of readers) r.drain(events);
    report(false);
  };
  const arbiter = shared ? null : new Arbiter((w, m) => slots[w]?.worker.post(m), now, events);
  const results: string[] = [];
  let finished = 0;
  const t0 = now();
  const heartbeats = new HeartbeatMonitor(n, t0);
  let fail!: (e: unknown) => void;

  const done = new Promise<void>((resolve, reject) => {
    fail = reject;
    slots.forEach((slot, w) => {
      const onMessage = (m: FromWorker) => {
        // Any message is a sign of life; a worker computing without shared memory also posts beats.
        heartbeats.beat(w, now());
        if (m.type === 'trace') decodeRecords(m.records, m.worker, events);
        else if (isArbiterRequest(m)) arbiter?.handle(m);
        else if (m.type === 'error') reject(new Error(`worker ${m.worker}: ${m.message}`));
        else if (m.type === 'done') {
          if (m.result) {
            mainEvent(w, EventKind.CopyStart, m.result.length);
            JSON.parse(m.result);
            mainEvent(w, EventKind.CopyEnd, m.result.length);
            results.push(m.result);
          }
          heartbeats.finish(w);
          if (++finished === n) resolve();
        }
      };
      slot.handlers.add(onMessage);
      slot.deathHandlers.add((e) => reject(new Error(`worker ${w} died: ${e.message}`)));
      if (slot.dead) reject(new Error(`worker ${w} died: ${slot.dead.message}`));
      const plan = plans[w]!;
      const job: WorkerJob = { ...jobOf(spec, plans[w]!, w, n, kernel, chunk, check, check / unitsPerMs), origin, control, trace: shared ? (rings[w]!.buffer as SharedArrayBuffer) : null, payload: payloads[w]! };
      slot.worker.post({ type: 'run', job } satisfies ToWorker);
    });
  });

  const timer = setInterval(() => {
    try {
      drain();
    } catch (e) {
      fail(e);
    }
  }, DRAIN_EVERY_MS);
  // A worker that hangs or is ended without an event (browsers do not report a terminated worker) must not
  // leave the run waiting forever: its silence rejects the run, and stop() below ends the others.
  const watchdog = setInterval(() => {
    const silent = heartbeats.check(now(), cells ? (w) => Atomics.load(cells, CTRL.BEAT + w) : undefined);
    if (silent) fail(new WorkerUnresponsive(silent.worker, silent.silentMs));
  }, BEAT_EVERY_MS);
  const stop = async (): Promise<void> => {
    if (cells) {
      Atomics.store(cells, CTRL.CANCEL, 1);
      wakeAll(cells, gils);
    }
    for (const s of slots) s.worker.post({ type: 'cancel' } satisfies ToWorker);
    arbiter?.cancel();
    // Give workers a moment to stop on their own (their trace ends cleanly), then make sure none is left.
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, CANCEL_GRACE_MS))]);
    await pool.kill(slots);
  };
  // 5. Wait for every worker; on a failure or an abort, stop them all.
  try {
    await raceAbort(done, signal);
  } catch (e) {
    clearInterval(timer);
    clearInterval(watchdog);
    for (const r of readers) r.drain(events);
    await stop();
    throw signal.aborted ? new Cancelled(signal.reason) : e;
  }
  // 6. The result: events sorted, workers back to the pool (a fresh one ends with its run).
  clearInterval(timer);
  clearInterval(watchdog);
  const wallMs = now() - t0;
  const plausible = isPlausible({ wallMs, minWallMs });
  if (!plausible) calibration.distrust(kernel);
  for (const r of readers) r.drain(events);
  for (const s of slots) s.handlers.clear(), s.deathHandlers.clear();
  if (fresh) await pool.kill(slots);
  else pool.release(slots);
  events.sort((a, b) => a.t - b.t);
  report(true);
  return {
    spec,
    mode: shared ? 'shared-memory' : 'message-fallback',
    origin,
    wallMs,
    events,
    lost: readers.reduce((s, r) => s + r.lost, 0),
    workers: n,
    unitsPerMs,
    chunk,
    counter: cells ? cells[CTRL.COUNTER]! : null,
    results,
    minWallMs,
    plausible,
    warmUp,
  };
}

/**
 * Pooled workers run the kernel until steady first, and the rate is re-checked on one of them if it is not fresh.
 * A new process starts cold, as part of what it costs: only its rate is taken from the pool.
 */
async function prepare({ pool, calibration }: RunDeps, spec: RunSpec, fresh: boolean, signal: AbortSignal): Promise<{ pooled: Slot[] | null; warmUp: WarmReport; unitsPerMs: number }> {
  const kernel = kernelOf(spec);
  const none: WarmReport = { workers: 0, ms: 0, unsteady: 0 };
  // The race demo runs no kernel, and I/O-bound tasks only a slice between waits: nothing to warm or size.
  const computes = !spec.counter && spec.workload !== 'io';
  if (fresh || !computes) return { pooled: null, warmUp: none, unitsPerMs: await calibration.calibrate(kernel, signal) };
  const pooled = await pool.take(workerCount(spec), false, signal);
  try {
    const warmUp = await calibration.warmSlots(pooled, kernel, signal);
    // Exact units (a measured pair) need the rate only to size slices: no check inside the timed run.
    const unitsPerMs = spec.units !== undefined ? await calibration.calibrate(kernel, signal) : (await calibration.freshRate(pooled[0]!, kernel, signal)).unitsPerMs;
    return { pooled, warmUp, unitsPerMs };
  } catch (e) {
    pool.release(pooled);
    throw signal.aborted ? new Cancelled(signal.reason) : e;
  }
}

/** What worker `w` is told to do, apart from the run's shared buffers and its arguments. */
function jobOf(spec: RunSpec, plan: WorkerPlan, w: number, peers: number, kernel: CpuWorkload, chunk: number, check: number, checkMs: number): Omit<WorkerJob, 'origin' | 'control' | 'trace' | 'payload'> {
  return {
    worker: w,
    peers,
    loop: STRATEGIES[spec.strategy].loop,
    kernel,
    chunk,
    check,
    checkMs,
    gil: plan.gil,
    switchIntervalMs: spec.switchIntervalMs ?? 5,
    tasks: plan.tasks,
    ioUntilCpuDone: plan.ioUntilCpuDone,
    counter: spec.counter ?? null,
    ...(spec.throwAfterUnits !== undefined ? { throwAfterUnits: spec.throwAfterUnits } : {}),
    ...(spec.hangAfterUnits !== undefined ? { hangAfterUnits: spec.hangAfterUnits } : {}),
    ...(spec.trace === false ? { traceOff: true } : {}),
  };
}
