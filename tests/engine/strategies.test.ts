import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computingIntervals, forcedSlicesMs, gilHolds, gilOverlaps, ioReacquireUs, overlapMs } from '../../src/engine/analysis.js';
import { Cancelled, type Engine } from '../../src/engine/index.js';
import { DropReason, EventKind, type TraceEvent } from '../../src/engine/trace.js';
import { nodeEngine } from '../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
  expect(engine.aliveWorkers).toBe(0);
});

const count = (events: TraceEvent[], kind: EventKind, worker?: number) => events.filter((e) => e.kind === kind && (worker === undefined || e.worker === worker)).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('threads: N workers share one GIL', () => {
  test('no two workers ever hold the GIL at the same time', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 3, workload: 'primes', seconds: 0.3 }).result;
    expect(r.mode).toBe('shared-memory');
    expect(gilHolds(r.events).length).toBeGreaterThan(10);
    expect(gilOverlaps(r.events)).toEqual([]);
  });

  test('the message fallback obeys the same invariant', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 3, workload: 'primes', seconds: 0.3, forceFallback: true }).result;
    expect(r.mode).toBe('message-fallback');
    expect(gilHolds(r.events).length).toBeGreaterThan(10);
    expect(gilOverlaps(r.events)).toEqual([]);
  });

  test('forced switches happen, set by a waiter that timed out, and alternate the holders', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.2 }).result;
    const forced = gilHolds(r.events).filter((h) => h.reason === DropReason.Forced);
    expect(forced.length).toBeGreaterThan(5);
    expect(count(r.events, EventKind.DropRequestSet)).toBeGreaterThanOrEqual(forced.length);
    // After a forced drop the dropper waits until another thread took the GIL: the next holder is the other one.
    const holds = gilHolds(r.events);
    for (let i = 1; i < holds.length; i++) if (holds[i - 1]!.reason === DropReason.Forced) expect(holds[i]!.worker).not.toBe(holds[i - 1]!.worker);
  });

  test('only one thread computes at a time', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 2, workload: 'primes', seconds: 0.3 }).result;
    const both = overlapMs(computingIntervals(r.events, 0), computingIntervals(r.events, 1));
    expect(both / r.wallMs).toBeLessThan(0.05);
  });

  test('a slice lasts about one switch interval, and the interval is settable per run', async () => {
    const at5 = await engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.3, switchIntervalMs: 5 }).result;
    const at20 = await engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.3, switchIntervalMs: 20 }).result;
    expect(median(forcedSlicesMs(at20.events))).toBeGreaterThan(2 * median(forcedSlicesMs(at5.events)));
    expect(median(forcedSlicesMs(at5.events))).toBeGreaterThanOrEqual(5);
  });
});

describe('the convoy effect', () => {
  test('an I/O-bound thread beside a CPU-bound one waits for the GIL after each wait; with free-threading it does not', async () => {
    const gil = await engine.run({ strategy: 'threads', workers: 2, workload: 'mixed', seconds: 0.3, ioWaitMs: 1 }).result;
    const latency = ioReacquireUs(gil.events);
    expect(latency.length).toBeGreaterThan(5);
    // The waiter can only get the GIL back by timing out (one interval) and forcing a switch.
    expect(median(latency)).toBeGreaterThan(2500);

    const free = await engine.run({ strategy: 'free-threading', workers: 2, workload: 'mixed', seconds: 0.3, ioWaitMs: 1 }).result;
    expect(count(free.events, EventKind.GilRequest)).toBe(0);
    // Without a GIL the I/O thread does far more round trips in the same time.
    expect(count(free.events, EventKind.IoEnd, 0)).toBeGreaterThan(3 * count(gil.events, EventKind.IoEnd, 0));
  });

  test('I/O drops the GIL even when the wait is zero', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 1, workload: 'io', ioWaitMs: 0, ioOps: 20 }).result;
    expect(gilHolds(r.events).filter((h) => h.reason === DropReason.Io)).toHaveLength(20);
  });
});

describe('free-threading and subinterpreters', () => {
  test('free-threading runs overlap in time on a multi-core machine', async () => {
    const r = await engine.run({ strategy: 'free-threading', workers: 2, workload: 'primes', seconds: 0.4 }).result;
    expect(count(r.events, EventKind.GilAcquire)).toBe(0);
    const both = overlapMs(computingIntervals(r.events, 0), computingIntervals(r.events, 1));
    expect(both / r.wallMs).toBeGreaterThan(0.3);
  });

  test('subinterpreters overlap across interpreters but not within one', async () => {
    const r = await engine.run({ strategy: 'subinterpreters', workers: 4, interpreters: 2, workload: 'primes', seconds: 0.6 }).result;
    expect(gilOverlaps(r.events)).toEqual([]);
    const holds = gilHolds(r.events);
    expect(new Set(holds.map((h) => h.gil))).toEqual(new Set([0, 1]));
    // Workers 0 and 2 share interpreter 0; workers 0 and 1 are in different interpreters.
    const within = overlapMs(computingIntervals(r.events, 0), computingIntervals(r.events, 2));
    const across = overlapMs(computingIntervals(r.events, 0), computingIntervals(r.events, 1));
    expect(within / r.wallMs).toBeLessThan(0.05);
    expect(across).toBeGreaterThan(10 * Math.max(within, 1));
  });

  test('subinterpreters copy their arguments in and their results out', async () => {
    const r = await engine.run({ strategy: 'subinterpreters', workers: 2, workload: 'countdown', seconds: 0.05, payloadBytes: 100_000 }).result;
    // Per worker: serialize here, parse there; serialize the result there, parse it here.
    expect(count(r.events, EventKind.CopyStart)).toBe(8);
    expect(r.results).toHaveLength(2);
  });
});

describe('multiprocessing', () => {
  test('pays for starting processes and for copying arguments and results, and its trace shows both', async () => {
    // Calibrating starts a pooled worker that stays; count from after it, so this test also holds when run alone.
    await engine.calibrate('countdown');
    const before = engine.aliveWorkers;
    const r = await engine.run({ strategy: 'multiprocessing', workers: 2, workload: 'countdown', seconds: 0.05, payloadBytes: 1_000_000 }).result;
    for (const w of [0, 1]) {
      const spawn = r.events.find((e) => e.worker === w && e.kind === EventKind.SpawnStart)!;
      const ready = r.events.find((e) => e.worker === w && e.kind === EventKind.SpawnReady)!;
      expect(ready.t).toBeGreaterThan(spawn.t);
      const copies = r.events.filter((e) => e.worker === w && e.kind === EventKind.CopyEnd);
      expect(copies.length).toBe(4);
      // The arguments really are about a megabyte once serialized.
      expect(copies[0]!.a).toBeGreaterThan(900_000);
    }
    expect(r.results.map((s) => JSON.parse(s).worker).sort()).toEqual([0, 1]);
    // Each process exits with its run.
    expect(engine.aliveWorkers).toBe(before);
  });

  test('the pool variant reuses started workers', async () => {
    await engine.warm(2);
    const before = engine.aliveWorkers;
    const r = await engine.run({ strategy: 'multiprocessing-pool', workers: 2, workload: 'countdown', seconds: 0.05 }).result;
    expect(count(r.events, EventKind.SpawnStart)).toBe(0);
    expect(count(r.events, EventKind.CopyStart)).toBe(8);
    expect(engine.aliveWorkers).toBe(before);
  });
});

describe('asyncio and sequential', () => {
  test('asyncio overlaps I/O waits on one thread', async () => {
    const tasks = [0, 1, 2].map((id) => ({ id, steps: [{ io: 150 }] }));
    const r = await engine.run({ strategy: 'asyncio', workers: 3, workload: 'io', tasks }).result;
    expect(r.workers).toBe(1);
    expect(r.wallMs).toBeLessThan(2 * 150);
    expect(count(r.events, EventKind.IoEnd)).toBe(3);
  });

  test('a CPU step in one coroutine blocks every other coroutine', async () => {
    const rate = await engine.calibrate('primes');
    const tasks = [
      { id: 0, steps: [{ io: 10 }, { cpu: Math.round(rate * 200) }] },
      { id: 1, steps: [{ io: 20 }] },
    ];
    const r = await engine.run({ strategy: 'asyncio', workers: 2, workload: 'primes', tasks }).result;
    const late = r.events.find((e) => e.kind === EventKind.IoEnd && e.b === 1)!;
    // Task 1 was due after 20 ms but could only resume when task 0's 200 ms of computing ended.
    expect(late.c).toBeGreaterThan(100);
  });

  test('sequential runs every task in turn on one worker', async () => {
    const r = await engine.run({ strategy: 'sequential', workers: 3, workload: 'countdown', seconds: 0.06 }).result;
    expect(r.workers).toBe(1);
    const starts = r.events.filter((e) => e.kind === EventKind.TaskStart).map((e) => e.a);
    expect(starts).toEqual([0, 1, 2]);
  });
});

describe('the shared counter', () => {
  const increments = 10_000_000;
  test('free-threading without a lock loses updates: a real data race on shared memory', async () => {
    const r = await engine.run({ strategy: 'free-threading', workers: 2, workload: 'countdown', counter: { increments, lock: false } }).result;
    expect(r.counter).toBeLessThan(2 * increments);
  });

  test('with a lock the count is right', async () => {
    const r = await engine.run({ strategy: 'free-threading', workers: 2, workload: 'countdown', counter: { increments: 200_000, lock: true } }).result;
    expect(r.counter).toBe(400_000);
  });

  test('under the GIL, switches only between bytecodes of the model lose nothing', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', counter: { increments: 500_000, lock: false } }).result;
    expect(r.counter).toBe(1_000_000);
  });
});

describe('control', () => {
  test('cancel stops every worker of the run and leaves none alive', async () => {
    const fresh = await nodeEngineFresh();
    const handle = fresh.run({ strategy: 'threads', workers: 3, workload: 'primes', seconds: 20 });
    // Calibration comes first; then the three workers start.
    await expect.poll(() => fresh.aliveWorkers, { timeout: 5_000 }).toBe(3);
    await expect.poll(() => handle.events.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await handle.cancel();
    await expect(handle.result).rejects.toBeInstanceOf(Cancelled);
    expect(fresh.aliveWorkers).toBe(0);
    expect(handle.events.length).toBeGreaterThan(0);
    await fresh.dispose();
  });

  test('a throwing workload rejects the run with the worker\'s message instead of hanging it', async () => {
    const fresh = await nodeEngineFresh();
    const handle = fresh.run({ strategy: 'threads', workers: 2, workload: 'countdown', seconds: 1, throwAfterUnits: 10 });
    await expect(handle.result).rejects.toThrow(/worker \d: workload failed after \d+ units/);
    expect(fresh.aliveWorkers).toBe(0);
    await fresh.dispose();
  });
});

test('workers warmed while the idle pool is released are not lost: releasing again leaves none alive', async () => {
  const fresh = await nodeEngineFresh();
  await fresh.warm(1);
  const warming = fresh.warm(3);
  await fresh.releaseIdle();
  await warming;
  await fresh.releaseIdle();
  expect(fresh.aliveWorkers).toBe(0);
  await fresh.dispose();
});

const nodeEngineFresh = nodeEngine;
