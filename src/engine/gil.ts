import { CondVar, condLockMutex, futexCall, lockMutex, unlockMutex, WAKE_MS } from './condvar.js';
import { CTRL, CV, GIL_LAST_HOLDER, GIL_LOCKED, GIL_SWITCH_NUMBER } from './protocol.js';
import { NO_HOLDER } from './gilCells.js';
import { DropReason, EventKind } from './trace.js';

/** Where a GIL implementation records what it does. */
export interface GilRecorder {
  now(): number;
  event(kind: EventKind, a?: number, b?: number, c?: number): void;
}

/**
 * After setting a drop request, the requester stays on its CPU for as long as the holder can take to answer, then
 * sleeps in its timed wait; awake, it watches only for a signal. CPython's holder answers within ~1 us, mostly while
 * the requester is still on its way into futex_wait, so the requester takes the signal without a futex wake. Ours
 * looks at its eval breaker every ~0.5 us of work (run.ts, the job's `checkMs`), then its drop path up to the signal
 * takes this long (3-4 us median here, p90 ~10 us; CPython's C: under 1 us), and a requester that went straight to
 * sleep would need the wake almost every time (tried: 88% of 2-thread hand-offs woken, 3 threads then rotate as a
 * FIFO queue would, share 0.94 against CPython's 0.3). The condition variable still decides who is signalled:
 * awake, the requester can only take a signal its group is given. Costs ~6 us of one waiter's core per switch.
 * Earlier, with the holder looking every ~50 us of work and an 80 us watch, the requester won more hand-offs
 * (4-thread share to the longest waiter 0.15-0.20 against CPython's 0.22-0.25; `npm run bench -- --fidelity`).
 * What this watch changes, measured (3 threads; glibc's group state read by an LD_PRELOAD shim on
 * pthread_cond_signal in CPython 3.11, the trace in gildeck): both waiters are in the signalled group at 88-90% of
 * hand-offs in both; there CPython's requester wins 70-77% (asleep before the signal in the rest), ours 87-91%,
 * so our 3- and 4-thread shares to the longest waiter read ~0.05 low. Our holder's answer also moves with V8's
 * tiering of its drop path (request to release p50 1.5-3.4 us from run to run in Node; CPython's 0.5 us). Tried
 * and not kept: a watch learned per requester so that the holder answers within it in a set share of requests
 * (0.55-0.75; it held that share, and the shares came closer, 4-thread 0.22 against 0.24), but requesters then
 * fell asleep just before the signal and were woken at once (on-CPU hand-off 6.3 us against CPython's 1.9) and the
 * I/O call beside two CPU threads locked at three switch periods (15.9 ms in every round; CPython's 5-80).
 */
const DROP_PATH_MS = 0.0055;
/**
 * How late CPython's timed wait ends here: Linux's default timer slack (the kernel may fire a futex timeout up to
 * 50 us late, to batch wake-ups, and on an otherwise idle core fires it at the end of that window), then waking the
 * thread on its idle core: 65-85 us, median 80 (an LD_PRELOAD shim timing CPython 3.11's 5 ms GIL waits,
 * pthread_cond_timedwait, 2 and 3 threads). Ours aim for the same (the learned overshoot takes out what V8 adds),
 * so with a holder that answers within a microsecond a slice lasts what CPython's does (5.10 ms at 5 ms). It sets
 * how an interval's end falls against the other threads' (who times out first and asks for the switch; when the
 * I/O thread beside two CPU-bound ones gets in), not only its length. Measured on this machine, like FUTEX_CALL_MS:
 * on bare metal the wake is faster. Was 50 us, the slack alone, while a holder answering up to ~50 us late made up
 * the rest (with the prompt holder and 50 us: slices of 5.07 ms, the I/O call beside two CPU threads 23-26 ms
 * against CPython's 38-51 in the same runs; with 80 us: 5.10 ms, 36-41 ms against 52-56).
 */
const TIMED_WAIT_LATE_MS = 0.08;
/** Timer lateness above this is preemption, not the timer's own slack. */
const MAX_OVERSHOOT_MS = 0.5;

/**
 * CPython's GIL (Python/ceval_gil.c, with FORCE_SWITCHING) ported onto Atomics over a SharedArrayBuffer, with the
 * mutex and condition variable it uses (condvar.ts, glibc's on Atomics).
 *
 * take: under the mutex, while the GIL is locked, wait on the condition variable up to one switch interval; if a
 * whole interval passed with no switch, set a drop request on the holder's eval breaker. drop: release and signal
 * the condition variable; after a forced drop, wait until another thread has taken it, so the dropper cannot
 * simply take it back (FORCE_SWITCHING: the dropper checks under switch_mutex, which the new holder takes to record
 * the switch and wake it; the two can meet there, as in CPython, which adds a few microseconds to some hand-offs).
 *
 * Who gets the GIL is what glibc's condition variable and the futex queue make of it, as in CPython on Linux (the
 * interpreter "doesn't have its own scheduler", sys.setswitchinterval's docs): a release signals a thread that was
 * already waiting when the current group of waiters opened, the first of them asleep; a thread whose timed wait
 * ends (the one that then asks for the switch) queues again behind everyone; a thread awake when the GIL is free
 * (back from I/O) takes it under the mutex without being signalled. So with three CPU-bound threads the order is
 * not a fixed rotation, and an I/O-bound thread queues behind CPU-bound threads that re-entered before it. On a
 * busy machine the requester is often off its CPU when the holder lets go, the futex wakes the longest waiter, and
 * the order tends to first-come-first-served, as CPython's does (measured here with a CPU hog on one core: slice
 * p50 8.0 ms, I/O call beside two CPU-bound threads 5-13 ms; CPython busy: 8.0 ms, 13-16 ms).
 * Earlier versions, measured and replaced: a strict first-come-first-served wake (3 threads rotate 012012, share
 * 0.76-0.96 against CPython's 0.3-0.7 on an idle machine); a uniform random pick among waiters (a model; ~0.5 and
 * ~0.33 whatever the load, and an I/O thread beside two CPU-bound ones got in after two hand-offs where CPython's
 * waits many); a requester spinning 0.3 ms and taking the GIL itself (it won most hand-offs).
 */
export class SharedGil {
  private readonly base: number;
  private readonly cond: CondVar;
  /**
   * Running estimate of how late a timed Atomics.wait returns, in ms. A deliberate deviation, labelled: V8's
   * timed wait overshoots by ~0.1-0.2 ms here, more than pthread_cond_timedwait's ~80 us (TIMED_WAIT_LATE_MS), so we ask
   * for that much less, learned as we go. It makes an interval last the interval and the slack (slices of 5.1 ms
   * at 5 ms, as in CPython, not ~5.3).
   */
  private overshoot = 0.1;
  private readonly learn = (late: number): void => {
    // Learn from ordinary wake-ups only: a thread descheduled for milliseconds says nothing about the timer.
    if (late >= 0 && late < MAX_OVERSHOOT_MS) this.overshoot = 0.8 * this.overshoot + 0.2 * late;
  };

  /** How long a requester watches for the holder's answer (see DROP_PATH_MS). */
  private readonly awakeMs: number;

  /** `checkMs`: the longest a holder of this run computes between two looks at its eval breaker. */
  constructor(
    private readonly cells: Int32Array,
    readonly index: number,
    private readonly intervalMs: number,
    checkMs: number,
    private readonly trace: GilRecorder,
  ) {
    this.awakeMs = checkMs + DROP_PATH_MS;
    this.base = CTRL.GIL + index * CTRL.GIL_STRIDE;
    this.cond = new CondVar(cells, this.base, () => trace.now());
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
    const mutex = this.base + CV.MUTEX;
    this.trace.event(EventKind.GilRequest, this.index);
    if (!lockMutex(c, mutex)) return false;
    let requested = false;
    while (Atomics.load(c, locked) !== 0) {
      const saved = Atomics.load(c, this.base + GIL_SWITCH_NUMBER);
      // cond_timedwait(cond, mutex, interval): the wait restarts each time round the loop.
      const deadline = this.trace.now() + this.intervalMs + TIMED_WAIT_LATE_MS;
      const r = this.cond.timedWait(mutex, deadline, requested ? this.awakeMs : 0, this.overshoot, this.learn);
      if (r === 'cancelled') return false;
      requested = false;
      if (r === 'timed-out' && Atomics.load(c, locked) !== 0 && Atomics.load(c, this.base + GIL_SWITCH_NUMBER) === saved) {
        const holder = Atomics.load(c, this.base + GIL_LAST_HOLDER);
        // The holder drops at its next eval-breaker check; this thread waits for that in the next round. Recorded
        // before it is set (only a waiter holding the mutex sets it, so nobody else can in between): the holder's
        // drop needs this mutex, which this thread releases only in its next wait, and a holder that finds it held
        // sleeps on it (a futex wake, 10-30 us, before it can answer). Forced drops that found it held, CPython 3.11
        // (LD_PRELOAD shim on pthread_mutex_lock) / gildeck recording after the request / before (Node, Chromium):
        // 2 threads 35-48% / 16-50% / 5-8%, 3 threads 9-10% / 18-42% / 5-11%, 4 threads 4-8% / 17-35% / 3-6%, beside
        // an I/O thread 11-12% / 18-35% / 1-5%. Our holder reacts later than CPython's (it looks every ~0.5 us of
        // work, CPython's every bytecode), so with two threads it meets the requester's window less often.
        if (holder !== NO_HOLDER && Atomics.load(c, CTRL.DROP_REQUEST + holder) === 0) {
          this.trace.event(EventKind.DropRequestSet, holder, this.index);
          Atomics.store(c, CTRL.DROP_REQUEST + holder, 1);
        }
        requested = true;
      }
    }
    // FORCE_SWITCHING: the switch is recorded under switch_mutex, which a forced dropper holds while it checks
    // whether the GIL has changed hands, so the new holder may wait for it here, as in CPython.
    const switchMutex = this.base + CV.SWITCH_MUTEX;
    if (!lockMutex(c, switchMutex)) {
      unlockMutex(c, mutex);
      return false;
    }
    Atomics.store(c, locked, 1);
    const seq = Atomics.add(c, CTRL.SEQ, 1);
    if (Atomics.load(c, this.base + GIL_LAST_HOLDER) !== me) {
      Atomics.store(c, this.base + GIL_LAST_HOLDER, me);
      Atomics.add(c, this.base + GIL_SWITCH_NUMBER, 1);
    }
    // signal(switch_cond): a forced dropper waits for this.
    Atomics.notify(c, this.base + GIL_LAST_HOLDER);
    unlockMutex(c, switchMutex);
    Atomics.store(c, CTRL.DROP_REQUEST + me, 0);
    // Stamped once the switch is recorded and the dropper signalled (a system call in CPython too), near where a
    // Python thread's first timestamp after a switch falls; still under the mutex, so a drop request another
    // waiter sets on this new holder always comes after its acquire in the trace.
    this.trace.event(EventKind.GilAcquire, this.index, seq);
    unlockMutex(c, mutex);
    return true;
  }

  drop(me: number, reason: DropReason): void {
    const c = this.cells;
    const forced = this.dropRequested(me);
    const mutex = this.base + CV.MUTEX;
    Atomics.store(c, this.base + GIL_LAST_HOLDER, me);
    if (!lockMutex(c, mutex)) return;
    // Stamped before the release, so in the trace a drop always precedes the next acquire.
    const seq = Atomics.add(c, CTRL.SEQ, 1);
    this.trace.event(EventKind.GilDrop, this.index, seq, reason);
    Atomics.store(c, this.base + GIL_LOCKED, 0);
    this.cond.signal();
    unlockMutex(c, mutex);
    // FORCE_SWITCHING: with a drop request pending (whatever made this thread drop), block until another thread
    // owns the GIL. A thread's final release does not wait.
    if (forced && reason !== DropReason.Done) {
      const switchMutex = this.base + CV.SWITCH_MUTEX;
      if (!lockMutex(c, switchMutex)) return;
      if (Atomics.load(c, this.base + GIL_LAST_HOLDER) === me) {
        Atomics.store(c, CTRL.DROP_REQUEST + me, 0);
        // cond_wait(switch_cond, switch_mutex): release, sleep until the holder changes, take the mutex again.
        unlockMutex(c, switchMutex);
        while (Atomics.load(c, this.base + GIL_LAST_HOLDER) === me && !this.cancelled) {
          if (Atomics.wait(c, this.base + GIL_LAST_HOLDER, me, WAKE_MS) === 'not-equal') futexCall();
        }
        if (!condLockMutex(c, switchMutex)) return;
      }
      unlockMutex(c, switchMutex);
    }
  }
}
