import type { EngineWorker, WorkerHost } from './host.js';
import type { CpuWorkload } from './kernels.js';
import { copiesData, gilCount, kernelOf, planRun, type RunSpec, workerCount } from './plan.js';
import { HeartbeatMonitor, WorkerUnresponsive } from './heartbeat.js';
import { BEAT_EVERY_MS, CONTROL_INTS, CTRL, type FromWorker, type ToWorker, type WorkerJob } from './protocol.js';
import { SharedGil, wakeAll } from './gil.js';
import { decodeRecords, EventKind, TraceBuffer, type TraceEvent, TraceReader } from './trace.js';

export type EngineMode = 'shared-memory' | 'message-fallback';

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
}

export interface RunHandle {
  /** Events so far, appended as workers record them (read each frame by the widgets). */
  readonly events: TraceEvent[];
  readonly mode: EngineMode;
  readonly result: Promise<RunResult>;
  /** Stops every worker of the run; resolves when none is left alive. */
  cancel(): Promise<void>;
}

export { WorkerUnresponsive };

export class RunCancelled extends Error {
  override name = 'RunCancelled';
  constructor() {
    super('the run was cancelled');
  }
}

/** Slices between eval-breaker checks last about this long (CPython checks between bytecodes). */
const CHUNK_MS = 0.05;
const TRACE_CAPACITY = 1 << 16;
const CANCEL_GRACE_MS = 50;
/** How long a worker may take to start, calibrate or answer a probe before the caller gets an error. */
const EXPECT_TIMEOUT_MS = 15_000;

interface Slot {
  worker: EngineWorker;
  handlers: Set<(m: FromWorker) => void>;
  dead: Error | null;
  deathHandlers: Set<(e: Error) => void>;
}

/**
 * Runs workloads on real workers under each strategy's rules and records what happens. One engine per page or
 * process: it keeps a pool of started workers (Python threads start in ~100 us; a worker takes milliseconds,
 * which only `multiprocessing` should pay) and calibrates each kernel once.
 */
export class Engine {
  private idle: Slot[] = [];
  private live = new Set<Slot>();
  private rates = new Map<CpuWorkload, Promise<number>>();

  constructor(readonly host: WorkerHost) {}

  /** Workers currently alive (started and not terminated). */
  get aliveWorkers(): number {
    return this.live.size;
  }

  private async spawn(): Promise<Slot> {
    const slot: Slot = { worker: this.host.spawn(), handlers: new Set(), dead: null, deathHandlers: new Set() };
    this.live.add(slot);
    slot.worker.onMessage((m) => {
      for (const h of slot.handlers) h(m);
    });
    slot.worker.onError((e) => {
      slot.dead = e;
      this.live.delete(slot);
      // A worker that died while idle must not be handed to the next run.
      this.idle = this.idle.filter((i) => i !== slot);
      for (const h of slot.deathHandlers) h(e);
    });
    try {
      await this.expect(slot, (m) => m.type === 'ready');
    } catch (e) {
      await this.kill([slot]);
      throw e;
    }
    return slot;
  }

  private expect<T extends FromWorker>(slot: Slot, match: (m: FromWorker) => m is T, timeoutMs?: number): Promise<T>;
  private expect(slot: Slot, match: (m: FromWorker) => boolean, timeoutMs?: number): Promise<FromWorker>;
  private expect(slot: Slot, match: (m: FromWorker) => boolean, timeoutMs = EXPECT_TIMEOUT_MS): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (slot.dead) return reject(slot.dead);
      // A worker that dies without an error event must not leave a caller waiting forever.
      const timer = setTimeout(() => {
        done();
        reject(new Error(`a worker did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        slot.handlers.delete(onMessage);
        slot.deathHandlers.delete(onDeath);
      };
      const onDeath = (e: Error) => {
        done();
        reject(e);
      };
      const onMessage = (m: FromWorker) => {
        if (!match(m)) return;
        done();
        resolve(m);
      };
      slot.handlers.add(onMessage);
      slot.deathHandlers.add(onDeath);
    });
  }

  /** Starts n workers; if any fails, the others are terminated too, so a failed start leaks nothing. */
  private async spawnMany(n: number): Promise<Slot[]> {
    const started = await Promise.allSettled(Array.from({ length: n }, () => this.spawn()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed) {
      await this.kill(ok);
      throw failed.reason;
    }
    return ok;
  }

  private async take(n: number, fresh: boolean): Promise<Slot[]> {
    if (fresh) return this.spawnMany(n);
    const out = this.idle.splice(0, n);
    try {
      return [...out, ...(await this.spawnMany(n - out.length))];
    } catch (e) {
      await this.kill(out);
      throw e;
    }
  }

  private async kill(slots: Iterable<Slot>): Promise<void> {
    await Promise.all(
      [...slots].map(async (s) => {
        this.live.delete(s);
        this.idle = this.idle.filter((i) => i !== s);
        await s.worker.terminate();
      }),
    );
  }

  /** Starts `n` pooled workers ahead of time, as `multiprocessing.Pool(n)` does; returns how long that took. */
  async warm(n: number): Promise<number> {
    const t0 = performance.now();
    const missing = Math.max(0, n - this.idle.length);
    // Read `this.idle` only after the spawns: releaseIdle() may replace it meanwhile.
    const fresh = await this.spawnMany(missing);
    this.idle.push(...fresh);
    return performance.now() - t0;
  }

  /** Units per ms of a kernel on one core of this device, measured once in a worker. */
  calibrate(kernel: CpuWorkload, ms = 200): Promise<number> {
    let rate = this.rates.get(kernel);
    if (!rate) {
      rate = (async () => {
        const [slot] = await this.take(1, false);
        try {
          const answer = this.expect(slot!, (m): m is Extract<FromWorker, { type: 'calibrated' }> => m.type === 'calibrated' && m.kernel === kernel);
          slot!.worker.post({ type: 'calibrate', kernel, ms });
          return (await answer).unitsPerMs;
        } finally {
          if (!slot!.dead) this.idle.push(slot!);
        }
      })();
      this.rates.set(kernel, rate);
      rate.catch(() => this.rates.delete(kernel));
    }
    return rate;
  }

  run(spec: RunSpec, onProgress?: (events: TraceEvent[]) => void): RunHandle {
    const shared = this.host.sharedMemory && !spec.forceFallback;
    const mode: EngineMode = shared ? 'shared-memory' : 'message-fallback';
    const events: TraceEvent[] = [];
    let cancel!: () => Promise<void>;
    let cancelRequested = false;
    const cancelled = new Promise<void>((resolve) => {
      cancel = async () => {
        cancelRequested = true;
        resolve();
        await result.catch(() => undefined);
      };
    });
    const result = this.execute(spec, shared, events, cancelled, () => cancelRequested, onProgress);
    return { events, mode, result, cancel: () => cancel() };
  }

  private async execute(
    spec: RunSpec,
    shared: boolean,
    events: TraceEvent[],
    cancelled: Promise<void>,
    isCancelled: () => boolean,
    onProgress?: (events: TraceEvent[]) => void,
  ): Promise<RunResult> {
    if (spec.counter && !shared) throw new Error('the shared-counter demo needs shared memory (a cross-origin isolated page)');
    const kernel = kernelOf(spec);
    const unitsPerMs = spec.units !== undefined && spec.seconds === undefined ? 1 : await this.calibrate(kernel);
    const chunk = Math.max(1, Math.round(unitsPerMs * CHUNK_MS));
    const plans = planRun(spec, unitsPerMs, chunk);
    const n = workerCount(spec);
    const gils = gilCount(spec);
    const processes = spec.strategy === 'multiprocessing';

    const control = shared ? new SharedArrayBuffer(CONTROL_INTS * 4) : null;
    const cells = control ? new Int32Array(control) : null;
    if (cells) {
      SharedGil.reset(cells, gils);
      cells[CTRL.CPU_RUNNING] = plans.filter((p) => !p.ioUntilCpuDone && p.tasks.length > 0).length;
    }
    const rings = Array.from({ length: n }, () => TraceBuffer.create(TRACE_CAPACITY, shared));
    const readers = rings.map((r, w) => new TraceReader(r, w));
    const copies = copiesData(spec);

    const origin = performance.timeOrigin + performance.now();
    const now = () => performance.timeOrigin + performance.now() - origin;
    // Process start is part of what multiprocessing costs: recorded from the moment we ask for the worker.
    if (processes) for (let w = 0; w < n; w++) events.push({ t: now(), worker: w, kind: EventKind.SpawnStart, a: 0, b: 0, c: 0 });
    if (isCancelled()) throw new RunCancelled();
    const slots = await this.take(n, processes);
    if (processes) for (let w = 0; w < n; w++) events.push({ t: now(), worker: w, kind: EventKind.SpawnReady, a: 0, b: 0, c: 0 });

    // Where the model copies (pickles) data, each worker's arguments are serialized here and parsed there.
    const mainEvent = (worker: number, kind: EventKind, a = 0) => events.push({ t: now(), worker, kind, a, b: 1, c: 0 });
    const payloads = slots.map((_, w) => {
      if (!copies) return null;
      mainEvent(w, EventKind.CopyStart, spec.payloadBytes ?? 1024);
      const text = JSON.stringify(argumentsOf(spec.payloadBytes ?? 1024));
      mainEvent(w, EventKind.CopyEnd, text.length);
      return text;
    });

    const drain = () => {
      for (const r of readers) r.drain(events);
      onProgress?.(events);
    };
    const arbiter = shared ? null : new Arbiter(slots, now, events);
    const results: string[] = [];
    let failure: Error | null = null;
    let finished = 0;
    const t0 = now();
    const heartbeats = new HeartbeatMonitor(n, t0);
    let fail!: (e: Error) => void;

    const done = new Promise<void>((resolve, reject) => {
      fail = reject;
      slots.forEach((slot, w) => {
        const onMessage = (m: FromWorker) => {
          // Any message is a sign of life; a worker computing without shared memory also posts beats.
          heartbeats.beat(w, now());
          if (m.type === 'trace') decodeRecords(m.records, m.worker, events);
          else if (m.type === 'gil-request' || m.type === 'gil-check' || m.type === 'gil-release') arbiter?.handle(m);
          else if (m.type === 'error') {
            failure = new Error(`worker ${m.worker}: ${m.message}`);
            reject(failure);
          } else if (m.type === 'done') {
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
        const job: WorkerJob = {
          worker: w,
          peers: n,
          strategy: spec.strategy,
          kernel,
          chunk,
          gil: plan.gil,
          switchIntervalMs: spec.switchIntervalMs ?? 5,
          tasks: plan.tasks,
          ioUntilCpuDone: plan.ioUntilCpuDone,
          origin,
          control,
          trace: shared ? (rings[w]!.buffer as SharedArrayBuffer) : null,
          payload: payloads[w]!,
          counter: spec.counter ?? null,
          ...(spec.throwAfterUnits !== undefined ? { throwAfterUnits: spec.throwAfterUnits } : {}),
          ...(spec.hangAfterUnits !== undefined ? { hangAfterUnits: spec.hangAfterUnits } : {}),
          ...(spec.trace === false ? { traceOff: true } : {}),
        };
        slot.worker.post({ type: 'run', job } satisfies ToWorker);
      });
    });

    const timer = setInterval(drain, 16);
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
      for (const s of slots) s.worker.post({ type: 'cancel' });
      arbiter?.cancel();
      // Give workers a moment to stop on their own (their trace ends cleanly), then make sure none is left.
      await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, CANCEL_GRACE_MS))]);
      await this.kill(slots);
    };
    try {
      await Promise.race([done, cancelled.then(() => Promise.reject(new RunCancelled()))]);
    } catch (e) {
      clearInterval(timer);
      clearInterval(watchdog);
      drain();
      await stop();
      throw isCancelled() ? new RunCancelled() : e;
    }
    clearInterval(timer);
    clearInterval(watchdog);
    const wallMs = now() - t0;
    drain();
    for (const s of slots) s.handlers.clear(), s.deathHandlers.clear();
    if (processes) await this.kill(slots);
    else this.idle.push(...slots);
    events.sort((a, b) => a.t - b.t);
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
    };
  }

  /** How long starting one worker takes (spawn to ready), in ms: what a new process costs here. */
  async measureStart(): Promise<number> {
    const t0 = performance.now();
    const slot = await this.spawn();
    const ms = performance.now() - t0;
    await this.kill([slot]);
    return ms;
  }

  /**
   * How long it takes until a worker can use `bytes` of data sent three ways: serialized and parsed (what pickle
   * does between processes), transferred (ownership moves, no copy), or shared (nothing moves). In ms.
   */
  async measureSharing(bytes: number, mode: 'copy' | 'transfer' | 'shared'): Promise<number> {
    const [slot] = await this.take(1, false);
    try {
      const t0 = performance.now();
      let data: string | ArrayBuffer | SharedArrayBuffer;
      const transfer: Transferable[] = [];
      if (mode === 'copy') data = JSON.stringify(argumentsOf(bytes));
      else if (mode === 'transfer') {
        data = new ArrayBuffer(bytes);
        transfer.push(data);
      } else {
        if (!this.host.sharedMemory) throw new Error('shared memory needs a cross-origin isolated page');
        data = new SharedArrayBuffer(bytes);
      }
      const answer = this.expect(slot!, (m) => m.type === 'probed');
      slot!.worker.post({ type: 'probe', mode, data }, transfer);
      await answer;
      return performance.now() - t0;
    } finally {
      if (!slot!.dead) this.idle.push(slot!);
    }
  }

  /**
   * Terminates the idle pool (workers in a run are left alone). A widget calls this when its slide is left, so
   * no worker outlives the demo that started it; the next run starts fresh ones.
   */
  async releaseIdle(): Promise<void> {
    const idle = this.idle;
    this.idle = [];
    await this.kill(idle);
  }

  /** Terminates every worker; the engine cannot be used afterwards. Node needs this to exit. */
  async dispose(): Promise<void> {
    await this.kill([...this.live]);
    this.idle = [];
  }
}

/** Arguments of about `bytes` bytes once pickled: a list of small ints, like a chunk of a dataset. */
function argumentsOf(bytes: number): number[] {
  return Array.from({ length: Math.ceil(bytes / 4) }, (_, i) => i % 1000);
}

/**
 * The message fallback's GIL: the main thread grants it in request order and tells a holder that asks (once per
 * switch interval) to drop when someone is waiting. Grants are numbered, so the order is exact here too.
 * A different scheduler from CPython's, said on screen ("scheduling approximate"): strict FIFO, where CPython's
 * waiters time out and re-queue and a thread back from I/O can take a free GIL at once; a drop is decided when the
 * holder polls, once per interval, not by a waiter's timeout; every hand-off costs two message round trips.
 * It keeps the invariants (one holder at a time, slices of about an interval) but not who-gets-it or convoy timings.
 */
class Arbiter {
  private holder = new Map<number, number>();
  private queue = new Map<number, number[]>();
  private seq = 0;

  constructor(
    private readonly slots: Slot[],
    private readonly now: () => number,
    private readonly events: TraceEvent[],
  ) {}

  private send(worker: number, m: ToWorker) {
    this.slots[worker]?.worker.post(m);
  }

  private grant(gil: number, worker: number) {
    this.holder.set(gil, worker);
    this.send(worker, { type: 'gil-granted', seq: ++this.seq });
  }

  handle(m: Extract<FromWorker, { type: 'gil-request' | 'gil-check' | 'gil-release' }>): void {
    const q = this.queue.get(m.gil) ?? [];
    this.queue.set(m.gil, q);
    if (m.type === 'gil-request') {
      if ((this.holder.get(m.gil) ?? -1) === -1) this.grant(m.gil, m.worker);
      else q.push(m.worker);
    } else if (m.type === 'gil-check') {
      if (q.length) this.events.push({ t: this.now(), worker: q[0]!, kind: EventKind.DropRequestSet, a: m.worker, b: m.gil, c: 0 });
      this.send(m.worker, q.length ? { type: 'gil-drop' } : { type: 'gil-continue' });
    } else {
      this.holder.set(m.gil, -1);
      const next = q.shift();
      if (next !== undefined) this.grant(m.gil, next);
    }
  }

  cancel(): void {
    for (const q of this.queue.values()) for (const w of q.splice(0)) this.send(w, { type: 'gil-continue' });
  }
}

