import { createKernel } from '../kernels.js';
import { CTRL, type WorkerJob } from '../protocol.js';
import { DropReason, EventKind, TraceBuffer } from '../trace.js';
import type { GilClient } from './gilClient.js';

export interface JobEnv {
  /** Shared control cells, or null in the message fallback. */
  cells: Int32Array | null;
  trace: TraceBuffer;
  gil: GilClient | null;
  now(): number;
  sleep(ms: number): void | Promise<void>;
  /** Called every ~16 ms of running time (the fallback flushes trace batches from here). */
  tick?(): void;
  /**
   * Whether the run was cancelled. Every loop asks, at least every ~20 ms, so this is also where the worker
   * beats its heartbeat (at most every BEAT_EVERY_MS): a worker that checks for a cancel would answer one.
   */
  cancelled(): boolean;
}

const PROGRESS_EVERY_MS = 1;
/**
 * What a blocking call that returns at once costs (CPython's `time.sleep(0)` takes 64-68 us on Linux: a
 * syscall plus the kernel's 50 us timer slack). Modelled, not measured: a 0 ms I/O step still blocks this long
 * with the GIL dropped, so a waiting CPU-bound thread usually takes the GIL first and the convoy appears.
 */
export const SYSCALL_MS = 0.06;

const maybe = async <T>(v: T | Promise<T>): Promise<T> => v;

/**
 * Runs one worker's job under its strategy's rules and records what happens. The only place the task loop is
 * written; strategies differ in the GIL they pass (one shared, one per interpreter, or none).
 */
export async function runJob(job: WorkerJob, env: JobEnv): Promise<string | null> {
  const { trace, gil } = env;
  const ev = (kind: EventKind, a = 0, b = 0, c = 0) => trace.push(env.now(), kind, a, b, c);
  // Each task is a fresh call of the Python function: its own kernel state, so tasks cost the same wherever they run.
  let kernel = createKernel(job.kernel);
  let sink = 0;
  let units = 0;
  let lastProgress = env.now();
  let lastTick = lastProgress;
  const isIoWorker = job.ioUntilCpuDone;

  if (env.cells) {
    const cells = env.cells;
    Atomics.add(cells, CTRL.ARRIVED, 1);
    Atomics.notify(cells, CTRL.ARRIVED);
    for (let n = Atomics.load(cells, CTRL.ARRIVED); n < job.peers && !env.cancelled(); n = Atomics.load(cells, CTRL.ARRIVED)) {
      Atomics.wait(cells, CTRL.ARRIVED, n, 20);
    }
  }
  ev(EventKind.RunStart, job.gil);
  if (job.payload !== null) {
    ev(EventKind.CopyStart, job.payload.length);
    sink += (JSON.parse(job.payload) as unknown[]).length;
    ev(EventKind.CopyEnd, job.payload.length);
  }
  // An async function that never awaits runs synchronously: shared-memory runs pay nothing for the fallback.
  const take = async () => (gil ? await maybe(gil.take()) : true);
  if (!(await take())) return finish(true);

  /** Between slices of work, as CPython between bytecodes: drop the GIL if asked to, then queue to take it back. */
  const evalBreaker = async (): Promise<boolean> => {
    if (!gil) return true;
    const should = gil.shouldDrop();
    if (should === false || (should !== true && !(await should))) return true;
    await maybe(gil.drop(DropReason.Forced));
    return take();
  };

  // The eval breaker, looked at between kernel calls of `job.check` units (~0.5 us), as CPython between bytecodes: a
  // drop request waiting ends the slice there. It is this worker's drop-request cell, which only a GIL's waiter
  // sets; every worker with shared memory looks (every CPython build has an eval breaker), so a strategy without a
  // GIL pays the same per look as one with. The fallback's holder asks its arbiter once a slice instead.
  const breaker = env.cells;
  const breakerAt = CTRL.DROP_REQUEST + job.worker;
  const cpu = async (total: number): Promise<boolean> => {
    let left = total;
    while (left > 0) {
      const slice = Math.min(job.chunk, left);
      let n = 0;
      while (n < slice) {
        const m = Math.min(job.check, slice - n);
        sink ^= kernel.run(m);
        n += m;
        if (breaker !== null && Atomics.load(breaker, breakerAt) !== 0) break;
      }
      left -= n;
      units += n;
      if (job.throwAfterUnits !== undefined && units >= job.throwAfterUnits) throw new Error(`workload failed after ${units} units (injected fault)`);
      if (job.hangAfterUnits !== undefined && units >= job.hangAfterUnits) hang();
      const t = env.now();
      if (t - lastProgress >= PROGRESS_EVERY_MS) {
        ev(EventKind.Progress, units);
        lastProgress = t;
      }
      if (env.tick && t - lastTick >= 16) {
        env.tick();
        lastTick = t;
      }
      if (env.cancelled()) return false;
      if (!(await evalBreaker())) return false;
    }
    return true;
  };

  const io = async (ms: number): Promise<boolean> => {
    // Blocking I/O releases the GIL and takes it back afterwards, even when the call returns at once.
    if (gil) await maybe(gil.drop(DropReason.Io));
    ev(EventKind.IoStart, ms);
    if (ms > 0) await maybe(env.sleep(ms));
    else {
      // A timed wait of ~0 lasts the timer slack (~65 us on Linux); elsewhere it repeats until SYSCALL_MS passed.
      const end = env.now() + SYSCALL_MS;
      do await maybe(env.sleep(Math.max(0.001, end - env.now())));
      while (env.now() < end && !env.cancelled());
    }
    ev(EventKind.IoEnd, ms);
    if (env.cancelled()) return false;
    return take();
  };

  const counter = async (increments: number, lock: boolean): Promise<boolean> => {
    const cells = env.cells!;
    for (let done = 0; done < increments; ) {
      const n = Math.min(1000, increments - done);
      for (let i = 0; i < n; i++) {
        if (lock) {
          while (Atomics.compareExchange(cells, CTRL.LOCK, 0, 1) !== 0) Atomics.wait(cells, CTRL.LOCK, 1, 1);
        }
        // `counter += 1`: a read and a write, not atomic. Without a lock (and without a GIL), threads interleave.
        cells[CTRL.COUNTER] = cells[CTRL.COUNTER]! + 1;
        if (lock) {
          Atomics.store(cells, CTRL.LOCK, 0);
          Atomics.notify(cells, CTRL.LOCK, 1);
        }
      }
      done += n;
      units += n;
      if (env.cancelled()) return false;
      if (!(await evalBreaker())) return false;
    }
    ev(EventKind.Progress, units);
    return true;
  };

  /**
   * asyncio: one thread runs an event loop of coroutines. An I/O step suspends the coroutine (await) so other
   * coroutines run meanwhile; a CPU step runs to completion and blocks every other coroutine. TaskStart/TaskEnd
   * bracket each time a coroutine runs (b = 1 when it finished); IoEnd's c is how late it resumed, in ms.
   */
  const eventLoop = async (): Promise<boolean> => {
    type Coroutine = { task: (typeof job.tasks)[number]; step: number; due: number; wait: number };
    const ready: Coroutine[] = job.tasks.map((task) => ({ task, step: 0, due: 0, wait: 0 }));
    const sleeping: Coroutine[] = [];
    while (ready.length || sleeping.length) {
      if (env.cancelled()) return false;
      const t = env.now();
      for (let i = sleeping.length - 1; i >= 0; i--) if (sleeping[i]!.due <= t) ready.push(...sleeping.splice(i, 1));
      if (!ready.length) {
        const next = Math.min(...sleeping.map((c) => c.due));
        await maybe(env.sleep(Math.max(0, next - t)));
        continue;
      }
      const co = ready.shift()!;
      if (co.step > 0) ev(EventKind.IoEnd, co.wait, co.task.id, env.now() - co.due);
      ev(EventKind.TaskStart, co.task.id);
      let suspended = false;
      for (; co.step < co.task.steps.length; co.step++) {
        const step = co.task.steps[co.step]!;
        if ('cpu' in step) {
          if (!(await cpu(step.cpu))) return false;
          continue;
        }
        // `await asyncio.sleep(...)`: the coroutine stops running, then its wait begins.
        ev(EventKind.TaskEnd, co.task.id, 0);
        ev(EventKind.IoStart, step.io, co.task.id);
        co.step++;
        co.wait = step.io;
        co.due = env.now() + step.io;
        sleeping.push(co);
        suspended = true;
        break;
      }
      if (!suspended) ev(EventKind.TaskEnd, co.task.id, 1);
    }
    return true;
  };

  let ok = true;
  if (job.counter) ok = await counter(job.counter.increments, job.counter.lock);
  if (job.loop === 'event-loop') ok = await eventLoop();
  else run: do {
    for (const task of job.tasks) {
      kernel = createKernel(job.kernel);
      ev(EventKind.TaskStart, task.id);
      for (const step of task.steps) {
        ok = 'cpu' in step ? await cpu(step.cpu) : await io(step.io);
        if (!ok) break run;
      }
      ev(EventKind.TaskEnd, task.id);
    }
  } while (isIoWorker && env.cells && Atomics.load(env.cells, CTRL.CPU_RUNNING) > 0 && !env.cancelled());
  if (units > 0) ev(EventKind.Progress, units);

  if (ok && gil) await maybe(gil.drop(DropReason.Done));
  return finish(!ok);

  function finish(cancelled: boolean): string | null {
    if (!isIoWorker && env.cells && job.tasks.length) Atomics.sub(env.cells, CTRL.CPU_RUNNING, 1);
    ev(EventKind.RunEnd, cancelled ? 1 : 0);
    if (cancelled) return null;
    // Results go back serialized (pickled) where the model copies data.
    if (job.payload === null) return null;
    ev(EventKind.CopyStart, 0);
    const result = JSON.stringify({ worker: job.worker, units, sink });
    ev(EventKind.CopyEnd, result.length);
    return result;
  }
}

/** Fault injection: stop answering for good, as a worker stuck in an endless loop or a blocking call does. */
function hang(): never {
  const cell = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;
  for (;;) if (cell) Atomics.wait(cell, 0, 0);
}
