import { computingByWorker, eachCoreShare, exclusiveHolds, gilHolds, type Intervals, normalize, subtract } from '../../engine/analysis.js';
import { type EngineMode, type Strategy, STRATEGIES } from '../../engine/index.js';
import { pairSpans, type SpanKind } from '../../engine/spans.js';
import { DropReason, EventKind, type TraceEvent } from '../../engine/trace.js';
import { workersOnCores } from '../heatmap/model.js';
import type { LaneState } from '../palette.js';
import { formatMs } from '../format.js';

/** A lane's states: the shared ones, and "runnable" (computing, but with no core free: more workers than cores). */
export type TimelineState = LaneState | 'runnable';

/** [worker, state, start ms, end ms] */
export type Segment = [number, TimelineState, number, number];

export interface TimelineData {
  strategy: Strategy;
  workers: number;
  /** Cores on this device: never more lanes than this are drawn running at one instant. */
  cores: number;
  mode: EngineMode | null;
  /** The time axis runs from 0 to this (ms); grows while running. */
  end: number;
  segments: Segment[];
  /** Forced GIL hand-offs: [time, from worker, to worker]. */
  handoffs: Array<[number, number, number]>;
  running: boolean;
  wallMs: number | null;
  forcedSwitches: number;
  /** GILs the workers took (1 for threads, one per interpreter, 0 without a GIL). */
  gils?: number;
  /** Per worker, the share of the run it had a core: running, or its share of the cores while runnable. */
  onCore?: number[];
}

const PAIRS: Array<SpanKind<LaneState>> = [
  { start: EventKind.GilRequest, end: EventKind.GilAcquire, label: 'waiting' },
  { start: EventKind.IoStart, end: EventKind.IoEnd, label: 'io' },
  { start: EventKind.CopyStart, end: EventKind.CopyEnd, label: 'copy' },
  { start: EventKind.SpawnStart, end: EventKind.SpawnReady, label: 'start' },
];

/**
 * Lanes from a trace: what each worker was doing over time. Under a GIL, "running" is holding it (holds of one
 * GIL never overlap, whatever the workers' clocks say); without one, it is computing (progress about every ms).
 * Either way never more than `cores` lanes run at one instant: where more were active at once they shared the
 * cores, and all of them are drawn "runnable" (which one the OS ran at a given microsecond is not in the trace).
 * Without a GIL, a task's time with no progress and no I/O is also runnable: the OS gave the core to another.
 * Spans still open at the newest event are drawn up to it, so the timeline grows live.
 */
export function timelineModel(events: readonly TraceEvent[], opts: { strategy: Strategy; workers: number; cores: number; mode?: EngineMode | null; now: number; running: boolean; wallMs?: number | null }): TimelineData {
  const usesGil = events.some((e) => e.kind === EventKind.GilAcquire);
  const end = events.reduce((m, e) => Math.max(m, e.t), opts.now);
  const segments: Segment[] = pairSpans(events, PAIRS).flatMap(({ track, label, from, to }) => (to ? [[track, label, from.t, to.t]] : opts.running ? [[track, label, from.t, end]] : []));
  const cores = Math.max(1, Math.floor(opts.cores));
  const openUntil = opts.running ? end : null;
  const active = usesGil ? exclusiveHolds(events, opts.workers, openUntil) : computingByWorker(events, opts.workers, { asyncio: STRATEGIES[opts.strategy].loop === 'event-loop', openUntil: end });
  // Time on a core per worker: whole while running, its share of the cores while runnable with the others.
  // Neighbouring pieces of one state join, whatever share they had, so the canvas draws few rectangles.
  const onCoreMs = new Array<number>(opts.workers).fill(0);
  const last: Array<Segment | null> = new Array(opts.workers).fill(null);
  eachCoreShare(active, cores, (w, a, b, share) => {
    onCoreMs[w]! += (b - a) * share;
    const state: TimelineState = share === 1 ? 'running' : 'runnable';
    const prev = last[w];
    if (prev && prev[1] === state && prev[3] === a) prev[3] = b;
    else segments.push((last[w] = [w, state, a, b]));
  });
  if (!usesGil) {
    const tasks = taskSpans(events, opts.workers, end);
    const elsewhere: Intervals[] = Array.from({ length: opts.workers }, () => []);
    for (const [w, state, a, b] of segments) if (state !== 'running' && state !== 'runnable' && elsewhere[w]) elsewhere[w]!.push([a, b]);
    active.forEach((act, w) => {
      for (const [a, b] of subtract(subtract(tasks[w]!, act), normalize(elsewhere[w]!))) segments.push([w, 'runnable', a, b]);
    });
  }
  const holds = gilHolds(events);
  const handoffs: Array<[number, number, number]> = [];
  for (let i = 1; i < holds.length; i++) {
    const prev = holds[i - 1]!;
    const h = holds[i]!;
    if (prev.gil === h.gil && prev.worker !== h.worker && prev.reason === DropReason.Forced) handoffs.push([h.start, prev.worker, h.worker]);
  }
  return {
    strategy: opts.strategy,
    workers: opts.workers,
    cores,
    mode: opts.mode ?? null,
    end,
    segments,
    handoffs,
    running: opts.running,
    wallMs: opts.wallMs ?? null,
    forcedSwitches: holds.filter((h) => h.reason === DropReason.Forced).length,
    gils: new Set(events.filter((e) => e.kind === EventKind.GilAcquire).map((e) => e.a)).size,
    onCore: onCoreMs.map((ms) => Math.round((ms / Math.max(end, 1e-9)) * 1000) / 1000),
  };
}

/** Each worker's tasks, TaskStart to TaskEnd (one still open ends at `end`). */
function taskSpans(events: readonly TraceEvent[], workers: number, end: number): Intervals[] {
  const out: Intervals[] = Array.from({ length: workers }, () => []);
  for (const { track: w, from, to } of pairSpans(events, [{ start: EventKind.TaskStart, end: EventKind.TaskEnd, label: 'task', keep: 'first' }])) {
    if (w < workers) out[w]!.push([from.t, to ? to.t : Math.max(from.t, end)]);
  }
  return out.map(normalize);
}

/** Share of the run each worker spent in each state, for the summary. */
export function stateShares(data: TimelineData): Array<Record<TimelineState, number>> {
  const out = Array.from({ length: data.workers }, () => ({ running: 0, runnable: 0, waiting: 0, io: 0, idle: 0, copy: 0, start: 0 }) as Record<TimelineState, number>);
  for (const [w, state, a, b] of data.segments) if (out[w]) out[w][state] += (b - a) / Math.max(data.end, 1e-9);
  return out;
}

export function timelineSummary(data: TimelineData): string {
  const shares = stateShares(data);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const cores = data.cores ?? data.workers;
  const head = `${data.strategy}, ${workersOnCores(data.strategy, data.workers, cores)}: ${data.wallMs !== null ? `${formatMs(data.wallMs)} wall` : 'running'}.`;
  // Running is time on a core; runnable time counts for its share of the cores, the rest is waiting for one.
  const running = mean(data.onCore ?? shares.map((s) => s.running));
  const waiting = Math.max(0, mean(shares.map((s) => s.running + s.runnable)) - running);
  const runnable = waiting >= 0.005 ? ` and waiting for a core ${Math.round(waiting * 100)}%` : '';
  const share = `Each worker was running ${Math.round(running * 100)}% of the time on average${runnable}`;
  const gils = data.gils ?? 0;
  const limit = gils > 0 ? Math.min(gils, cores) : cores;
  const atOnce = data.workers > limit ? ` At most ${limit} ran at once${gils === 1 ? ' (one GIL)' : gils > 1 && gils <= cores ? ` (${gils} GILs)` : ''}.` : '';
  return data.forcedSwitches ? `${head} ${share}; the GIL changed hands ${data.forcedSwitches} times by forced switch.${atOnce}` : `${head} ${share}.${atOnce}`;
}

/** Rectangles in pixels for the canvas, from data and a pixel mapping. Pure, so it is tested without a DOM. */
export function laneRects(data: TimelineData, x: (t: number) => number, laneTop: (w: number) => number, laneHeight: number): Array<{ x: number; y: number; w: number; h: number; state: TimelineState }> {
  const rects: Array<{ x: number; y: number; w: number; h: number; state: TimelineState }> = [];
  for (const [w, state, a, b] of data.segments) {
    const x0 = x(a);
    const x1 = x(b);
    // Waiting and I/O are drawn thinner than running (runnable: under half as tall, and hatched), so the states
    // differ by shape, not colour alone: zoomed out, where runnable and running alternate every few pixels, a
    // runnable stretch still reads as a thin band between the full-height running blocks, not as one green texture.
    const h = state === 'running' ? laneHeight : state === 'runnable' ? laneHeight * 0.45 : state === 'waiting' ? laneHeight * 0.35 : laneHeight * 0.6;
    rects.push({ x: x0, y: laneTop(w) + (laneHeight - h) / 2, w: Math.max(0.5, x1 - x0), h, state });
  }
  return rects;
}
