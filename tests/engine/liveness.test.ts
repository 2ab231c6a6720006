import { resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { bundleWorker } from '../../src/cli/workerBundle.js';
import { Engine, type RunHandle } from '../../src/engine/index.js';
import type { EngineWorker, WorkerHost } from '../../src/engine/host.js';
import { nodeHost } from '../../src/engine/nodeHost.js';

let source: Promise<string> | null = null;

/**
 * Node worker threads that can vanish without a word, as a browser's do when it ends a worker: `vanish` ends the
 * thread but the engine gets no error event. Records which workers were terminated.
 */
async function vanishingHost(): Promise<{ host: WorkerHost; workers: EngineWorker[]; terminated: Set<EngineWorker>; vanish(i: number): Promise<void> }> {
  source ??= bundleWorker(resolve(import.meta.dirname, '../..'), false);
  const inner = nodeHost(await source);
  const workers: EngineWorker[] = [];
  const threads: EngineWorker[] = [];
  const terminated = new Set<EngineWorker>();
  const host: WorkerHost = {
    runtime: inner.runtime,
    sharedMemory: inner.sharedMemory,
    cores: inner.cores,
    spawn() {
      const w = inner.spawn();
      const wrapped: EngineWorker = { ...w, terminate: () => (terminated.add(wrapped), w.terminate()) };
      threads.push(w);
      workers.push(wrapped);
      return wrapped;
    },
  };
  // nodeHost's own terminate() marks the exit as intended, so no error event follows: a silent disappearance.
  return { host, workers, terminated, vanish: (i) => threads[i]!.terminate() };
}

/** The run's outcome within `ms`, or 'still running' (the old engine waited forever). */
async function outcome(h: RunHandle, ms: number): Promise<unknown> {
  return Promise.race([
    h.result.then(
      () => 'finished',
      (e: Error) => e,
    ),
    new Promise((r) => setTimeout(() => r('still running'), ms)),
  ]);
}

let engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
  engines = [];
});

describe.each([false, true])('a worker that stops answering (message fallback: %s)', (forceFallback) => {
  test('one that hangs mid-run rejects the run with a clear message, and every worker of the run is ended', async () => {
    const t = await vanishingHost();
    const engine = new Engine(t.host);
    engines.push(engine);
    // Warm the calibration so the run below starts its workers at once.
    await engine.calibrate('countdown');
    const h = engine.run({ strategy: 'free-threading', workers: 3, workload: 'countdown', units: 1e12, perWorker: true, hangAfterUnits: 1000, forceFallback });
    const r = await outcome(h, 10_000);
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toMatch(/^worker \d stopped answering \(no heartbeat for \d+\.\d s: it hung or was ended\); the run was stopped$/);
    expect(engine.aliveWorkers).toBe(0);
    expect(t.workers.length).toBe(3);
    expect(t.workers.every((w) => t.terminated.has(w)), 'every worker of the run was ended').toBe(true);
  });

  test('one that vanishes without an event (ended from outside the engine) is noticed too', async () => {
    const t = await vanishingHost();
    const engine = new Engine(t.host);
    engines.push(engine);
    const h = engine.run({ strategy: 'threads', workers: 3, workload: 'countdown', units: 1e12, forceFallback });
    await expect.poll(() => t.workers.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await new Promise((r) => setTimeout(r, 300));
    await t.vanish(t.workers.length - 1);
    const r = await outcome(h, 10_000);
    expect((r as Error).message).toMatch(/stopped answering/);
    expect(engine.aliveWorkers).toBe(0);
    expect(t.workers.slice(0, -1).every((w) => t.terminated.has(w)), 'the others were ended').toBe(true);
  });

  test('a worker that is merely waiting (a 3 s I/O call, or for the GIL) is not declared dead', async () => {
    const t = await vanishingHost();
    const engine = new Engine(t.host);
    engines.push(engine);
    const io = await engine.run({ strategy: 'threads', workers: 1, workload: 'io', ioWaitMs: 3000, ioOps: 1, forceFallback }).result;
    expect(io.wallMs).toBeGreaterThan(2900);
    // Three threads share one GIL for seconds: two of them are always waiting.
    const gil = await engine.run({ strategy: 'threads', workers: 3, workload: 'countdown', seconds: 3, switchIntervalMs: 100, forceFallback }).result;
    expect(gil.results).toEqual([]);
  });
});
