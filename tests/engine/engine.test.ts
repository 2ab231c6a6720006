// The engine, the task loop and the GIL in one thread: workers are the worker's message handler on MessageChannel
// ports (channelHost), so these need no bundle and no threads. What only threads can show (parallel runs, a
// prompt stop of a worker busy computing) stays in the worker_threads tests (strategies, calibration, liveness).
import { afterAll, describe, expect, test } from 'vitest';
import { Cancelled, type Engine, EventKind, gilHolds, gilOverlaps, isAbortError, type RunProgress, type TraceEvent } from '../../src/engine/index.js';
import type { ToWorker } from '../../src/engine/protocol.js';
import { inThreadEngine } from '../support/engine.js';

const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.dispose();
});
function make(...args: Parameters<typeof inThreadEngine>) {
  const made = inThreadEngine(...args);
  engines.push(made.engine);
  return made;
}

/** Every worker's events begin with RunStart and end with RunEnd, in time order, and Progress never goes back. */
function expectWellFormed(events: readonly TraceEvent[], workers: number) {
  for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
  for (let w = 0; w < workers; w++) {
    const own = events.filter((e) => e.worker === w && e.kind !== EventKind.CopyStart && e.kind !== EventKind.CopyEnd);
    expect(own[0]?.kind, `worker ${w} starts`).toBe(EventKind.RunStart);
    expect(own.at(-1)?.kind, `worker ${w} ends`).toBe(EventKind.RunEnd);
    expect(own.at(-1)?.a, `worker ${w} was not cancelled`).toBe(0);
    const progress = own.filter((e) => e.kind === EventKind.Progress).map((e) => e.a);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  }
}

describe('in one thread, over MessageChannel ports', () => {
  const shared = make();

  test('a threads run under the message fallback completes: one GIL holder at a time, every worker started and ended', async () => {
    const r = await shared.engine.run({ strategy: 'threads', workers: 3, workload: 'mixed', seconds: 0.08, switchIntervalMs: 1 }).result;
    expect(r.mode).toBe('message-fallback');
    expectWellFormed(r.events, 3);
    const holds = gilHolds(r.events);
    expect(new Set(holds.map((h) => h.worker)).size).toBe(3);
    expect(gilOverlaps(r.events)).toEqual([]);
    // One thread, one clock: here times are exact too, so no hold may start before the previous one ended. (The
    // fallback's sequence numbers come from each worker's own grant, so they alone would not catch a wrong arbiter.)
    const byTime = [...holds].sort((a, b) => a.start - b.start);
    for (let i = 1; i < byTime.length; i++) expect(byTime[i]!.start).toBeGreaterThanOrEqual(byTime[i - 1]!.end);
    // Every acquire answers a request of the same worker.
    const asked = new Set<number>();
    for (const e of r.events) {
      if (e.kind === EventKind.GilRequest) asked.add(e.worker);
      if (e.kind === EventKind.GilAcquire) expect(asked.delete(e.worker), `worker ${e.worker} asked first`).toBe(true);
    }
  });

  test('a subinterpreters run copies arguments in and results out, one result per worker', async () => {
    const r = await shared.engine.run({ strategy: 'subinterpreters', workers: 2, workload: 'primes', seconds: 0.03, interpreters: 2 }).result;
    expectWellFormed(r.events, 2);
    expect(r.results.map((s) => (JSON.parse(s) as { worker: number }).worker).sort()).toEqual([0, 1]);
    expect(r.events.filter((e) => e.kind === EventKind.CopyStart).length).toBeGreaterThanOrEqual(2 * 3);
  });

  test('onProgress is fed the events as they arrive, then once more, sorted, when the run is done', async () => {
    const calls: Array<{ length: number; done: boolean; same: boolean }> = [];
    const handle = shared.engine.run(
      { strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.15, switchIntervalMs: 1 },
      { onProgress: (p: RunProgress) => calls.push({ length: p.events.length, done: p.done, same: p.events === handle.events }) },
    );
    const r = await handle.result;
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.same)).toBe(true);
    expect(calls.map((c) => c.done)).toEqual([...calls.slice(1).map(() => false), true]);
    // While running: only calls that bring something new, never fewer events than before.
    const running = calls.slice(0, -1).map((c) => c.length);
    expect(running[0]).toBeGreaterThan(0);
    expect(running[0]).toBeLessThan(r.events.length);
    for (let i = 1; i < running.length; i++) expect(running[i]).toBeGreaterThan(running[i - 1]!);
    expect(calls.at(-1)!.length).toBe(r.events.length);
  });

  test('with shared memory, a one-worker run takes and drops the SharedGil and finishes', async () => {
    const { engine } = make({ sharedMemory: true });
    const r = await engine.run({ strategy: 'threads', workers: 1, workload: 'io', ioWaitMs: 1, ioOps: 5 }).result;
    expect(r.mode).toBe('shared-memory');
    expectWellFormed(r.events, 1);
    // Each I/O wait drops the GIL and takes it back: the first take plus one per wait.
    expect(r.events.filter((e) => e.kind === EventKind.GilAcquire)).toHaveLength(6);
    expect(gilOverlaps(r.events)).toEqual([]);
  });
});

/** An engine that aborts `controller` as the engine posts the first message of `type` (before a worker reads it). */
function abortOn(type: ToWorker['type']) {
  const controller = new AbortController();
  const made = make({}, (m) => {
    if (m.type === type) controller.abort();
  });
  return { ...made, signal: controller.signal };
}

/** Stopped on purpose, recognisable by name, and every worker the engine started has been ended. */
async function expectStopped(work: Promise<unknown>, { engine, tap }: ReturnType<typeof abortOn>) {
  const e = await work.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(Cancelled);
  expect(isAbortError(e)).toBe(true);
  await engine.releaseIdle();
  expect(engine.aliveWorkers).toBe(0);
  expect(tap.terminated).toBe(tap.spawned);
}

describe('every engine call that does work stops when its signal aborts', () => {
  test('a warm-up', async () => {
    const a = abortOn('warm');
    await expectStopped(a.engine.warmUp('primes', 2, a.signal), a);
  });

  test('a calibration, which is then not kept: the next one measures again', async () => {
    const a = abortOn('calibrate');
    await expectStopped(a.engine.calibrate('primes', a.signal), a);
    const calibrations = a.tap.posted.filter((m) => m.type === 'calibrate').length;
    expect(await a.engine.calibrate('primes')).toBeGreaterThan(0);
    expect(a.tap.posted.filter((m) => m.type === 'calibrate').length).toBeGreaterThan(calibrations);
  });

  test('a calibration shared with a caller that did not abort goes on for that caller', async () => {
    const a = abortOn('warm');
    const [stopped, kept] = await Promise.allSettled([a.engine.calibrate('fib', a.signal), a.engine.calibrate('fib')]);
    expect(stopped.status === 'rejected' && stopped.reason).toBeInstanceOf(Cancelled);
    expect(kept.status === 'fulfilled' && kept.value).toBeGreaterThan(0);
  });

  test('the free-cores probe', async () => {
    const a = abortOn('spin');
    await expectStopped(a.engine.probeParallelism('primes', a.signal), a);
  });

  test('a data-sharing probe', async () => {
    const a = abortOn('probe');
    await expectStopped(a.engine.measureSharing(1 << 16, 'copy', a.signal), a);
  });

  test('a worker-start probe, and a pool being started', async () => {
    const controller = new AbortController();
    const a = make();
    controller.abort();
    await expectStopped(a.engine.measureStart(controller.signal), { ...a, signal: controller.signal });
    await expectStopped(a.engine.warm(2, controller.signal), { ...a, signal: controller.signal });
  });

  test('a run in its warm-up', async () => {
    const a = abortOn('warm');
    const handle = a.engine.run({ strategy: 'threads', workers: 2, workload: 'primes', seconds: 0.1 }, { signal: a.signal });
    await expectStopped(handle.result, a);
  });

  test('a run while it runs: its workers see the cancel, the events so far are kept', async () => {
    const controller = new AbortController();
    const a = make();
    const handle = a.engine.run(
      { strategy: 'threads', workers: 2, workload: 'countdown', units: 1e12, switchIntervalMs: 1 },
      { signal: controller.signal, onProgress: (p) => p.events.some((e) => e.kind === EventKind.GilAcquire) && controller.abort() },
    );
    await expectStopped(handle.result, { ...a, signal: controller.signal });
    expect(handle.events.some((e) => e.kind === EventKind.GilAcquire)).toBe(true);
    // The workers stopped on their own within the grace period: each one's trace ends with a cancelled RunEnd.
    for (const w of [0, 1]) expect(handle.events.filter((e) => e.worker === w).at(-1)).toMatchObject({ kind: EventKind.RunEnd, a: 1 });
  });

  test('cancelling the handle stops the run the same way', async () => {
    const a = make();
    const handle = a.engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', units: 1e12, switchIntervalMs: 1 }, { onProgress: () => void handle.cancel() });
    await expectStopped(handle.result, { ...a, signal: new AbortController().signal });
  });
});
