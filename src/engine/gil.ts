import { CTRL, GIL_LAST_HOLDER, GIL_LOCKED, GIL_SWITCH_NUMBER } from './protocol.js';
import { DropReason, EventKind } from './trace.js';

/** Where a GIL implementation records what it does. */
export interface GilRecorder {
  now(): number;
  event(kind: EventKind, a?: number, b?: number, c?: number): void;
}

const NO_HOLDER = -1;
/** Longest single Atomics.wait, so a cancelled run is noticed within this many ms whatever the interval. */
const WAKE_MS = 20;
/**
 * An adaptive wait (as glibc's adaptive mutexes do): only when a hand-off is imminent, because this thread just
 * asked the holder to drop (it will within one ~50 us slice) or just handed the GIL over, it polls for at most this
 * long before sleeping in the kernel, whose wake-up alone costs ~50-100 us on a small VM. It changes how fast a
 * hand-off is, not who gets the GIL or when.
 */
const SPIN_MS = 0.3;
/** Timer lateness above this is preemption, not the timer's own slack. */
const MAX_OVERSHOOT_MS = 0.5;

/**
 * CPython's GIL (Python/ceval_gil.c, with FORCE_SWITCHING) ported onto Atomics over a SharedArrayBuffer.
 *
 * take: while the GIL is locked, wait up to one switch interval; if a whole interval passed with no switch,
 * set a drop request on the holder's eval breaker. drop: release and wake one waiter; after a forced drop, wait
 * until another thread has taken it, so the dropper cannot simply take it back.
 */
export class SharedGil {
  private readonly base: number;
  /** Running estimate of how late a timed Atomics.wait returns, in ms. */
  private overshoot = 0.1;

  constructor(
    private readonly cells: Int32Array,
    readonly index: number,
    private readonly intervalMs: number,
    private readonly trace: GilRecorder,
  ) {
    this.base = CTRL.GIL + index * CTRL.GIL_STRIDE;
  }

  static reset(cells: Int32Array, gils: number): void {
    for (let g = 0; g < gils; g++) {
      const base = CTRL.GIL + g * CTRL.GIL_STRIDE;
      cells[base + GIL_LOCKED] = 0;
      cells[base + GIL_LAST_HOLDER] = NO_HOLDER;
      cells[base + GIL_SWITCH_NUMBER] = 0;
    }
  }

  private get cancelled(): boolean {
    return Atomics.load(this.cells, CTRL.CANCEL) !== 0;
  }

  dropRequested(me: number): boolean {
    return Atomics.load(this.cells, CTRL.DROP_REQUEST + me) !== 0;
  }

  private spinWhile(cell: number, value: number): void {
    const end = this.trace.now() + SPIN_MS;
    while (Atomics.load(this.cells, cell) === value && this.trace.now() < end);
  }

  /** Returns false if the run was cancelled while waiting. */
  take(me: number): boolean {
    const c = this.cells;
    const locked = this.base + GIL_LOCKED;
    this.trace.event(EventKind.GilRequest, this.index);
    while (Atomics.compareExchange(c, locked, 0, 1) !== 0) {
      if (this.cancelled) return false;
      const saved = Atomics.load(c, this.base + GIL_SWITCH_NUMBER);
      // cond_timedwait(cond, mutex, interval): the wait restarts each time round the loop.
      // The kernel's timed wait overshoots (~0.1-0.2 ms here); ask for that much less, learned as we go, so an
      // interval lasts the interval without burning a core that other threads may need.
      const deadline = this.trace.now() + this.intervalMs;
      let timedOut = true;
      for (let left = this.intervalMs; left > this.overshoot; left = deadline - this.trace.now()) {
        const ask = Math.min(left - this.overshoot, WAKE_MS);
        const t = this.trace.now();
        if (Atomics.wait(c, locked, 1, ask) !== 'timed-out') {
          timedOut = false;
          break;
        }
        // Learn from ordinary wake-ups only: a thread descheduled for milliseconds says nothing about the timer.
        const late = this.trace.now() - t - ask;
        if (late >= 0 && late < MAX_OVERSHOOT_MS) this.overshoot = 0.8 * this.overshoot + 0.2 * late;
        if (this.cancelled) return false;
      }
      if (timedOut && Atomics.load(c, locked) === 1 && Atomics.load(c, this.base + GIL_SWITCH_NUMBER) === saved) {
        const holder = Atomics.load(c, this.base + GIL_LAST_HOLDER);
        if (holder !== NO_HOLDER && Atomics.exchange(c, CTRL.DROP_REQUEST + holder, 1) === 0) {
          this.trace.event(EventKind.DropRequestSet, holder, this.index);
          // The holder drops at its next eval-breaker check (within one ~50 us slice of work).
          this.spinWhile(locked, 1);
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
    Atomics.notify(c, this.base + GIL_LOCKED, 1);
    // FORCE_SWITCHING: with a drop request pending (whatever made this thread drop), block until another thread
    // owns the GIL. A thread's final release does not wait.
    if (forced && reason !== DropReason.Done) {
      Atomics.store(c, CTRL.DROP_REQUEST + me, 0);
      this.spinWhile(this.base + GIL_LAST_HOLDER, me);
      while (Atomics.load(c, this.base + GIL_LAST_HOLDER) === me && !this.cancelled) {
        Atomics.wait(c, this.base + GIL_LAST_HOLDER, me, WAKE_MS);
      }
    }
  }
}

/** Wakes every thread blocked on any GIL of the run, so a cancel is seen at once. */
export function wakeAll(cells: Int32Array, gils: number): void {
  for (let g = 0; g < gils; g++) {
    const base = CTRL.GIL + g * CTRL.GIL_STRIDE;
    Atomics.notify(cells, base + GIL_LOCKED);
    Atomics.notify(cells, base + GIL_LAST_HOLDER);
  }
  Atomics.notify(cells, CTRL.CANCEL);
}
