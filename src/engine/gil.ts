import { CTRL, GIL_LAST_HOLDER, GIL_LOCKED, GIL_SWITCH_NUMBER, MAX_WORKERS } from './protocol.js';
import { NO_HOLDER } from './gilCells.js';
import { DropReason, EventKind } from './trace.js';

/** Where a GIL implementation records what it does. */
export interface GilRecorder {
  now(): number;
  event(kind: EventKind, a?: number, b?: number, c?: number): void;
}

/** Longest single Atomics.wait, so a cancelled run is noticed within this many ms whatever the interval. */
const WAKE_MS = 20;
/**
 * After a forced drop the dropper polls for at most this long for another thread to take the GIL, before sleeping
 * in the kernel (as glibc's adaptive mutexes spin). It cannot take the GIL back meanwhile, so this changes only how
 * soon it queues again, not who gets the GIL at this hand-off. It matters when the new holder lets go again at
 * once, as around a 0 ms I/O call: CPython's new holder drops within ~2 us, where ours first runs a ~50 us slice,
 * so a dropper still waking from a kernel wait (slow on a busy machine) would queue only after the I/O call
 * returned and the convoy CPython shows for time.sleep(0) would vanish (measured: I/O call p50 0.15 ms instead of
 * 5.1 in two rounds of three).
 */
const SPIN_MS = 0.3;
/**
 * After setting a drop request, the requester stays awake this long, watching only its own wait cell, before it
 * sleeps in the kernel. CPython's holder sees a request within ~1 us, while the requester is still on its CPU
 * queueing on the condition variable, so the hand-off is immediate (3-4 us measured here with two threads); ours
 * sees it at its next check, up to one 50 us work chunk later, and a requester already asleep would then take a
 * ~25 us futex wake. Only a signal ends the watch early, so this changes how fast the picked thread runs, never
 * which thread is picked (it never takes the GIL itself). Costs at most this long of one waiter's core per switch.
 */
const AWAKE_MS = 0.08;
/** Timer lateness above this is preemption, not the timer's own slack. */
const MAX_OVERSHOOT_MS = 0.5;

/**
 * CPython's GIL (Python/ceval_gil.c, with FORCE_SWITCHING) ported onto Atomics over a SharedArrayBuffer.
 *
 * take: while the GIL is locked, wait up to one switch interval; if a whole interval passed with no switch,
 * set a drop request on the holder's eval breaker. drop: release and wake one waiter; after a forced drop, wait
 * until another thread has taken it, so the dropper cannot simply take it back.
 *
 * Who gets the GIL:
 * - No thread polls for the GIL. A waiter sleeps in its timed wait; one that has just set a drop request goes
 *   back to its wait at once, as CPython's does, awake for at most AWAKE_MS watching only its own cell, so it
 *   runs at once if it is the one signalled. (An earlier version spun 0.3 ms after setting the request and took
 *   the GIL itself: with two CPU-bound threads an I/O call then cost 5.5 ms instead of CPython's 12-16.)
 * - The condition variable: each waiter sleeps on its own cell (CTRL.WAKE + worker), which holds 1 + the GIL it
 *   waits for while it is in the wait set. A drop wakes ONE of them, picked uniformly at random, by clearing its
 *   cell; the others sleep on undisturbed, each with its own deadline and saved switch number, as CPython threads
 *   that were not signalled. A thread awake when the GIL is free (one returning from I/O, a waiter whose interval
 *   just ended) takes it with a compare-and-swap without being picked, as in CPython.
 *   The random pick is a model, labelled as such: in CPython the choice is the OS's ("the interpreter doesn't
 *   have its own scheduler", sys.setswitchinterval docs): glibc's condition variable, the futex queue, and whether
 *   the thread that asked for the switch is still awake when the holder lets go (CPython's holder sees a request
 *   within ~1 us, ours within one ~50 us slice). Measured on CPython 3.11 here, the 3-thread share of hand-offs to
 *   the longest waiter moves with machine state: 0.31-0.39 idle on some days (the thread that just asked wins),
 *   0.42-0.69 on others, ~0.8-0.98 under load (nearly first-come-first-served); with 4 threads 0.21-0.37. The pick
 *   gives ~0.5 and ~0.33 whatever the load: between CPython's regimes, without its drift (what this changes: the
 *   convoy beside two CPU-bound threads is shorter than CPython's, which lets the CPU-bound pair win more).
 *   Measured alternatives, rejected: `Atomics.notify(cell, 1)` on one shared cell wakes the waiters strictly
 *   first-come-first-served, so 3 threads rotate 012012 (share 0.76-0.96) and an I/O-bound thread, usually first
 *   in the queue, waited too little beside two CPU-bound threads (5-13 ms against CPython's 13-20); waking every
 *   waiter to race for the compare-and-swap (losers keeping their deadline) lets the thread that asked for the
 *   switch win most races and halved that convoy (6-8 ms). With the random pick it is 10-14 ms.
 * - Long intervals wait in pieces of WAKE_MS (to notice a cancel, and to beat the heartbeat); a thread stays in
 *   the wait set across the pieces, so they change nothing else.
 */
export class SharedGil {
  private readonly base: number;
  /**
   * Running estimate of how late a timed Atomics.wait returns, in ms. A deliberate deviation, labelled: V8's
   * timed wait overshoots by ~0.1-0.2 ms here, more than pthread_cond_timedwait's 50 us timer slack, so we ask
   * for that much less, learned as we go. It makes an interval last the interval (slices of 5.1 ms at 5 ms, as in
   * CPython, not ~5.3); it changes when a drop request is set by a fraction of a millisecond, never the order.
   */
  private overshoot = 0.1;
  /** Scratch for signal(): the threads waiting for this GIL. */
  private readonly waiters = new Int32Array(MAX_WORKERS);

  constructor(
    private readonly cells: Int32Array,
    readonly index: number,
    private readonly intervalMs: number,
    private readonly trace: GilRecorder,
  ) {
    this.base = CTRL.GIL + index * CTRL.GIL_STRIDE;
  }

  private get cancelled(): boolean {
    return Atomics.load(this.cells, CTRL.CANCEL) !== 0;
  }

  dropRequested(me: number): boolean {
    return Atomics.load(this.cells, CTRL.DROP_REQUEST + me) !== 0;
  }

  /** Returns false if the run was cancelled while waiting. */
  take(me: number): boolean {
    const c = this.cells;
    const locked = this.base + GIL_LOCKED;
    const slot = CTRL.WAKE + me;
    const waiting = this.index + 1;
    this.trace.event(EventKind.GilRequest, this.index);
    let requested = false;
    while (Atomics.compareExchange(c, locked, 0, 1) !== 0) {
      if (this.cancelled) return false;
      const saved = Atomics.load(c, this.base + GIL_SWITCH_NUMBER);
      // cond_timedwait(cond, mutex, interval): the wait restarts each time round the loop.
      const deadline = this.trace.now() + this.intervalMs;
      Atomics.store(c, slot, waiting);
      // Look again once in the wait set: a release since the failed CAS signalled nobody (CPython's mutex closes
      // this window). If a dropper picked this thread meanwhile, the signal is this thread's anyway.
      if (Atomics.load(c, locked) === 0) {
        Atomics.store(c, slot, 0);
        continue;
      }
      let signalled = false;
      // The thread that just asked for a switch stays awake a moment, watching only its own cell (see AWAKE_MS).
      if (requested) {
        const end = this.trace.now() + AWAKE_MS;
        while (Atomics.load(c, slot) === waiting && this.trace.now() < end);
        if (Atomics.load(c, slot) !== waiting) signalled = true;
        requested = false;
      }
      for (let left = signalled ? 0 : this.intervalMs; left > this.overshoot; left = deadline - this.trace.now()) {
        const ask = Math.min(left - this.overshoot, WAKE_MS);
        const t = this.trace.now();
        const woke = Atomics.wait(c, slot, waiting, ask);
        // Only a dropper clears the slot; wakeAll (a cancel) wakes without clearing it.
        if (Atomics.load(c, slot) !== waiting) {
          signalled = true;
          break;
        }
        // Learn from ordinary wake-ups only: a thread descheduled for milliseconds says nothing about the timer.
        const late = this.trace.now() - t - ask;
        if (woke === 'timed-out' && late >= 0 && late < MAX_OVERSHOOT_MS) this.overshoot = 0.8 * this.overshoot + 0.2 * late;
        if (this.cancelled) {
          Atomics.store(c, slot, 0);
          return false;
        }
      }
      // The interval is over: leave the wait set, unless a dropper picked this thread just now (a signal that
      // arrives with the timeout counts as a signal, as pthread_cond_timedwait reports it).
      if (!signalled && Atomics.compareExchange(c, slot, waiting, 0) !== waiting) signalled = true;
      if (!signalled && Atomics.load(c, locked) === 1 && Atomics.load(c, this.base + GIL_SWITCH_NUMBER) === saved) {
        const holder = Atomics.load(c, this.base + GIL_LAST_HOLDER);
        // The holder drops at its next eval-breaker check; this thread waits for that asleep, in the next round.
        if (holder !== NO_HOLDER && Atomics.exchange(c, CTRL.DROP_REQUEST + holder, 1) === 0) {
          this.trace.event(EventKind.DropRequestSet, holder, this.index);
          requested = true;
        }
      }
    }
    const seq = Atomics.add(c, CTRL.SEQ, 1);
    this.trace.event(EventKind.GilAcquire, this.index, seq);
    if (Atomics.load(c, this.base + GIL_LAST_HOLDER) !== me) {
      Atomics.store(c, this.base + GIL_LAST_HOLDER, me);
      Atomics.add(c, this.base + GIL_SWITCH_NUMBER, 1);
      // signal(switch_cond): a forced dropper waits for this.
      Atomics.notify(c, this.base + GIL_LAST_HOLDER);
    }
    Atomics.store(c, CTRL.DROP_REQUEST + me, 0);
    return true;
  }

  drop(me: number, reason: DropReason): void {
    const c = this.cells;
    const forced = this.dropRequested(me);
    Atomics.store(c, this.base + GIL_LAST_HOLDER, me);
    // Stamped before the release, so in the trace a drop always precedes the next acquire.
    const seq = Atomics.add(c, CTRL.SEQ, 1);
    this.trace.event(EventKind.GilDrop, this.index, seq, reason);
    Atomics.store(c, this.base + GIL_LOCKED, 0);
    this.signal();
    // FORCE_SWITCHING: with a drop request pending (whatever made this thread drop), block until another thread
    // owns the GIL. A thread's final release does not wait.
    if (forced && reason !== DropReason.Done) {
      Atomics.store(c, CTRL.DROP_REQUEST + me, 0);
      const end = this.trace.now() + SPIN_MS;
      while (Atomics.load(c, this.base + GIL_LAST_HOLDER) === me && this.trace.now() < end);
      while (Atomics.load(c, this.base + GIL_LAST_HOLDER) === me && !this.cancelled) {
        Atomics.wait(c, this.base + GIL_LAST_HOLDER, me, WAKE_MS);
      }
    }
  }

  /**
   * signal(cond): wake one thread waiting for this GIL, picked at random among them (see the class comment). A
   * pick that left the wait set as it was picked (its interval ended) is not woken; the next pick is.
   * Math.random (V8's xorshift128+, seeded per worker) is enough: the pick needs neither quality nor replay, and
   * tests check the distribution, not a sequence.
   */
  private signal(): void {
    const c = this.cells;
    const waiting = this.index + 1;
    for (;;) {
      let n = 0;
      for (let w = 0; w < MAX_WORKERS; w++) if (Atomics.load(c, CTRL.WAKE + w) === waiting) this.waiters[n++] = w;
      if (n === 0) return;
      const w = this.waiters[Math.floor(Math.random() * n)]!;
      if (Atomics.compareExchange(c, CTRL.WAKE + w, waiting, 0) === waiting) {
        Atomics.notify(c, CTRL.WAKE + w, 1);
        return;
      }
    }
  }
}
