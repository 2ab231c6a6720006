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

/** Every GIL hold in the trace, in hand-off order. */
export function gilHolds(events: readonly TraceEvent[]): Hold[] {
  const open = new Map<number, TraceEvent>();
  const holds: Hold[] = [];
  for (const e of events) {
    if (e.kind === EventKind.GilAcquire) open.set(e.worker, e);
    else if (e.kind === EventKind.GilDrop) {
      const a = open.get(e.worker);
      if (!a) continue;
      open.delete(e.worker);
      holds.push({ gil: a.a, worker: e.worker, start: a.t, end: e.t, seqStart: a.b, seqEnd: e.b, reason: e.c as DropReason });
    }
  }
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
export function ioReacquireUs(events: readonly TraceEvent[]): number[] {
  const pending = new Map<number, number>();
  const out: number[] = [];
  for (const e of events) {
    if (e.kind === EventKind.IoEnd) pending.set(e.worker, e.t);
    else if (e.kind === EventKind.GilAcquire && pending.has(e.worker)) {
      out.push((e.t - pending.get(e.worker)!) * 1000);
      pending.delete(e.worker);
    }
  }
  return out;
}

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
