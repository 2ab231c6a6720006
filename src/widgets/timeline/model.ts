import { gilHolds } from '../../engine/analysis.js';
import type { EngineMode } from '../../engine/engine.js';
import { DropReason, EventKind, type TraceEvent } from '../../engine/trace.js';
import type { LaneState } from '../palette.js';

/** [worker, state, start ms, end ms] */
export type Segment = [number, LaneState, number, number];

export interface TimelineData {
  strategy: string;
  workers: number;
  mode: EngineMode | null;
  /** The time axis runs from 0 to this (ms); grows while running. */
  end: number;
  segments: Segment[];
  /** Forced GIL hand-offs: [time, from worker, to worker]. */
  handoffs: Array<[number, number, number]>;
  running: boolean;
  wallMs: number | null;
  forcedSwitches: number;
}

const PAIRS: Array<[EventKind, EventKind, LaneState]> = [
  [EventKind.GilRequest, EventKind.GilAcquire, 'waiting'],
  [EventKind.IoStart, EventKind.IoEnd, 'io'],
  [EventKind.CopyStart, EventKind.CopyEnd, 'copy'],
  [EventKind.SpawnStart, EventKind.SpawnReady, 'start'],
];

/**
 * Lanes from a trace: what each worker was doing over time. Under a GIL, "running" is holding it; without one,
 * it is a task in progress. Spans still open at `now` are drawn up to `now`, so the timeline grows live.
 */
export function timelineModel(events: readonly TraceEvent[], opts: { strategy: string; workers: number; mode: EngineMode | null; now: number; running: boolean; wallMs?: number | null }): TimelineData {
  const segments: Segment[] = [];
  const open = new Map<string, number>();
  const usesGil = events.some((e) => e.kind === EventKind.GilAcquire);
  const pairs: Array<[EventKind, EventKind, LaneState]> = usesGil
    ? [[EventKind.GilAcquire, EventKind.GilDrop, 'running'], ...PAIRS]
    : [[EventKind.TaskStart, EventKind.TaskEnd, 'running'], ...PAIRS];
  let end = opts.now;
  for (const e of events) {
    end = Math.max(end, e.t);
    for (const [startKind, endKind, state] of pairs) {
      const key = `${e.worker}:${state}`;
      if (e.kind === startKind) open.set(key, e.t);
      else if (e.kind === endKind && open.has(key)) {
        segments.push([e.worker, state, open.get(key)!, e.t]);
        open.delete(key);
      }
    }
  }
  if (opts.running) {
    for (const [key, t] of open) {
      const [worker, state] = key.split(':') as [string, LaneState];
      segments.push([Number(worker), state, t, end]);
    }
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
    mode: opts.mode,
    end,
    segments,
    handoffs,
    running: opts.running,
    wallMs: opts.wallMs ?? null,
    forcedSwitches: holds.filter((h) => h.reason === DropReason.Forced).length,
  };
}

/** Share of the run each worker spent in each state, for the summary. */
export function stateShares(data: TimelineData): Array<Record<LaneState, number>> {
  const out = Array.from({ length: data.workers }, () => ({ running: 0, waiting: 0, io: 0, idle: 0, copy: 0, start: 0 }) as Record<LaneState, number>);
  for (const [w, state, a, b] of data.segments) if (out[w]) out[w][state] += (b - a) / Math.max(data.end, 1e-9);
  return out;
}

export function timelineSummary(data: TimelineData): string {
  const shares = stateShares(data);
  const running = shares.map((s) => s.running);
  const avg = running.reduce((a, b) => a + b, 0) / Math.max(1, running.length);
  const head = `${data.strategy}, ${data.workers} worker${data.workers === 1 ? '' : 's'}: ${data.wallMs !== null ? `${(data.wallMs / 1000).toFixed(2)} s wall` : 'running'}.`;
  const share = `Each worker was running ${Math.round(avg * 100)}% of the time on average`;
  return data.forcedSwitches ? `${head} ${share}; the GIL changed hands ${data.forcedSwitches} times by forced switch.` : `${head} ${share}.`;
}

/** Rectangles in pixels for the canvas, from data and a pixel mapping. Pure, so it is tested without a DOM. */
export function laneRects(data: TimelineData, x: (t: number) => number, laneTop: (w: number) => number, laneHeight: number): Array<{ x: number; y: number; w: number; h: number; state: LaneState }> {
  const rects: Array<{ x: number; y: number; w: number; h: number; state: LaneState }> = [];
  for (const [w, state, a, b] of data.segments) {
    const x0 = x(a);
    const x1 = x(b);
    // Waiting and I/O are drawn thinner than running, so the states differ by shape, not colour alone.
    const h = state === 'running' ? laneHeight : state === 'waiting' ? laneHeight * 0.35 : laneHeight * 0.6;
    rects.push({ x: x0, y: laneTop(w) + (laneHeight - h) / 2, w: Math.max(0.5, x1 - x0), h, state });
  }
  return rects;
}
