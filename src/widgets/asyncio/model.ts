import { type EngineMode, STRATEGIES, type Strategy, type StrategyModel } from '../../engine/index.js';
import type { TaskPlan } from '../../engine/protocol.js';
import { pairSpans, type SpanKind } from '../../engine/spans.js';
import { EventKind, type TraceEvent } from '../../engine/trace.js';
import { formatMs } from '../format.js';

/** Running (holding the loop or the GIL), awaiting I/O, or ready but kept from running (by the loop or the GIL). */
export type CoState = 'running' | 'awaiting' | 'ready';
/** [lane, state, start ms, end ms]; lane 0 is the heartbeat, lane i + 1 is task i. */
export type CoSegment = [number, CoState, number, number];

/** The event loop, and the strategy it is contrasted with (the same tasks, one thread each). */
export type Contrast = Extract<Strategy, 'asyncio' | 'threads'>;

/** Whether a panel's tasks are coroutines on one event loop (the table says), rather than threads. */
export const onEventLoop = (strategy: Strategy): boolean => STRATEGIES[strategy].loop === 'event-loop';

export interface AsyncioPanel {
  strategy: Contrast;
  segments: CoSegment[];
  /** Heartbeat wake-ups: [when it was due, how late it resumed (ms)]. */
  beats: Array<[number, number]>;
  /** Time the tasks spent awaiting, added up (ms): what the waits would take one after another. */
  waitedMs: number;
  /** The time axis of this run ends here (ms from its start); grows while running. */
  end: number;
  /** When the last task (not the heartbeat, which only watches) finished, in ms from the start; null while running. */
  doneMs: number | null;
  /** How long task 0 (the one with the CPU step) was running in all, in ms. */
  cpuRanMs: number;
}

export interface AsyncioData {
  tasks: number;
  ioWaitMs: number;
  cpuStepMs: number;
  heartbeatMs: number;
  panels: AsyncioPanel[];
  mode: EngineMode | null;
  running: boolean;
}

/** How often the heartbeat coroutine wakes: `while True: await asyncio.sleep(0.05)`. */
export const HEARTBEAT_MS = 50;
export const HEARTBEAT_LANE = 0;
/** Task 0, the one that computes before it awaits. */
export const CPU_LANE = 1;

/**
 * The coroutines (or threads) to run: a heartbeat first, so it is already awaiting when the loop gets blocked;
 * then task 0, which computes `cpuUnits` before its await (0: it only awaits); then the other tasks, which only
 * await. Task ids are lane numbers; on threads, worker w runs the plan at index w, so workers are lanes too.
 */
export function asyncioTasks(tasks: number, ioWaitMs: number, cpuStepMs: number, cpuUnits: number): TaskPlan[] {
  const beats = Math.max(1, Math.ceil((ioWaitMs + cpuStepMs) / HEARTBEAT_MS));
  return [
    { id: HEARTBEAT_LANE, steps: Array.from({ length: beats }, () => ({ io: HEARTBEAT_MS })) },
    ...Array.from({ length: tasks }, (_, i) => ({ id: i + 1, steps: i === 0 && cpuUnits > 0 ? [{ cpu: cpuUnits }, { io: ioWaitMs }] : [{ io: ioWaitMs }] })),
  ];
}

export const laneNames = (tasks: number, cpuStepMs: number): string[] => ['heartbeat', ...Array.from({ length: tasks }, (_, i) => (i === 0 && cpuStepMs > 0 ? 'task 0 (CPU)' : `task ${i}`))];

export function emptyPanel(strategy: Contrast, end: number): AsyncioPanel {
  return { strategy, segments: [], beats: [], waitedMs: 0, end, doneMs: null, cpuRanMs: 0 };
}

export function asyncioInitial(v: { tasks: number; ioWaitMs: number; cpuStepMs: number; contrast: boolean }): AsyncioData {
  const end = v.ioWaitMs + v.cpuStepMs;
  return {
    tasks: v.tasks,
    ioWaitMs: v.ioWaitMs,
    cpuStepMs: v.cpuStepMs,
    heartbeatMs: HEARTBEAT_MS,
    panels: [emptyPanel('asyncio', end), ...(v.contrast ? [emptyPanel('threads', end)] : [])],
    mode: null,
    running: false,
  };
}

/**
 * Lanes from an event-loop trace. TaskStart/TaskEnd bracket each time a coroutine runs; IoStart/IoEnd carry the
 * coroutine in `b`, and IoEnd how late it resumed in `c`, so an await splits into waiting (until due) and ready
 * but blocked (from due until the loop got back to it). Times are from the run's start.
 */
function eventLoopLanes(events: readonly TraceEvent[], t0: number, now: number, running: boolean): Omit<AsyncioPanel, 'strategy' | 'doneMs' | 'end' | 'cpuRanMs'> {
  const segments: CoSegment[] = [];
  const beats: Array<[number, number]> = [];
  const runningSince = new Map<number, number>();
  const awaitingSince = new Map<number, number>();
  const started = new Set<number>();
  let waitedMs = 0;
  for (const e of events) {
    const t = e.t - t0;
    if (e.kind === EventKind.TaskStart) {
      // A coroutine that has not run yet was ready from the start: gather() scheduled it, the loop was busy.
      if (!started.has(e.a)) {
        started.add(e.a);
        if (t > 0) segments.push([e.a, 'ready', 0, t]);
      }
      runningSince.set(e.a, t);
    } else if (e.kind === EventKind.TaskEnd && runningSince.has(e.a)) {
      segments.push([e.a, 'running', runningSince.get(e.a)!, t]);
      runningSince.delete(e.a);
    } else if (e.kind === EventKind.IoStart) awaitingSince.set(e.b, t);
    else if (e.kind === EventKind.IoEnd && awaitingSince.has(e.b)) {
      const due = t - e.c;
      const from = awaitingSince.get(e.b)!;
      awaitingSince.delete(e.b);
      segments.push([e.b, 'awaiting', from, due], [e.b, 'ready', due, t]);
      if (e.b === HEARTBEAT_LANE) beats.push([due, e.c]);
      else waitedMs += due - from;
    }
  }
  if (running) {
    for (const [lane, from] of runningSince) segments.push([lane, 'running', from, now]);
    for (const [lane, from] of awaitingSince) segments.push([lane, 'awaiting', from, now]);
  }
  return { segments, beats, waitedMs };
}

/**
 * Lanes from a threads trace: worker w is lane w. Running is holding the GIL, ready is waiting for it, awaiting
 * is blocking I/O. A heartbeat wake-up is late by the time from its due moment to getting the GIL back.
 */
function threadLanes(events: readonly TraceEvent[], t0: number, now: number, running: boolean): Omit<AsyncioPanel, 'strategy' | 'doneMs' | 'end' | 'cpuRanMs'> {
  const beats: Array<[number, number]> = [];
  const due = new Map<number, number>();
  let waitedMs = 0;
  const pairs: Array<SpanKind<CoState>> = [
    { start: EventKind.GilAcquire, end: EventKind.GilDrop, label: 'running' },
    { start: EventKind.GilRequest, end: EventKind.GilAcquire, label: 'ready' },
    { start: EventKind.IoStart, end: EventKind.IoEnd, label: 'awaiting' },
  ];
  const segments: CoSegment[] = pairSpans(events, pairs).flatMap(({ track, label, from, to }) => {
    if (!to) return running ? [[track, label, from.t - t0, now]] : [];
    if (label === 'awaiting' && track !== HEARTBEAT_LANE) waitedMs += to.t - t0 - (from.t - t0);
    return [[track, label, from.t - t0, to.t - t0]];
  });
  for (const e of events) {
    const t = e.t - t0;
    if (e.worker !== HEARTBEAT_LANE) continue;
    if (e.kind === EventKind.IoStart) due.set(e.worker, t + e.a);
    else if (e.kind === EventKind.GilAcquire && due.has(e.worker)) {
      const d = due.get(e.worker)!;
      beats.push([d, Math.max(0, t - d)]);
      due.delete(e.worker);
    }
  }
  return { segments, beats, waitedMs };
}

/**
 * One run's panel from its trace, times from the first worker's start. While running, open spans reach the newest
 * event, and the axis spans at least `minEnd` (the planned length) so it does not rescale every frame.
 * Task ids are lanes under asyncio (TaskStart/TaskEnd's `a`); on threads, worker w runs lane w.
 */
export function asyncioPanel(events: readonly TraceEvent[], opts: { strategy: Contrast; running: boolean; minEnd?: number }): AsyncioPanel {
  let t0 = Infinity;
  let last = -Infinity;
  let done = -Infinity;
  for (const e of events) {
    if (e.kind === EventKind.RunStart) t0 = Math.min(t0, e.t);
    const lane = onEventLoop(opts.strategy) ? e.a : e.worker;
    if (e.kind === EventKind.TaskEnd && lane !== HEARTBEAT_LANE) done = Math.max(done, e.t);
    last = Math.max(last, e.t);
  }
  if (t0 === Infinity) return emptyPanel(opts.strategy, opts.minEnd ?? 0);
  const lanes = onEventLoop(opts.strategy) ? eventLoopLanes(events, t0, last - t0, opts.running) : threadLanes(events, t0, last - t0, opts.running);
  const cpuRanMs = lanes.segments.reduce((sum, [lane, state, a, b]) => (lane === CPU_LANE && state === 'running' ? sum + b - a : sum), 0);
  return { strategy: opts.strategy, ...lanes, cpuRanMs, end: Math.max(last - t0, opts.minEnd ?? 0), doneMs: opts.running || done === -Infinity ? null : done - t0 };
}

export const maxLateness = (p: AsyncioPanel): number => p.beats.reduce((m, [, late]) => Math.max(m, late), 0);

/** The shared time axis: every panel on one scale, so asyncio and threads compare at a glance. */
export const axisEnd = (d: AsyncioData): number => Math.max(1, ...d.panels.map((p) => p.end));

/** Rectangles in pixels for one panel. States differ by height as well as colour. */
export function coRects(p: AsyncioPanel, x: (t: number) => number, laneTop: (lane: number) => number, laneH: number): Array<{ x: number; y: number; w: number; h: number; state: CoState }> {
  return p.segments.map(([lane, state, a, b]) => {
    const h = state === 'running' ? laneH : state === 'awaiting' ? laneH * 0.6 : laneH * 0.35;
    return { x: x(a), y: laneTop(lane) + (laneH - h) / 2, w: Math.max(1, x(b) - x(a)), h, state };
  });
}


const GIL_WORDS: Record<StrategyModel['gil'], string> = { shared: 'one GIL', 'per-interpreter': 'a GIL each', none: 'no GIL' };

/** How a panel's tasks run, from the strategy table: `one event loop`, or `one per task, one GIL`. */
const howTasksRun = (strategy: Strategy): string => (onEventLoop(strategy) ? 'one event loop' : `one per task, ${GIL_WORDS[STRATEGIES[strategy].gil]}`);

export const panelTitle = (p: AsyncioPanel): string =>
  `${p.strategy}: ${howTasksRun(p.strategy)}${p.doneMs !== null ? ` · tasks done in ${formatMs(p.doneMs)} · heartbeat late up to ${formatMs(maxLateness(p))}` : ''}`;

/** The totals line: the waits added up, against what each way of running them took. */
export function totalsLine(d: AsyncioData): string {
  const [loop, threads] = d.panels;
  if (!loop || loop.doneMs === null) return `${d.tasks} task${d.tasks === 1 ? '' : 's'} awaiting ${formatMs(d.ioWaitMs)} each${d.cpuStepMs > 0 ? `, task 0 computing ${formatMs(d.cpuStepMs)} first` : ''}`;
  // One run of each: the demo shows what happened in it, not a typical time, and says so (no spread to state).
  const parts = [`waits added up: ${formatMs(loop.waitedMs)}`, `all done, one run${threads?.doneMs != null ? ' each' : ''}: asyncio ${formatMs(loop.doneMs)}`];
  if (threads?.doneMs != null) parts.push(`threads ${formatMs(threads.doneMs)}`);
  return parts.join(' · ');
}

export function asyncioSummary(d: AsyncioData): string {
  const [loop, threads] = d.panels;
  if (!loop || loop.doneMs === null) return `${d.tasks} coroutines and a heartbeat, not run yet.`;
  const head = `In one run, ${d.tasks} coroutine${d.tasks === 1 ? '' : 's'} awaiting ${formatMs(d.ioWaitMs)} each finished in ${formatMs(loop.doneMs)} on one event loop, though their waits add up to ${formatMs(loop.waitedMs)}: the waits overlapped.`;
  const block = d.cpuStepMs > 0 ? ` While task 0 computed (it ran ${formatMs(loop.cpuRanMs)}), nothing else ran: the heartbeat was up to ${formatMs(maxLateness(loop))} late.` : ` The heartbeat was up to ${formatMs(maxLateness(loop))} late.`;
  const contrast = threads && threads.doneMs !== null ? ` On threads the same tasks took ${formatMs(threads.doneMs)}, and the heartbeat was up to ${formatMs(maxLateness(threads))} late.` : '';
  return head + block + contrast;
}
