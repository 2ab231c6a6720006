import { gilHolds } from '../engine/analysis.js';
import { closedSpans, pairSpans } from '../engine/spans.js';
import { EventKind, type TraceEvent } from '../engine/trace.js';
import { median } from '../stats.js';

/**
 * One hand-off of the GIL to a different thread: when the new holder got it (ms), who, and how long after the
 * previous holder let go (us). CPython's side records the same from its `owner` variable, so both sides are
 * analysed by the same functions below.
 */
export interface Switch {
  t: number;
  worker: number;
  gapUs: number;
}

/** The switches of GIL 0 in a gildeck trace (a holder that takes the GIL back after I/O is not a switch). */
export function switchesOf(events: readonly TraceEvent[]): Switch[] {
  const out: Switch[] = [];
  let prev: { worker: number; end: number } | null = null;
  for (const h of gilHolds(events)) {
    if (h.gil !== 0) continue;
    if (prev && prev.worker !== h.worker) out.push({ t: h.start, worker: h.worker, gapUs: (h.start - prev.end) * 1000 });
    prev = h;
  }
  return out;
}

/**
 * A hand-off gap above this (us) means the next holder was asleep and the kernel had to wake it. Hand-offs come in
 * two kinds, in CPython as in gildeck: to a thread still on its CPU on its way into the wait (1-10 us here) and to
 * one the kernel wakes (20-60 us in this VM; CPython's 2-thread gaps, log2 bins, have their trough at 11-16 us).
 * The median of the mix jumps between the two as the mix moves, so each kind is compared on its own, and the mix.
 */
export const WOKEN_GAP_US = 15;

export interface GapKinds {
  /** Median gap of the hand-offs to a thread still on its CPU (us); NaN when there were none. */
  awakeUs: number;
  /** Median gap of the hand-offs that woke the next holder (us); NaN when there were none. */
  wokenUs: number;
  /** The share of hand-offs that woke the next holder. */
  wokenShare: number;
}

export function gapKinds(gapsUs: readonly number[]): GapKinds {
  const awake = gapsUs.filter((g) => g < WOKEN_GAP_US);
  const woken = gapsUs.filter((g) => g >= WOKEN_GAP_US);
  const mid = (xs: number[]) => (xs.length ? median(xs) : NaN);
  return { awakeUs: mid(awake), wokenUs: mid(woken), wokenShare: gapsUs.length ? woken.length / gapsUs.length : NaN };
}

/** How long each thread held on between switches, in ms (the slice, hand-off included, as CPython's side sees it). */
export const slicesMs = (switches: readonly Switch[]): number[] => switches.slice(1).map((s, i) => s.t - switches[i]!.t);

/**
 * Of the hand-offs made once all `threads` have held the GIL, the share that went to the thread that had been
 * waiting longest (the one whose last hold ended earliest). A strict rotation gives 1; a fair coin 1/(threads-1).
 * Only meaningful for CPU-bound threads, which wait for the GIL whenever they do not hold it.
 */
export function shareToLongestWaiter(holders: readonly number[], threads: number): number {
  const lastHeld = new Map<number, number>();
  let hits = 0;
  let total = 0;
  for (let i = 1; i < holders.length; i++) {
    const from = holders[i - 1]!;
    lastHeld.set(from, i);
    if (lastHeld.size < threads) continue;
    let longest = -1;
    for (const [w, at] of lastHeld) if (w !== from && (longest < 0 || at < lastHeld.get(longest)!)) longest = w;
    total++;
    if (holders[i] === longest) hits++;
  }
  return total ? hits / total : NaN;
}

/**
 * Each whole I/O call of `worker`, in us: from the start of the wait (just after it dropped the GIL) until it holds
 * the GIL again, which is what `perf_counter_ns()` around `time.sleep()` measures in CPython.
 */
export const ioCallsUs = (events: readonly TraceEvent[], worker = 0): number[] =>
  closedSpans(pairSpans(events, [{ start: EventKind.IoStart, end: EventKind.GilAcquire, label: 'io call' }]))
    .filter((s) => s.track === worker)
    .map((s) => (s.to.t - s.from.t) * 1000);
