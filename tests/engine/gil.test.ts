import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Engine } from '../../src/engine/index.js';
import { SharedGil } from '../../src/engine/gil.js';
import { resetGils } from '../../src/engine/gilCells.js';
import { CONTROL_INTS, CTRL, CV, GIL_LAST_HOLDER, GIL_LOCKED } from '../../src/engine/protocol.js';
import { gilHolds } from '../../src/engine/analysis.js';
import { DropReason, EventKind } from '../../src/engine/trace.js';
import { nodeEngine } from '../support/engine.js';

/** A holder that looks at its eval breaker every 0.5 us of work, as in a run. */
const CHECK_MS = 0.0005;

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

/** Control cells of a run with one GIL, which worker 1 holds. */
function gilHeldByWorker1(): Int32Array {
  const cells = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  resetGils(cells, 1);
  cells[CTRL.GIL + GIL_LOCKED] = 1;
  cells[CTRL.GIL + GIL_LAST_HOLDER] = 1;
  return cells;
}

/**
 * Worker 0 takes the GIL from worker 1, which lets go 0.1 ms after being asked to drop, without waking anyone (a
 * release that only a thread polling for the GIL notices before its timed wait ends). Worker 1 is simulated by the
 * clock: the release happens in the first now() read at least 0.1 ms after the drop request. Returns how long
 * take() lasted.
 */
function takeBesideQuietHolder(intervalMs: number): number {
  const cells = gilHeldByWorker1();
  let requestedAt: number | null = null;
  const now = () => {
    const t = performance.now();
    if (requestedAt !== null && t - requestedAt >= 0.1) Atomics.store(cells, CTRL.GIL + GIL_LOCKED, 0);
    return t;
  };
  const gil = new SharedGil(cells, 0, intervalMs, CHECK_MS, { now, event: (kind) => kind === EventKind.DropRequestSet && (requestedAt = performance.now()) });
  const t0 = performance.now();
  expect(gil.take(0)).toBe(true);
  expect(requestedAt).not.toBeNull();
  return performance.now() - t0;
}

/** Hand-offs at the start of a run left out of the rotation test (see there). */
const START_UP_HANDOFFS = 40;

describe('who gets the GIL', () => {
  test('a thread that asked the holder to drop does not poll for the GIL: it sleeps until woken or timed out', () => {
    // CPython's requester goes back to its timed wait at once. A poller catches the quiet release one interval in;
    // a sleeper sees it only when its next interval ends, two intervals in.
    const took = Array.from({ length: 5 }, () => takeBesideQuietHolder(10));
    const slept = took.filter((ms) => ms >= 15).length;
    expect(slept, `take() lasted ${took.map((t) => t.toFixed(1)).join(', ')} ms`).toBeGreaterThanOrEqual(3);
  });

  test('the thread that asked for a switch is still awake when a prompt holder hands it the GIL: it does not sleep in the kernel first', () => {
    // CPython's holder answers a drop request within ~1 us, before the requester has gone to sleep. Worker 1
    // (simulated by the clock) answers at the first now() once worker 0 waits again after its request: it
    // releases the GIL and signals the condition variable, as its drop() does.
    const cells = gilHeldByWorker1();
    const holder = new SharedGil(cells, 0, 2, CHECK_MS, { now: () => performance.now(), event: () => undefined });
    let requested = false;
    let released = false;
    let waitsAfterRequest = 0;
    const now = () => {
      if (requested && !released && Atomics.load(cells, CTRL.GIL + CV.WSEQ) >> 1 === 2) {
        released = true;
        Atomics.store(cells, CTRL.DROP_REQUEST + 1, 0);
        holder.drop(1, DropReason.Io);
      }
      return performance.now();
    };
    const wait = Atomics.wait;
    Atomics.wait = ((...args: Parameters<typeof Atomics.wait>) => {
      if (requested) waitsAfterRequest++;
      return wait(...args);
    }) as typeof Atomics.wait;
    try {
      const gil = new SharedGil(cells, 0, 2, CHECK_MS, { now, event: (kind) => kind === EventKind.DropRequestSet && (requested = true) });
      expect(gil.take(0)).toBe(true);
    } finally {
      Atomics.wait = wait;
    }
    expect(released).toBe(true);
    expect(waitsAfterRequest).toBe(0);
  });

  test('a drop request is recorded before it is set, so a holder answering at once never waits for the record', () => {
    // The requester holds the GIL's mutex from its timeout until its next wait releases it, and the holder's drop
    // needs that mutex. gildeck's own record (a clock read and a trace write) must not lengthen that window:
    // recorded after the request, it made the holder find the mutex held in 17-42% of forced drops with 3 and 4
    // threads, where CPython's finds it held in 4-10% (gil.ts).
    const cells = gilHeldByWorker1();
    const holder = new SharedGil(cells, 0, 2, CHECK_MS, { now: () => performance.now(), event: () => undefined });
    const seenAtRecord: number[] = [];
    const now = () => {
      if (Atomics.load(cells, CTRL.DROP_REQUEST + 1) !== 0 && Atomics.load(cells, CTRL.GIL + CV.MUTEX) === 0 && Atomics.load(cells, CTRL.GIL + GIL_LOCKED) !== 0) {
        // Worker 1 (simulated) answers once the mutex is free; one thread cannot wait for the switch: it lets go as for I/O.
        Atomics.store(cells, CTRL.DROP_REQUEST + 1, 0);
        holder.drop(1, DropReason.Io);
      }
      return performance.now();
    };
    const record = (kind: EventKind) => {
      if (kind === EventKind.DropRequestSet) seenAtRecord.push(Atomics.load(cells, CTRL.DROP_REQUEST + 1));
    };
    const gil = new SharedGil(cells, 0, 2, CHECK_MS, { now, event: record });
    expect(gil.take(0)).toBe(true);
    expect(seenAtRecord).toEqual([0]);
  });

  test('a new holder records the switch under the switch mutex: while the forced dropper holds it, it waits', () => {
    // FORCE_SWITCHING: worker 1 was forced to drop and, under switch_mutex, checks whether another thread took the
    // GIL yet. Worker 0 finds the GIL free but may take it and record the switch only once that check let go.
    const cells = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
    resetGils(cells, 1);
    const base = CTRL.GIL;
    cells[base + GIL_LAST_HOLDER] = 1;
    cells[base + CV.SWITCH_MUTEX] = 1;
    const gil = new SharedGil(cells, 0, 5, CHECK_MS, { now: () => performance.now(), event: () => undefined });
    const seenWhileHeld: number[] = [];
    const wait = Atomics.wait;
    Atomics.wait = ((arr: Int32Array, index: number, value: number, timeout?: number) => {
      if (index !== base + CV.SWITCH_MUTEX) return wait(arr, index, value, timeout);
      seenWhileHeld.push(Atomics.load(cells, base + GIL_LOCKED), Atomics.load(cells, base + GIL_LAST_HOLDER));
      Atomics.store(cells, index, 0); // the dropper's check is over
      return 'ok';
    }) as typeof Atomics.wait;
    try {
      expect(gil.take(0)).toBe(true);
    } finally {
      Atomics.wait = wait;
    }
    expect(seenWhileHeld).toEqual([0, 1]);
    expect([cells[base + GIL_LOCKED], cells[base + GIL_LAST_HOLDER], cells[base + CV.SWITCH_MUTEX], cells[base + CV.MUTEX]]).toEqual([1, 0, 0, 0]);
  });

  test('a release signals only threads waiting for that GIL', () => {
    // GIL 1 has a waiter queued (its condition variable says so); a release of GIL 0, which nobody waits for, leaves
    // that waiter's signal untouched.
    const cells = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
    resetGils(cells, 2);
    const g1 = CTRL.GIL + CTRL.GIL_STRIDE;
    cells[g1 + CV.WSEQ] = 2; // one waiter has its place (WSEQ counts in twos)
    const gil = new SharedGil(cells, 0, 5, CHECK_MS, { now: () => performance.now(), event: () => undefined });
    cells[CTRL.GIL + GIL_LOCKED] = 1;
    gil.drop(0, DropReason.Io);
    expect(cells[CTRL.GIL + GIL_LOCKED]).toBe(0);
    expect([cells[g1 + CV.SIGNALS], cells[g1 + CV.SIGNALS + 1], cells[g1 + CV.G1_START]]).toEqual([0, 0, 0]);
  });

  test('with three CPU-bound threads the GIL does not go round in a fixed rotation: the OS picks among the waiters', async () => {
    // A hand-off "follows the rotation" (012012...) when it goes to the thread that has waited longest, not to the
    // holder before last. CPython 3.11 here: 0.26-0.37 of hand-offs on an idle machine, up to ~0.98 on a busy one,
    // in stretches where two threads alternate; waking waiters first-come-first-served gave ~0.9, in runs of dozens.
    const { events } = await engine.run({ strategy: 'threads', workers: 3, workload: 'countdown', seconds: 1.5, switchIntervalMs: 5 }).result;
    // Until the first thread finishes: then two are left, which simply alternate.
    const holds = gilHolds(events);
    const holders = holds
      .slice(0, holds.findIndex((h) => h.reason === DropReason.Done))
      .map((h) => h.worker)
      .filter((w, i, all) => i === 0 || w !== all[i - 1]);
    // The first ~10-40 hand-offs of a run on a fresh engine do go round in order (4 engines, 2 runs each, and a CI
    // run: runs of up to 16 within the first 40 hand-offs, none after; CPython's threads, released together by a
    // barrier, do not): left out as start-up, so that what is judged is how the GIL picks once running.
    const rotation = holders.slice(2).map((w, i) => w !== holders[i]).slice(START_UP_HANDOFFS);
    let run = 0;
    let longestRun = 0;
    for (const r of rotation) longestRun = Math.max(longestRun, (run = r ? run + 1 : 0));
    const share = rotation.filter(Boolean).length / rotation.length;
    const pattern = rotation.map((r) => (r ? 'r' : '.')).join('');
    expect(rotation.length).toBeGreaterThanOrEqual(60);
    expect(share, pattern).toBeLessThan(0.7);
    expect(longestRun, pattern).toBeLessThan(16);
  });
});

describe('I/O that returns at once', () => {
  test('a 0 ms I/O call drops the GIL long enough for a waiting CPU-bound thread to get in', async () => {
    const r = await engine.run({ strategy: 'threads', workers: 2, workload: 'mixed', ioWaitMs: 0, seconds: 0.3 }).result;
    // For each I/O call of worker 0: did another worker take the GIL before worker 0 had it back?
    let calls = 0;
    let overtaken = 0;
    let inCall = false;
    let other = false;
    for (const e of r.events) {
      if (e.kind === EventKind.IoStart && e.worker === 0) [inCall, other] = [true, false];
      else if (inCall && e.kind === EventKind.GilAcquire) {
        if (e.worker !== 0) other = true;
        else {
          calls++;
          if (other) overtaken++;
          inCall = false;
        }
      }
    }
    expect(calls).toBeGreaterThan(5);
    // CPython's time.sleep(0) beside one CPU-bound thread: the CPU thread usually gets in first (p50 5.1 ms).
    expect(overtaken / calls).toBeGreaterThan(0.25);
  });
});
