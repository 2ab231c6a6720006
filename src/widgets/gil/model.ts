import { gilHolds } from '../../engine/analysis.js';
import type { EngineMode, Strategy } from '../../engine/index.js';
import { pairSpans } from '../../engine/spans.js';
import { DropReason, EventKind, type TraceEvent } from '../../engine/trace.js';
import { formatMs } from '../format.js';

/** What the GIL widget runs: threads of one interpreter, taking turns on its one GIL. */
export const GIL_STRATEGY = 'threads' satisfies Strategy;

/** The reason of a hold not dropped yet (drawn up to the newest event while the run goes on). */
export const STILL_HOLDING = 0;
/** [worker, acquired ms, dropped ms, why it dropped (DropReason) or STILL_HOLDING] */
export type HoldSpan = [number, number, number, DropReason | typeof STILL_HOLDING];
/** [worker, start ms, end ms] */
export type Span = [number, number, number];
/** [ms, the waiter that set it, the holder asked to drop] */
export type DropRequest = [number, number, number];

export interface DropCounts {
  forced: number;
  io: number;
  done: number;
}

export interface GilData {
  workers: number;
  switchIntervalMs: number;
  speed: number;
  mode: EngineMode | null;
  running: boolean;
  /** The replay starts here (ms on the run's clock): just before the first thread asks for the GIL. */
  origin: number;
  /** The trace measured so far ends here (ms); the replay never runs ahead of it. */
  end: number;
  /** The replay stops here: the end, or earlier when the trace was cut to keep the replay (and the data) short. */
  replayEnd: number;
  holds: HoldSpan[];
  waits: Span[];
  io: Span[];
  requests: DropRequest[];
  /** Whole-run counts, over the full trace (not only the replayed part). */
  totals: { handoffs: number; drops: DropCounts; spanMs: number };
  wallMs: number | null;
}

/** The replay shows at most this many seconds of real time; longer traces are cut (the totals still count all). */
export const REPLAY_MAX_S = 90;
const MAX_HOLDS = 5000;

/** What the view says about the speed: "1/20" for 0.05, "real time" for 1. */
export function speedLabel(speed: number): string {
  if (speed >= 1) return 'real time';
  const inverse = 1 / speed;
  return Math.abs(inverse - Math.round(inverse)) < 0.05 ? `1/${Math.round(inverse)}` : `${speed.toFixed(3)}x`;
}

/** Hand-offs are holds whose holder differs from the previous holder's: the token moved to another thread. */
function countHandoffs(holds: readonly HoldSpan[]): number {
  let n = 0;
  for (let i = 1; i < holds.length; i++) if (holds[i]![0] !== holds[i - 1]![0]) n++;
  return n;
}

function countDrops(holds: readonly HoldSpan[]): DropCounts {
  const c = { forced: 0, io: 0, done: 0 };
  for (const h of holds) {
    if (h[3] === DropReason.Forced) c.forced++;
    else if (h[3] === DropReason.Io) c.io++;
    else if (h[3] === DropReason.Done) c.done++;
  }
  return c;
}

/**
 * The GIL's story from a `threads` trace: who held it (in exact hand-off order), who waited, who was in I/O, and
 * every drop request. Spans still open are drawn to the newest event while the run goes on.
 */
export function gilModel(events: readonly TraceEvent[], opts: { workers: number; switchIntervalMs: number; speed: number; mode?: EngineMode | null; running: boolean; wallMs?: number | null }): GilData {
  let end = 0;
  let firstRequest = Infinity;
  for (const e of events) {
    end = Math.max(end, e.t);
    if (e.kind === EventKind.GilRequest) firstRequest = Math.min(firstRequest, e.t);
  }
  const origin = Number.isFinite(firstRequest) ? Math.max(0, firstRequest - 0.5) : 0;
  const all: HoldSpan[] = gilHolds(events).map((h) => [h.worker, h.start, h.end, h.reason]);
  const spans = pairSpans(events, [
    { start: EventKind.GilRequest, end: EventKind.GilAcquire, label: 'wait' },
    { start: EventKind.IoStart, end: EventKind.IoEnd, label: 'io' },
    { start: EventKind.GilAcquire, end: EventKind.GilDrop, label: 'hold' },
  ]);
  // Spans still open are drawn up to the newest event while the run goes on; the holder right now is shown holding.
  const of = (label: string): Span[] => spans.filter((s) => s.label === label && (s.to || opts.running)).map((s) => [s.track, s.from.t, s.to ? s.to.t : end]);
  const waits = of('wait');
  const io = of('io');
  if (opts.running) for (const s of spans) if (s.label === 'hold' && !s.to) all.push([s.track, s.from.t, end, STILL_HOLDING]);
  const requests: DropRequest[] = events.filter((e) => e.kind === EventKind.DropRequestSet).map((e) => [e.t, e.worker, e.a]);
  const closed = all.filter((h) => h[3] !== STILL_HOLDING);
  const replayCut = Math.min(origin + REPLAY_MAX_S * 1000 * opts.speed, all.length > MAX_HOLDS ? all[MAX_HOLDS]![1] : Infinity);
  const replayEnd = Math.min(end, replayCut);
  const keep = <T extends [number, number, number, ...number[]]>(xs: T[], start: (x: T) => number) => xs.filter((x) => start(x) <= replayEnd);
  const firstAcquire = all.length ? all[0]![1] : origin;
  return {
    workers: opts.workers,
    switchIntervalMs: opts.switchIntervalMs,
    speed: opts.speed,
    mode: opts.mode ?? null,
    running: opts.running,
    origin,
    end,
    replayEnd,
    holds: keep(all, (h) => h[1]),
    waits: keep(waits, (w) => w[1]).sort((a, b) => a[1] - b[1]),
    io: keep(io, (s) => s[1]).sort((a, b) => a[1] - b[1]),
    // Live events arrive in per-worker batches, so only each worker's own events are in time order.
    requests: requests.filter((r) => r[0] <= replayEnd).sort((a, b) => a[0] - b[0]),
    totals: { handoffs: countHandoffs(all), drops: countDrops(closed), spanMs: Math.max(0, (closed.length ? closed[closed.length - 1]![2] : end) - firstAcquire) },
    wallMs: opts.wallMs ?? null,
  };
}

export type ThreadState = 'holding' | 'waiting' | 'io' | 'idle';

/** What the replay shows at one instant of the measured trace. */
export interface GilFrame {
  t: number;
  states: ThreadState[];
  holder: number | null;
  /** A drop request on the holder is pending (set, not yet acted on), or was set a moment ago. */
  request: { requester: number; holder: number; at: number } | null;
  /** The most recent drop, to say why the token last moved. */
  lastDrop: { worker: number; reason: DropReason; at: number } | null;
  /** Threads whose work is done (they dropped the GIL for good). */
  finished: boolean[];
  handoffs: number;
  drops: DropCounts;
  /** Hand-offs per second of measured time, up to `t`. */
  rate: number;
}

const within = (spans: readonly Span[], w: number, t: number) => spans.some((s) => s[0] === w && s[1] <= t && t < s[2]);

/**
 * The state of every thread at measured time `t`. A drop request stays visible for at least `holdRequestMs` of
 * trace time, because the holder answers it within ~50 us: far too fast to see even slowed down 100 times.
 */
export function gilFrame(data: GilData, t: number, holdRequestMs = 0): GilFrame {
  const holds = data.holds;
  let holder: number | null = null;
  let handoffs = 0;
  const drops: DropCounts = { forced: 0, io: 0, done: 0 };
  let lastDrop: GilFrame['lastDrop'] = null;
  let prevWorker: number | null = null;
  const finished = Array.from({ length: data.workers }, () => false);
  for (const h of holds) {
    if (h[1] > t) break;
    if (prevWorker !== null && prevWorker !== h[0]) handoffs++;
    prevWorker = h[0];
    if (t < h[2] || h[3] === STILL_HOLDING) holder = h[0];
    else {
      if (h[3] === DropReason.Forced) drops.forced++;
      else if (h[3] === DropReason.Io) drops.io++;
      else if (h[3] === DropReason.Done) drops.done++;
      lastDrop = { worker: h[0], reason: h[3], at: h[2] };
      if (h[3] === DropReason.Done) finished[h[0]] = true;
    }
  }
  const states: ThreadState[] = Array.from({ length: data.workers }, (_, w) => (w === holder ? 'holding' : within(data.waits, w, t) ? 'waiting' : within(data.io, w, t) ? 'io' : 'idle'));
  // Only the latest request can still be showing: one is set per switch interval at most.
  let request: GilFrame['request'] = null;
  let last: DropRequest | undefined;
  for (const r of data.requests) {
    if (r[0] > t) break;
    last = r;
  }
  if (last) {
    const [at, requester, asked] = last;
    // Pending until the asked thread's next drop after the request.
    const answered = holds.find((h) => h[0] === asked && h[2] >= at && h[3] !== STILL_HOLDING);
    const until = Math.max(answered ? answered[2] : Infinity, at + holdRequestMs);
    if (t < until) request = { requester, holder: asked, at };
  }
  const first = holds.length ? holds[0]![1] : t;
  const elapsed = t - first;
  return { t, states, holder, request, lastDrop, finished, handoffs, drops, rate: elapsed > 0 ? (handoffs / elapsed) * 1000 : 0 };
}

/** Replay clock: measured time shown after `realMs` of real time at `speed`, never past what was measured. */
export function replayTime(data: GilData, realMs: number): number {
  return Math.min(data.replayEnd, data.origin + Math.max(0, realMs) * data.speed);
}

/** The instant a still frame shows: mid-trace, where threads are taking turns rather than finished. */
export const stillTime = (data: GilData): number => data.origin + (data.replayEnd - data.origin) / 2;

/** Bars of the recent-history strip: what each thread did in the last `windowMs` of trace time before `t`. */
export function historyBars(data: GilData, t: number, windowMs: number): Array<{ worker: number; state: 'holding' | 'waiting' | 'io'; start: number; end: number; reason: DropReason | null }> {
  const from = t - windowMs;
  const out: Array<{ worker: number; state: 'holding' | 'waiting' | 'io'; start: number; end: number; reason: DropReason | null }> = [];
  const clip = (s: number, e: number) => [Math.max(from, s), Math.min(t, e)] as const;
  for (const [w, s, e, reason] of data.holds) {
    if (s > t || e < from) continue;
    const [a, b] = clip(s, e);
    out.push({ worker: w, state: 'holding', start: a, end: b, reason: e <= t && reason !== STILL_HOLDING ? reason : null });
  }
  for (const [list, state] of [[data.waits, 'waiting'], [data.io, 'io']] as const) {
    for (const [w, s, e] of list) {
      if (s > t || e < from) continue;
      const [a, b] = clip(s, e);
      out.push({ worker: w, state, start: a, end: b, reason: null });
    }
  }
  return out;
}

export function gilSummary(d: GilData): string {
  const { handoffs, drops, spanMs } = d.totals;
  if (!d.holds.length) return `${d.workers} threads, one GIL: not run yet.`;
  const rate = spanMs > 0 ? Math.round((handoffs / spanMs) * 1000) : 0;
  const state = d.running ? 'so far' : `in ${formatMs(spanMs)}`;
  return `${d.workers} threads, one GIL: it changed hands ${handoffs} times ${state} (${rate} per second); drops: ${drops.forced} forced by a drop request, ${drops.io} for I/O, ${drops.done} when a thread finished. Switch interval ${d.switchIntervalMs} ms.`;
}
