/**
 * A recording of real Python (written by gildeck_recorder.py as JSON lines), turned into the trace events every
 * widget's model reads, so a recorded run is drawn by the same model and view as a live one; and how it is
 * labelled. Pure, and light enough for the page: lines are checked where they enter (recordingFormat.ts, at build
 * time and in the dev server), not here.
 */
import { DropReason, EventKind, type TraceEvent } from '../engine/trace.js';
import { STRATEGIES, type Strategy } from '../engine/strategies.js';
import type { RunResult } from '../engine/execute.js';
import type { RunSpec } from '../engine/plan.js';
import type { CheckedLine, RecordingHeader } from './recordingFormat.js';

export type { RecordingHeader } from './recordingFormat.js';
export type RecordingLine = CheckedLine;
export const SPAN_STATES = ['running', 'gil-wait', 'preempted', 'waiting', 'io'] as const;
export type SpanState = (typeof SPAN_STATES)[number];
export interface RecordedSpan {
  worker: number;
  state: SpanState;
  start: number;
  end: number;
}

/** A recording as read: what ran where, and what each worker did. */
export interface Recording {
  header: RecordingHeader;
  workers: Array<Extract<RecordingLine, { type: 'worker' }>>;
  /** `record --speedups`: timed pairs, each a sequential run and a strategy's run of the same work. */
  pairs: Array<{ strategy: Strategy; workers: number; seqMs: number; wallMs: number }>;
  spans: RecordedSpan[];
  progress: Array<{ worker: number; t: number; units: number }>;
  /** Null when the run was cut off before its last line (a partial recording: drawn, and said to be partial). */
  end: Extract<RecordingLine, { type: 'end' }> | null;
}

/** A recording's checked lines, in the order written, as one recording (the header must be the first line). */
export function assembleRecording(lines: readonly RecordingLine[]): Recording {
  const [head, ...body] = lines;
  if (head?.type !== 'header') throw new Error('a recording starts with its header line');
  const rec: Recording = { header: head, workers: [], spans: [], progress: [], pairs: [], end: null };
  for (const v of body) {
    if (v.type === 'worker') rec.workers.push(v);
    else if (v.type === 'span') rec.spans.push({ worker: v.worker, state: v.state, start: v.start, end: v.end });
    else if (v.type === 'progress') rec.progress.push({ worker: v.worker, t: v.t, units: v.units });
    else if (v.type === 'pair') rec.pairs.push({ strategy: v.strategy, workers: v.workers, seqMs: v.seqMs, wallMs: v.wallMs });
    else if (v.type === 'end') rec.end = v;
  }
  rec.spans.sort((a, b) => a.start - b.start || a.worker - b.worker);
  return rec;
}

/** How a recording is labelled wherever it is drawn: it is never "live" or "measured here". */
export function recordingLabel(h: RecordingHeader, end: Recording['end']): string {
  const partial = end === null ? ', cut off' : end.interrupted ? ', interrupted' : '';
  const own = h.function ? `, running ${h.function.replace(/^.*[\\/]/, '')}` : '';
  return `recorded: ${interpreterLabel(h)}${own}, ${h.system}, ${h.cores} cores, ${h.startedAt.slice(0, 10)}${partial}`;
}

/** "recorded 2026-11-29, Linux, 2 cores": when and where, without the interpreter. */
export const recordedWhere = (h: RecordingHeader): string => `recorded ${h.startedAt.slice(0, 10)}, ${h.system}, ${h.cores} cores`;

/** "CPython 3.14.0 (free-threaded)": the interpreter a recording ran on, with its build. */
export function interpreterLabel(h: RecordingHeader): string {
  const build = h.build === 'free-threaded' ? (h.gil ? 'free-threaded build, GIL on' : 'free-threaded') : 'GIL';
  return `${h.implementation} ${h.python} (${build})`;
}

/** Spans of one worker and state, joined where a flush cut one in two. */
function joined(spans: readonly RecordedSpan[]): RecordedSpan[] {
  const out: RecordedSpan[] = [];
  for (const s of spans) {
    const last = out.findLast((o) => o.worker === s.worker);
    if (last && last.state === s.state && s.start - last.end < 1e-6) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

const TICK_MS = 1;

/**
 * Under one GIL two workers never run Python at once, but the recorder places each switch only to within a chunk
 * (`chunkUs`, half a chunk either way) and does not see time off the CPU under 40 us (`resolutionUs` covers both),
 * so consecutive holders can seem to overlap by a few tens of microseconds. Such an
 * overlap is split at its middle (and the waits next to it moved with it): the switch happened inside it, and a
 * trace where the next holder starts before the last one let go would be physically impossible.
 */
function settleOverlaps(spans: RecordedSpan[]): void {
  const byWorker = new Map<number, RecordedSpan[]>();
  for (const s of spans) byWorker.set(s.worker, [...(byWorker.get(s.worker) ?? []), s]);
  const runs = spans.filter((s) => s.state === 'running').sort((a, b) => a.start - b.start);
  for (let i = 1; i < runs.length; i++) {
    const a = runs[i - 1]!;
    const b = runs[i]!;
    if (a.worker === b.worker || b.start >= a.end || b.end <= a.end) continue;
    const mid = (b.start + a.end) / 2;
    const afterA = byWorker.get(a.worker)!.find((s) => s.start === a.end);
    const beforeB = byWorker.get(b.worker)!.find((s) => s.end === b.start);
    if (afterA) afterA.start = mid;
    if (beforeB) beforeB.end = mid;
    a.end = mid;
    b.start = mid;
  }
}

/**
 * The trace events a live run of the same strategy would have: under a shared GIL (threads on a GIL build) a
 * running span is a hold (acquire, drop with its reason) and a GIL wait starts with a request; I/O spans are
 * IoStart/IoEnd; every running stretch carries a progress tick at least every millisecond, as the engine's workers
 * record them, so models that find computing time from ticks see the same. Units at a tick are interpolated
 * between the recorder's progress samples (about every 5 ms). sequential and asyncio run on one thread: their
 * tasks become TaskStart/TaskEnd on worker 0, as the engine records them. Preemption while holding the GIL stays
 * part of the hold (CPython's holder keeps the GIL while the OS has its core).
 */
export function recordingEvents(rec: Recording): TraceEvent[] {
  const h = rec.header;
  const model = STRATEGIES[h.strategy];
  const oneThread = model.runsOn === 'one-worker';
  const sharedGil = h.gil && model.gil === 'shared';
  const events: TraceEvent[] = [];
  const push = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0) => events.push({ t, worker, kind, a, b, c });
  const spans = joined(rec.spans);
  if (sharedGil) settleOverlaps(spans);
  const unitsAt = progressLookup(rec.progress);
  const lane = (w: number) => (oneThread ? 0 : w);

  for (let w = 0; w < h.workers; w++) {
    const mine = spans.filter((s) => s.worker === w);
    if (!mine.length) continue;
    const first = mine[0]!.start;
    const last = mine[mine.length - 1]!.end;
    const gil = sharedGil ? 0 : model.gil === 'per-interpreter' ? w : -1;
    if (!oneThread || w === 0) push(first, lane(w), EventKind.RunStart, gil);
    // Each worker's work is one task (as the engine records them); on one thread, the tasks take turns on lane 0.
    push(first, lane(w), EventKind.TaskStart, w);
    let holding = false;
    mine.forEach((s, i) => {
      const next = mine[i + 1];
      if (s.state === 'running') {
        if (sharedGil && !holding) push(s.start, w, EventKind.GilAcquire, 0);
        holding = sharedGil;
        for (let t = s.start; t < s.end; t += TICK_MS) push(t, lane(w), EventKind.Progress, unitsAt(w, t));
        push(s.end, lane(w), EventKind.Progress, unitsAt(w, s.end));
      } else if (s.state === 'gil-wait' || (s.state === 'waiting' && oneThread)) {
        if (sharedGil) push(s.start, w, EventKind.GilRequest, 0);
      } else if (s.state === 'io') {
        push(s.start, lane(w), EventKind.IoStart, h.ioWaitMs ?? 0, oneThread ? w : 0);
        push(s.end, lane(w), EventKind.IoEnd, h.ioWaitMs ?? 0, oneThread ? w : 0);
        if (sharedGil && next && next.state !== 'gil-wait') push(s.end, w, EventKind.GilRequest, 0);
      }
      // A hold ends where the worker stops running Python for anything but preemption (the OS taking its core
      // leaves the GIL held), or at its end.
      if (holding && (!next || (next.state !== 'running' && next.state !== 'preempted'))) {
        const reason = !next ? DropReason.Done : next.state === 'io' ? DropReason.Io : DropReason.Forced;
        push(s.end, w, EventKind.GilDrop, 0, 0, reason);
        holding = false;
      }
    });
    push(last, lane(w), EventKind.TaskEnd, w);
    if (!oneThread || w === h.workers - 1) push(oneThread ? Math.max(...spans.map((s) => s.end)) : last, lane(w), EventKind.RunEnd);
  }
  const kept = events;
  kept.sort((a, b) => a.t - b.t || order(a.kind) - order(b.kind));
  // The global hand-off sequence the engine stamps on acquires and drops, in time order.
  let seq = 0;
  for (const e of kept) if (e.kind === EventKind.GilAcquire || e.kind === EventKind.GilDrop) e.b = seq++;
  return kept;
}

/** At one instant, ends before starts: a drop before the next acquire, an I/O end before the request after it. */
function order(kind: EventKind): number {
  switch (kind) {
    case EventKind.GilDrop:
    case EventKind.IoEnd:
    case EventKind.TaskEnd:
    case EventKind.RunEnd:
      return 0;
    case EventKind.GilRequest:
      return 1;
    default:
      return 2;
  }
}

function progressLookup(samples: Recording['progress']): (worker: number, t: number) => number {
  const by = new Map<number, Array<{ t: number; units: number }>>();
  for (const p of samples) by.set(p.worker, [...(by.get(p.worker) ?? []), p]);
  for (const list of by.values()) list.sort((a, b) => a.t - b.t);
  return (worker, t) => {
    const list = by.get(worker);
    if (!list?.length) return 0;
    // The last sample at or before t (binary search: a long run has thousands of samples and ticks).
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid]!.t <= t) lo = mid;
      else hi = mid - 1;
    }
    const i = lo;
    const a = list[i]!;
    const b = list[i + 1];
    if (!b || t <= a.t) return a.units;
    return Math.round(a.units + ((b.units - a.units) * (t - a.t)) / (b.t - a.t));
  };
}

/** Wall time of the run: its end line's, or (cut off) its last span's end. */
export function recordingWallMs(rec: Recording): number {
  return rec.end?.wallMs ?? rec.spans.reduce((m, s) => Math.max(m, s.end), 0);
}

/** The spec a live run of the same work would have: the key a widget asks for it by. */
/** A recording's spec: a run's, except that the work may be the presenter's own function. */
export type RecordedSpec = Omit<RunSpec, 'workload'> & { workload: RecordingHeader['workload'] };
/** A recording as a finished run (see recordedRun). */
export type RecordedRun = Omit<RunResult, 'spec'> & { spec: RecordedSpec };

export function recordingSpec(h: RecordingHeader): RecordedSpec {
  return {
    strategy: h.strategy,
    workers: h.workers,
    workload: h.workload,
    seconds: h.seconds,
    switchIntervalMs: h.switchIntervalMs,
    ...(h.ioWaitMs !== null ? { ioWaitMs: h.ioWaitMs } : {}),
  };
}

/**
 * A recording as a finished run, for everything that reads runs (models, the Chrome trace export). It is not a
 * measurement of this device: mode "recorded", and no plausibility bound (the recording's own machine ran it).
 */
export function recordedRun(rec: Recording, mode: 'recorded' | 'cpython' = 'recorded'): RecordedRun {
  const events = recordingEvents(rec);
  const wallMs = recordingWallMs(rec);
  const units = rec.progress.reduce((m, p) => m.set(p.worker, Math.max(m.get(p.worker) ?? 0, p.units)), new Map<number, number>());
  const total = [...units.values()].reduce((a, b) => a + b, 0);
  return {
    spec: recordingSpec(rec.header),
    mode,
    origin: Date.parse(rec.header.startedAt) || 0,
    wallMs,
    events,
    lost: 0,
    workers: STRATEGIES[rec.header.strategy].runsOn === 'one-worker' ? 1 : rec.header.workers,
    unitsPerMs: wallMs > 0 ? total / wallMs : 0,
    chunk: 0,
    counter: null,
    results: [],
    minWallMs: 0,
    plausible: true,
    warmUp: { workers: 0, ms: 0, unsteady: 0 },
  };
}

/**
 * Why a recording cannot be drawn by a widget with these attributes (empty when it can). A run (`trace=`) must be
 * the one the widget's attributes describe; a widget without a `strategy` attribute (the GIL widget) shows threads
 * under a GIL. Speedups (`record --speedups`) are for the compare table.
 */
export function recordingMisfits(values: Readonly<Record<string, unknown>>, h: RecordingHeader, want: 'run' | 'speedups' = 'run'): string[] {
  const kind = h.kind ?? 'run';
  if (kind !== want) return [want === 'speedups' ? 'it is a recording of one run; the compare table takes timed pairs: record them with `node build.mjs record --speedups`' : 'it holds timed pairs (record --speedups), for the compare table; a widget draws a run: record one without --speedups'];
  if (want === 'speedups') return [];
  const out: string[] = [];
  const strategy = 'strategy' in values ? values.strategy : 'threads';
  if (strategy !== h.strategy) out.push(`it recorded strategy ${h.strategy}, this widget shows ${String(strategy)}: write strategy=${h.strategy}`);
  if ('workers' in values && values.workers !== h.workers) out.push(`it recorded ${h.workers} workers, this widget says ${String(values.workers)}: write workers=${h.workers}`);
  // The presenter's own function stands for whatever the widget names: its label says what ran.
  if ('workload' in values && h.workload !== 'function' && values.workload !== h.workload) out.push(`it recorded workload ${h.workload}, this widget says ${String(values.workload)}: write workload=${h.workload}`);
  if (!('strategy' in values) && !h.gil) out.push('it ran without a GIL, and this widget shows the GIL: record with a GIL build');
  return out;
}
