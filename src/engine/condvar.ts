import { CTRL, CV } from './protocol.js';

/**
 * The two pthread primitives CPython's GIL is built on (Python/condvar.h over glibc), ported onto Atomics so the
 * emulated GIL queues and wakes as CPython's does on Linux. Who gets the GIL is decided here, not by a model: a
 * signal goes to a thread that was already waiting when the last group of waiters opened, the kernel's (here V8's)
 * futex queue wakes the first of them to block, and a thread whose timed wait ends re-enters behind everyone.
 *
 * Its cells: protocol.ts CV, after the GIL's own three.
 *
 * As in glibc, a waiter takes its place and takes a signal lock-free (so a waiter still on its CPU takes the signal
 * before the one the futex woke gets there), gives back a signal it may have taken from a newer group, and one
 * whose futex wait timed out gives up without looking for a signal (passing one on if it was already counted as
 * signalled; the thread still takes the GIL if it finds it free). Deliberate differences: no broadcast, no pthread
 * cancellation (a cancelled run just leaves); a waiter watches for a signal before sleeping only when asked
 * (`awakeMs`, which glibc does not do: see gil.ts DROP_PATH_MS); a closed group's slot is woken once more in case a
 * waiter still sleeps there (glibc needs no wake: its G1 closes only when all were signalled). Modelled: the
 * system calls glibc makes where V8 stays in user space cost their time (FUTEX_CALL_MS).
 */

/** A slot being recycled: its old waiters must leave rather than sleep on it. */
const CLOSED = 1 << 30;
/** Longest single wait for a mutex or a switch, so a cancel that races the sleep is still noticed soon. */
export const WAKE_MS = 20;

export type WaitResult = 'signalled' | 'timed-out' | 'cancelled';

/**
 * What a futex system call costs when it finds nothing to do (a wake with nobody asleep, a wait whose word had
 * already changed): 0.15 us on this machine (a C loop of FUTEX_WAKE_PRIVATE calls, 150-151 ns; less on bare metal).
 * glibc makes such calls where V8's Atomics stay in user space: pthread_cond_signal wakes whenever it signalled
 * ("TODO Only set it if there are indeed futex waiters", pthread_cond_signal.c), an unlock of a mutex marked
 * contended wakes, a wait whose word changed enters the kernel to find out. Modelled, labelled: gildeck spends this
 * long wherever glibc would have made a call V8 did not, so a hand-off to a thread still on its CPU costs what
 * CPython's does (`npm run bench -- --fidelity`, row "next holder on its CPU"). A call that really wakes or sleeps
 * costs what V8's does, which is the kernel's (measured: 7.5 us to wake a sleeper, in C and in V8 alike).
 */
export const FUTEX_CALL_MS = 0.00015;

/**
 * A waiter watching for a signal (`awakeMs`) reads the condition variable's cells this often, not in a tight loop:
 * they share a cache line with the mutex and the GIL's flag, and a reader polling it continuously slowed the
 * holder's writes, the hand-off itself (on-CPU hand-off 4.0 us, against 3.1 us at this pace; CPython's 2.0-3.2 in
 * the same runs). A waiter on its way into futex_wait reads them a few times, not millions.
 */
const WATCH_POLL_MS = 0.0002;

/** Turns of `spinTurns` per ms on this thread; 0 until calibrated (then futex calls cost nothing extra). */
let turnsPerMs = 0;
let sink = 0;
function spinTurns(turns: number): void {
  let x = sink;
  for (let i = 0; i < turns; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  sink = x;
}

/**
 * Measures this thread's spinning speed once: counted in turns, not timed, since a browser's clock ticks every
 * 5-100 us, far coarser than a system call. After a warm-up (so the loop is optimized), the turns of three windows
 * of `windowMs` (at least 50 ticks of the clock) over their total time. Gives up, leaving futex calls free, if the
 * clock does not move.
 */
export function calibrateFutexCall(now: () => number, windowMs = 1): void {
  if (turnsPerMs > 0) return;
  spinTurns(100_000);
  let turns = 1024;
  let total = 0;
  let ms = 0;
  for (let windows = 0; windows < 3; ) {
    const t0 = now();
    spinTurns(turns);
    const dt = now() - t0;
    if (dt >= windowMs) {
      total += turns;
      ms += dt;
      windows++;
    } else if (turns < 1 << 30) turns *= 2;
    else return;
  }
  turnsPerMs = total / ms;
}

/** Calls charged so far on this thread (tests count them). */
export const futexCalls = { count: 0 };

/** A futex system call glibc makes and V8 did not: spend its cost. */
export function futexCall(): void {
  futexCalls.count++;
  if (turnsPerMs > 0) spinTurns(Math.round(turnsPerMs * FUTEX_CALL_MS));
}

function cancelled(c: Int32Array): boolean {
  return Atomics.load(c, CTRL.CANCEL) !== 0;
}

/** glibc's lowlevellock: compare-and-swap, else mark "sleepers" and sleep in the kernel until handed a turn. */
export function lockMutex(c: Int32Array, at: number): boolean {
  let v = Atomics.compareExchange(c, at, 0, 1);
  if (v === 0) return true;
  if (v !== 2) v = Atomics.exchange(c, at, 2);
  return sleepUntilFree(c, at, v);
}

/**
 * How a thread back from a condition wait takes its mutex again (glibc's lll_cond_lock): marked "sleepers" even
 * when free, since it cannot know whether others queued behind it, so its unlock always makes a wake call.
 */
export function condLockMutex(c: Int32Array, at: number): boolean {
  return sleepUntilFree(c, at, Atomics.exchange(c, at, 2));
}

function sleepUntilFree(c: Int32Array, at: number, v: number): boolean {
  while (v !== 0) {
    // glibc's futex_wait finds the word changed in the kernel; V8 returns at once.
    if (Atomics.wait(c, at, 2, WAKE_MS) === 'not-equal') futexCall();
    if (cancelled(c)) return false;
    v = Atomics.exchange(c, at, 2);
  }
  return true;
}

export function unlockMutex(c: Int32Array, at: number): void {
  if (Atomics.exchange(c, at, 0) === 2 && Atomics.notify(c, at, 1) === 0) futexCall();
}

/**
 * The condition variable's internal lock, a lock like the mutex held for a few hundred nanoseconds and never across
 * a wait. A cancelled run goes on without it: nothing it guards matters any more.
 */
function lockInternal(c: Int32Array, at: number): void {
  lockMutex(c, at);
}

const unlockInternal = unlockMutex;

/** A glibc condition variable (the two-group algorithm of nptl/pthread_cond_wait.c since 2.25) on Atomics. */
export class CondVar {
  constructor(
    private readonly c: Int32Array,
    private readonly base: number,
    private readonly now: () => number,
  ) {}

  private at(cell: number): number {
    return this.base + cell;
  }

  /**
   * pthread_cond_timedwait: releases the mutex, waits for a signal until `deadline` (on `now()`'s clock), takes the
   * mutex again (except when cancelled). `awakeMs`: stay on the CPU this long before sleeping, watching only for a
   * signal (see gil.ts DROP_PATH_MS: a stand-in for a holder that answers in a microsecond, not a spin glibc does).
   * `overshoot`: how much earlier than asked a timed Atomics.wait should end to return on time.
   */
  timedWait(mutexAt: number, deadline: number, awakeMs = 0, overshoot = 0, onLate?: (lateMs: number) => void): WaitResult {
    const c = this.c;
    // A place in the waiter sequence, in what is G2 now (the low bit says which slot that is).
    const w = Atomics.add(c, this.at(CV.WSEQ), 2);
    const seq = w >> 1;
    const g = w & 1;
    unlockMutex(c, mutexAt);

    const signals = this.at(CV.SIGNALS + g);
    const refs = this.at(CV.REFS + g);
    const g1Start = this.at(CV.G1_START);
    let result: WaitResult | null = null;
    const awakeUntil = awakeMs > 0 ? this.now() + awakeMs : -Infinity;
    let timedOut = false;
    // Watching awake for a signal (awakeMs) stands in for a thread on its way into futex_wait.
    let watching = false;
    for (;;) {
      // A futex wait that timed out gives up at once, as glibc's does, even with a signal now in its slot: the
      // signal stays for a waiter the futex woke (the GIL goes to whichever thread finds it free first).
      if (timedOut || cancelled(c)) break;
      // Lock-free, as in glibc: a closed group means every waiter in it was signalled; else take a signal if our
      // slot holds one (only G1's does), whichever waiter the futex woke.
      if (Atomics.load(c, g1Start) > seq) {
        result = 'signalled';
        break;
      }
      const s = Atomics.load(c, signals);
      if (s & CLOSED) {
        result = 'signalled';
        break;
      }
      if (s > 0) {
        if (Atomics.compareExchange(c, signals, s, s - 1) !== s) continue;
        // Our group closed just before: the signal taken may be the current G1's, if G1 now uses our slot. Give it
        // back then (as glibc does; a slot being closed gets only the wake-up).
        if (Atomics.load(c, g1Start) > seq && ((Atomics.load(c, this.at(CV.WSEQ)) & 1) ^ 1) === g) {
          if (!(Atomics.load(c, signals) & CLOSED)) Atomics.add(c, signals, 1);
          if (Atomics.notify(c, signals, 1) === 0) futexCall();
        }
        result = 'signalled';
        break;
      }
      if (this.now() < awakeUntil) {
        watching = true;
        spinTurns(Math.round(turnsPerMs * WATCH_POLL_MS));
        continue;
      }
      watching = false;
      if (this.now() >= deadline - overshoot) break;
      // Sleep, counted on the slot so it is not recycled under us; look once more after being counted.
      Atomics.add(c, refs, 1);
      if (Atomics.load(c, signals) === 0 && Atomics.load(c, g1Start) <= seq) {
        // One wait for the whole timeout (a switch interval, at most 100 ms): waking early to look around and
        // waiting again would move this thread to the back of the futex queue. A cancel notifies every sleeper.
        const ask = Math.max(0, deadline - this.now() - overshoot);
        const t = this.now();
        const woke = Atomics.wait(c, signals, 0, ask);
        if (woke === 'not-equal') futexCall();
        if (woke === 'timed-out') {
          timedOut = true;
          if (onLate) onLate(this.now() - t - ask);
        }
      }
      if (Atomics.sub(c, refs, 1) === 1) Atomics.notify(c, refs);
    }
    // Found while watching: in glibc this thread's futex_wait saw its word change and returned.
    if (result === 'signalled' && watching) futexCall();
    if (result === null) {
      // Timed out or cancelled: leave the group.
      lockInternal(c, this.at(CV.CV_LOCK));
      const consumed = this.cancelWaiting(seq, g);
      unlockInternal(c, this.at(CV.CV_LOCK));
      if (cancelled(c)) return 'cancelled';
      // It was counted as signalled: pass the signal on, so no waiter misses a wake-up.
      if (consumed) this.signal();
      result = 'timed-out';
    }
    return condLockMutex(c, mutexAt) ? result : 'cancelled';
  }

  /**
   * A waiter that stops waiting (timed out, cancelled), under the internal lock: its group has one waiter fewer to
   * signal. Returns true when it was already counted as signalled (its group closed, or G1 with nobody left to
   * signal), as glibc's __condvar_cancel_waiting does.
   */
  private cancelWaiting(seq: number, g: number): boolean {
    const c = this.c;
    const g1Start = c[this.at(CV.G1_START)]!;
    if (g1Start > seq) return true;
    const inG1 = g !== (Atomics.load(c, this.at(CV.WSEQ)) & 1) && seq < g1Start + c[this.at(CV.G1_ORIG_SIZE)]!;
    if (!inG1) {
      c[this.at(CV.G2_GONE)] = c[this.at(CV.G2_GONE)]! + 1;
      return false;
    }
    if (c[this.at(CV.G1_SIZE)] === 0) return true;
    c[this.at(CV.G1_SIZE)] = c[this.at(CV.G1_SIZE)]! - 1;
    return false;
  }

  /**
   * pthread_cond_signal: a signal for G1; when G1 has nobody left to signal, the waiters of G2 become G1 (a new,
   * empty G2 opens) and the signal is theirs. The futex wake goes to the first of the group asleep on its slot.
   */
  signal(): void {
    const c = this.c;
    lockInternal(c, this.at(CV.CV_LOCK));
    const wseq = Atomics.load(c, this.at(CV.WSEQ));
    let g1 = (wseq & 1) ^ 1;
    if (c[this.at(CV.G1_SIZE)]! === 0) {
      const g2Start = Atomics.load(c, this.at(CV.G1_START)) + c[this.at(CV.G1_ORIG_SIZE)]!;
      const g2Size = (wseq >> 1) - g2Start;
      const waiting = g2Size - c[this.at(CV.G2_GONE)]!;
      if (waiting <= 0) {
        unlockInternal(c, this.at(CV.CV_LOCK));
        return;
      }
      // Close the old G1: whoever still sleeps on its slot leaves (all were signalled or gone); reuse the slot
      // as the new G2 once nobody sleeps on it.
      const oldSignals = this.at(CV.SIGNALS + g1);
      const oldRefs = this.at(CV.REFS + g1);
      Atomics.store(c, oldSignals, CLOSED);
      // Only a waiter counted on the slot can be asleep there (one counted after this store sees CLOSED and does
      // not sleep): with nobody counted, skip the wake, a call into V8's futex table on the hand-off's path.
      if (Atomics.load(c, oldRefs) > 0) Atomics.notify(c, oldSignals);
      for (let r = Atomics.load(c, oldRefs); r > 0 && !cancelled(c); r = Atomics.load(c, oldRefs)) {
        if (Atomics.wait(c, oldRefs, r, 1) === 'not-equal') futexCall();
      }
      // G2 becomes G1 with the waiters it has now; new waiters join the recycled slot. In glibc's order: G1's
      // new start first (old waiters still looking at the closed slot see they were signalled), then the slot
      // reopened, and only then the low bit of WSEQ flipped, which sends new waiters to it: a thread that takes
      // its place concurrently lands either in the new G1 or in a clean new G2, never in a closed slot.
      Atomics.store(c, this.at(CV.G1_START), g2Start);
      Atomics.store(c, oldSignals, 0);
      const now = Atomics.xor(c, this.at(CV.WSEQ), 1);
      const g2Count = (now >> 1) - g2Start;
      c[this.at(CV.G1_ORIG_SIZE)] = g2Count;
      c[this.at(CV.G1_SIZE)] = g2Count - c[this.at(CV.G2_GONE)]!;
      c[this.at(CV.G2_GONE)] = 0;
      g1 ^= 1;
    }
    const signals = this.at(CV.SIGNALS + g1);
    Atomics.add(c, signals, 1);
    c[this.at(CV.G1_SIZE)] = c[this.at(CV.G1_SIZE)]! - 1;
    unlockInternal(c, this.at(CV.CV_LOCK));
    if (Atomics.notify(c, signals, 1) === 0) futexCall();
  }
}
