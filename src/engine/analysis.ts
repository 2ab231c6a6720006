import { closedSpans, pairSpans, type SpanKind } from './spans.js';
import { DropReason, EventKind, type TraceEvent } from './trace.js';

/** One worker holding one GIL, from acquire to drop. */
export interface Hold {
  gil: number;
  worker: number;
  start: number;
  end: number;
  /** Global order of the acquire and the drop (exact, unlike times from different threads). */
  seqStart: number;
  seqEnd: number;
  reason: DropReason;
}

/**
 * Every GIL hold in the trace, in hand-off order. With `openUntil`, a hold not yet dropped (a live trace) counts as
 * lasting until then (its seqEnd is Infinity and its reason Done).
 */
export function gilHolds(events: readonly TraceEvent[], openUntil: number | null = null): Hold[] {
  const holds: Hold[] = pairSpans(events, [{ start: EventKind.GilAcquire, end: EventKind.GilDrop, label: 'hold' }]).flatMap(({ from: a, to: e }) =>
    e
      ? [{ gil: a.a, worker: e.worker, start: a.t, end: e.t, seqStart: a.b, seqEnd: e.b, reason: e.c as DropReason }]
      : openUntil !== null
        ? [{ gil: a.a, worker: a.worker, start: a.t, end: Math.max(a.t, openUntil), seqStart: a.b, seqEnd: Infinity, reason: DropReason.Done }]
        : [],
  );
  return holds.sort((x, y) => x.seqStart - y.seqStart);
}

/**
 * Pairs of holds of the same GIL that overlap. Ordered by the global hand-off sequence, every hold must end
 * before the next hold of that GIL begins: an exact check, with no tolerance for clock differences.
 */
export function gilOverlaps(events: readonly TraceEvent[]): Array<[Hold, Hold]> {
  const byGil = new Map<number, Hold[]>();
  for (const h of gilHolds(events)) byGil.set(h.gil, [...(byGil.get(h.gil) ?? []), h]);
  const overlaps: Array<[Hold, Hold]> = [];
  for (const holds of byGil.values()) {
    for (let i = 1; i < holds.length; i++) {
      if (holds[i]!.seqStart < holds[i - 1]!.seqEnd) overlaps.push([holds[i - 1]!, holds[i]!]);
    }
  }
  return overlaps;
}

/** Time from one worker's drop to the next holder's acquire, in microseconds, for hand-offs between workers. */
export function handoffsUs(events: readonly TraceEvent[]): number[] {
  const holds = gilHolds(events);
  const out: number[] = [];
  const last = new Map<number, Hold>();
  for (const h of holds) {
    const prev = last.get(h.gil);
    if (prev && prev.worker !== h.worker && prev.reason === DropReason.Forced) out.push((h.start - prev.end) * 1000);
    last.set(h.gil, h);
  }
  return out;
}

/** How long each hold that ended in a forced switch lasted, in ms: the slice a CPU-bound thread gets. */
export const forcedSlicesMs = (events: readonly TraceEvent[]): number[] =>
  gilHolds(events)
    .filter((h) => h.reason === DropReason.Forced)
    .map((h) => h.end - h.start);

/** For each I/O wait that ended, how long the worker then waited to get the GIL back, in microseconds. */
export const ioReacquireUs = (events: readonly TraceEvent[]): number[] =>
  closedSpans(pairSpans(events, [{ start: EventKind.IoEnd, end: EventKind.GilAcquire, label: 'reacquire' }])).map((s) => (s.to.t - s.from.t) * 1000);

/**
 * When a worker was computing: workers record progress about every millisecond while they compute, so runs of
 * progress events closer than `maxGapMs` are intervals of real work; a gap means it was waiting or sleeping.
 */
export function computingIntervals(events: readonly TraceEvent[], worker: number, maxGapMs = 2): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let prev: number | null = null;
  for (const e of events) {
    if (e.worker !== worker || e.kind !== EventKind.Progress) continue;
    if (prev !== null && e.t - prev <= maxGapMs) {
      const last = out[out.length - 1];
      if (last && last[1] === prev) last[1] = e.t;
      else out.push([prev, e.t]);
    }
    prev = e.t;
  }
  return out;
}

/** How long two sets of intervals overlap in total, in ms. */
export function overlapMs(a: ReadonlyArray<[number, number]>, b: ReadonlyArray<[number, number]>): number {
  let total = 0;
  let j = 0;
  for (const [s, e] of a) {
    while (j < b.length && b[j]![1] <= s) j++;
    for (let k = j; k < b.length && b[k]![0] < e; k++) total += Math.max(0, Math.min(e, b[k]![1]) - Math.max(s, b[k]![0]));
  }
  return total;
}

/** Sorted, disjoint [start, end] intervals in ms. */
export type Intervals = Array<[number, number]>;

/** Sorts and merges intervals (touching ones join); empty ones are dropped. */
export function normalize(list: Intervals): Intervals {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Intervals = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The parts of `a` that are not in `b` (both sorted and disjoint). */
export function subtract(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  let j = 0;
  for (const [s0, e] of a) {
    let s = s0;
    while (j < b.length && b[j]![1] <= s) j++;
    for (let k = j; k < b.length && b[k]![0] < e; k++) {
      if (b[k]![0] > s) out.push([s, b[k]![0]]);
      s = Math.max(s, b[k]![1]);
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** The parts of `a` that are also in `b` (both sorted and disjoint). */
export const intersect = (a: Intervals, b: Intervals): Intervals => subtract(a, subtract(a, b));

/**
 * Each worker's GIL holds, exclusive per GIL by construction: taken in the exact hand-off order, a hold starts no
 * earlier than the previous hold of that GIL ended, whatever the workers' clocks said (they are read on different
 * threads). A hold still open ends at `openUntil` (a live run), or is left out when that is null.
 */
export function exclusiveHolds(events: readonly TraceEvent[], workers: number, openUntil: number | null): Intervals[] {
  const holds = gilHolds(events, openUntil);
  const freeAt = new Map<number, number>();
  const out: Intervals[] = Array.from({ length: workers }, () => []);
  for (const h of holds) {
    const start = Math.max(h.start, freeAt.get(h.gil) ?? -Infinity);
    if (h.end > start && h.worker < workers) out[h.worker]!.push([start, h.end]);
    freeAt.set(h.gil, Math.max(freeAt.get(h.gil) ?? -Infinity, h.end));
  }
  return out.map(normalize);
}

/** Per worker: runs of its own ticks closer than maxGapMs, its tasks, and its time in I/O or copies. */
export interface WorkerSpans {
  ticks: Intervals[];
  tasks: Intervals[];
  away: Intervals[];
}

/**
 * The spans `computingByWorker` is made of. Ticks are events a worker recorded itself while running (task start
 * and end, progress about every ms of work, taking and dropping a GIL). Under asyncio the I/O events are the
 * coroutines' waits, not the thread's, so they are not time away. Spans still open end at `openUntil`.
 */
export function workerSpans(events: readonly TraceEvent[], workers: number, opts: { asyncio: boolean; openUntil: number | null; maxGapMs?: number }): WorkerSpans {
  const maxGap = opts.maxGapMs ?? 2;
  const bridged: Intervals[] = Array.from({ length: workers }, () => []);
  const tasks: Intervals[] = Array.from({ length: workers }, () => []);
  const away: Intervals[] = Array.from({ length: workers }, () => []);
  const lastTick = new Map<number, number>();
  for (const e of events) {
    const w = e.worker;
    if (w >= workers || !TICKS.has(e.kind)) continue;
    const prev = lastTick.get(w);
    if (prev !== undefined && e.t - prev <= maxGap && e.t > prev) bridged[w]!.push([prev, e.t]);
    lastTick.set(w, e.t);
  }
  const io: Array<SpanKind<'task' | 'away'>> = opts.asyncio ? [] : [{ start: EventKind.IoStart, end: EventKind.IoEnd, label: 'away' }];
  const spans = pairSpans(events, [{ start: EventKind.TaskStart, end: EventKind.TaskEnd, label: 'task', keep: 'first' }, ...io, { start: EventKind.CopyStart, end: EventKind.CopyEnd, label: 'away' }]);
  for (const { track: w, label, from, to } of spans) {
    if (w >= workers) continue;
    const into = label === 'task' ? tasks : away;
    if (to) into[w]!.push([from.t, to.t]);
    else if (opts.openUntil !== null) into[w]!.push([from.t, Math.max(from.t, opts.openUntil)]);
  }
  return { ticks: bridged.map(normalize), tasks: tasks.map(normalize), away: away.map(normalize) };
}

/**
 * When each worker was computing: between its own ticks closer than `maxGapMs`, inside a task, and not in I/O or
 * a copy. A longer gap means the worker was not running the workload: the OS gave its core to another (or, in a
 * browser, the engine stalled it briefly).
 */
export function computingByWorker(events: readonly TraceEvent[], workers: number, opts: { asyncio: boolean; openUntil: number | null; maxGapMs?: number }): Intervals[] {
  const { ticks, tasks, away } = workerSpans(events, workers, opts);
  return ticks.map((t, w) => subtract(intersect(t, tasks[w]!), away[w]!));
}

const TICKS = new Set([EventKind.TaskStart, EventKind.Progress, EventKind.TaskEnd, EventKind.GilAcquire, EventKind.GilDrop]);

/**
 * Never more than `cores` on a core at once: where k > cores workers were active at the same time, each is
 * counted as having had cores / k of a core (the OS time-sliced them; which one ran at a given microsecond is not
 * in the trace, how many could is). Calls `piece` for each stretch of a worker's active time with one share, in
 * time order (a callback, not arrays: a long trace cut at every change has tens of thousands of pieces).
 */
export function eachCoreShare(active: readonly Intervals[], cores: number, piece: (worker: number, from: number, to: number, share: number) => void): void {
  const cap = Math.max(1, cores);
  // A sweep over every start (+1) and end (-1), ends first at equal times; between two times the set is fixed.
  const times: number[] = [];
  const deltas: number[] = [];
  const who: number[] = [];
  active.forEach((list, w) => {
    for (const [a, b] of list) if (b > a) times.push(a, b), deltas.push(1, -1), who.push(w, w);
  });
  const order = Array.from(times.keys()).sort((x, y) => times[x]! - times[y]! || deltas[x]! - deltas[y]!);
  const on = new Set<number>();
  for (let i = 0; i < order.length; ) {
    const t = times[order[i]!]!;
    for (; i < order.length && times[order[i]!] === t; i++) {
      const k = order[i]!;
      if (deltas[k]! > 0) on.add(who[k]!);
      else on.delete(who[k]!);
    }
    if (i >= order.length || !on.size) continue;
    const next = times[order[i]!]!;
    const share = Math.min(1, cap / on.size);
    for (const w of on) piece(w, t, next, share);
  }
}

/** A piece of one worker's active time, and the share of a core it had then (1, or cores / active workers). */
export type CoreShare = [start: number, end: number, share: number];

/** `eachCoreShare` as arrays per worker, neighbouring pieces with the same share joined. */
export function shareCores(active: readonly Intervals[], cores: number): CoreShare[][] {
  const out: CoreShare[][] = active.map(() => []);
  eachCoreShare(active, cores, (w, from, to, share) => {
    const row = out[w]!;
    const last = row[row.length - 1];
    if (last && last[1] === from && last[2] === share) last[1] = to;
    else row.push([from, to, share]);
  });
  return out;
}
