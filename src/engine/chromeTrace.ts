import { gilHolds } from './analysis.js';
import type { RunResult } from './execute.js';
import { gilOf, type RunSpec } from './plan.js';
import { laneName, STRATEGIES, type StrategyModel } from './strategies.js';
import { closedSpans, pairSpans } from './spans.js';
import { DropReason, EventKind, type TraceEvent } from './trace.js';

/** One event of the Chrome Trace Event format (what Perfetto and chrome://tracing open). */
export interface ChromeEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'i' | 'M' | 's' | 'f' | 'C';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: number;
  bp?: 'e';
  s?: 't' | 'p' | 'g';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

const PID = 1;
const us = (ms: number) => Math.round(ms * 1000 * 1000) / 1000;

/** What a Chrome trace is made from: a run's events and what ran (a live run, or one played back). */
/** What the export reads of a run: a live run's, or a recording's (whose work may be a presenter's own function). */
export type TracedRun = Pick<RunResult, 'mode' | 'events' | 'workers' | 'wallMs' | 'origin'> & { spec: Omit<RunSpec, 'workload'> & { workload: string } };

/** A worker's lane, named as every view names it (with its interpreter where several share one). */
const workerName = (result: TracedRun, w: number): string => laneName(result.spec.strategy, w, Math.max(0, gilOf(result.spec, w)));

/**
 * The track an event belongs on: its worker, except under asyncio, where each coroutine gets its own track
 * (their I/O waits overlap on the one event-loop thread; that is the point).
 */
type TrackOf = (e: TraceEvent) => number;
const byWorker: TrackOf = (e) => e.worker;
const byCoroutine: TrackOf = (e) => (e.kind === EventKind.IoStart || e.kind === EventKind.IoEnd ? e.b : e.kind === EventKind.TaskStart || e.kind === EventKind.TaskEnd ? e.a : e.worker);

/** The closed spans of one kind on each track, as slices. */
const spans = (events: readonly TraceEvent[], start: EventKind, end: EventKind, track: TrackOf = byWorker) =>
  closedSpans(pairSpans(events, [{ start, end, label: null }], track)).map((s) => ({ worker: s.track, from: s.from, to: s.to }));

/**
 * Exports a run as Chrome Trace Event JSON: one track per worker (GIL waits, GIL holds, I/O, copies, process
 * start), drop requests as instants, and forced GIL hand-offs as flow arrows. Slices on a track never overlap.
 */
export function toChromeTrace(result: TracedRun): ChromeTrace {
  const { events, spec } = result;
  const out: ChromeEvent[] = [
    { name: 'process_name', ph: 'M', ts: 0, pid: PID, tid: 0, args: { name: `gildeck ${spec.strategy}: ${spec.workload}, ${spec.workers} workers (${result.mode})` } },
  ];
  const model: StrategyModel = STRATEGIES[spec.strategy];
  const eventLoop = model.loop === 'event-loop';
  const track = eventLoop ? byCoroutine : byWorker;
  const tracks = eventLoop ? (spec.tasks?.length ?? spec.workers) : result.workers;
  for (let w = 0; w < tracks; w++) {
    out.push({ name: 'thread_name', ph: 'M', ts: 0, pid: PID, tid: w + 1, args: { name: eventLoop ? `coroutine ${w} (event loop thread)` : workerName(result, w) } });
  }
  const slice = (worker: number, name: string, cat: string, from: number, to: number, args?: Record<string, unknown>) =>
    out.push({ name, cat, ph: 'X', ts: us(from), dur: Math.max(0, Math.round((us(to) - us(from)) * 1000) / 1000), pid: PID, tid: worker + 1, ...(args ? { args } : {}) });

  const holds = gilHolds(events);
  const usesGil = holds.length > 0;
  for (const s of spans(events, EventKind.GilRequest, EventKind.GilAcquire)) slice(s.worker, 'waiting for the GIL', 'gil', s.from.t, s.to.t);
  for (const h of holds) slice(h.worker, usesGil && model.gil === 'per-interpreter' ? `holds GIL ${h.gil}` : 'holds the GIL', 'gil', h.start, h.end, { dropped: DropReason[h.reason] });
  if (!usesGil) {
    for (const s of spans(events, EventKind.TaskStart, EventKind.TaskEnd, track)) slice(s.worker, eventLoop ? 'running' : `task ${s.from.a}`, 'run', s.from.t, s.to.t);
  }
  for (const s of spans(events, EventKind.IoStart, EventKind.IoEnd, track)) slice(s.worker, 'I/O wait', 'io', s.from.t, s.to.t, { plannedMs: s.from.a });
  for (const s of spans(events, EventKind.SpawnStart, EventKind.SpawnReady)) slice(s.worker, 'process start', 'process', s.from.t, s.to.t);
  for (const s of spans(events, EventKind.CopyStart, EventKind.CopyEnd)) {
    slice(s.worker, s.from.b === 1 ? 'pickle / unpickle (main)' : 'pickle / unpickle', 'copy', s.from.t, s.to.t, { bytes: s.to.a });
  }
  for (const e of events) {
    if (e.kind === EventKind.DropRequestSet) out.push({ name: `drop request → ${workerName(result, e.a)}`, cat: 'gil', ph: 'i', s: 't', ts: us(e.t), pid: PID, tid: e.worker + 1 });
  }
  // Hand-offs: an arrow from the forced drop to the next holder's acquire.
  let flow = 1;
  const last = new Map<number, (typeof holds)[number]>();
  for (const h of holds) {
    const prev = last.get(h.gil);
    if (prev && prev.worker !== h.worker && prev.reason === DropReason.Forced) {
      out.push({ name: 'GIL hand-off', cat: 'gil', ph: 's', id: flow, ts: us(prev.end) - 0.001, pid: PID, tid: prev.worker + 1 });
      out.push({ name: 'GIL hand-off', cat: 'gil', ph: 'f', bp: 'e', id: flow, ts: us(h.start), pid: PID, tid: h.worker + 1 });
      flow++;
    }
    last.set(h.gil, h);
  }
  return {
    traceEvents: out,
    displayTimeUnit: 'ms',
    metadata: { generator: 'gildeck', mode: result.mode, spec, wallMs: result.wallMs, origin: result.origin },
  };
}
