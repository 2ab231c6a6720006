import type { EngineMode } from '../../engine/index.js';
import { type Strategy, STRATEGIES } from '../../engine/index.js';
import { exclusiveHolds } from '../../engine/analysis.js';
import type { Step, TaskPlan } from '../../engine/protocol.js';
import { EventKind, type TraceEvent } from '../../engine/trace.js';
import { meanHalfWidth, median, quantile, type Sampled, sampled } from '../../stats.js';
import { formatMs } from '../format.js';

/** One load step of one server: what it served (measured) and the latency a client would see. */
export interface ServerPoint {
  /** Offered load, requests per second. */
  rate: number;
  /** Requests served per second, measured, and never above `ceilingRps`. */
  rps: number;
  /** Half the 95% interval of `rps` over the step's windows (`WINDOWS`); null with too few answers to say. */
  rpsSpread?: number | null;
  /**
   * The most a GIL lets through, measured at this load: GILs x 1000 / ms the GIL was held per request (one GIL is
   * held by one thread at a time, so no server under it can do better). Null without a GIL.
   */
  ceilingRps?: number | null;
  /** Half the 95% interval of the ceiling over the same windows; null where there is none or too little to say. */
  ceilingSpread?: number | null;
  /** Response time percentiles in ms: measured service times, queued behind open-loop arrivals (modelled). */
  p50: number;
  p99: number;
  /** Service time percentiles in ms, measured (from a worker picking the request up to its reply). */
  serviceP50: number;
  serviceP99: number;
  requests: number;
}

export interface ServerSeries {
  strategy: Strategy;
  /** Median time one request took one otherwise idle worker, in ms (measured before the load steps); null until then. */
  aloneMs: number | null;
  /** The range of those requests' times, and how many there were. */
  aloneRange?: Pick<Sampled, 'low' | 'high' | 'n'> | null;
  /** That request's CPU part and I/O part, measured (their sum never exceeds aloneMs). */
  aloneCpuMs?: number | null;
  aloneIoMs?: number | null;
  points: ServerPoint[];
}

export interface ServerData {
  workers: number;
  cpuMs: number;
  ioMs: number;
  durationMs: number;
  rates: number[];
  series: ServerSeries[];
  mode: EngineMode | null;
  running: boolean;
}

/** Offered loads: `steps` evenly spaced steps up to `maxRate`. */
export const loadRates = (maxRate: number, steps: number): number[] => Array.from({ length: steps }, (_, i) => Math.max(1, Math.round((maxRate * (i + 1)) / steps)));

/**
 * How many requests a server works on at once: one where a single worker runs its tasks one after another
 * (sequential), else `workers` (threads, interpreters, processes, or coroutines on one event loop).
 */
export const serverWorkers = (strategy: Strategy, workers: number): number => {
  const s = STRATEGIES[strategy];
  return s.runsOn === 'one-worker' && s.loop === 'tasks' ? 1 : workers;
};

export function serverInitial(v: { strategies: readonly Strategy[]; workers: number; cpuMs: number; ioMs: number; maxRate: number; steps: number; duration: number }): ServerData {
  return {
    workers: v.workers,
    cpuMs: v.cpuMs,
    ioMs: v.ioMs,
    durationMs: v.duration * 1000,
    rates: loadRates(v.maxRate, v.steps),
    series: v.strategies.map((strategy) => ({ strategy, aloneMs: null, points: [] })),
    mode: null,
    running: false,
  };
}

const MAX_REQUESTS_PER_WORKER = 3000;
/** Requests one idle worker serves back to back before the load steps, to pace the first step. */
const PROBE_REQUESTS = 4;

/**
 * How each worker paces its requests to offer `rate` in total: one request every workers/rate seconds, so it
 * waits (like a server blocked in accept) for that period minus what a request took it at the previous step
 * (`overheadMs`, measured; the nominal cpu + io at the first step). As many requests as fill `durationMs`.
 */
export function pacing(rate: number, workers: number, durationMs: number, overheadMs: number): { gapMs: number; requests: number } {
  const period = (workers * 1000) / rate;
  const gapMs = Math.max(0, period - overheadMs);
  const cycle = Math.max(period, overheadMs, 0.01);
  return { gapMs, requests: Math.max(2, Math.min(MAX_REQUESTS_PER_WORKER, Math.round(durationMs / cycle))) };
}

/**
 * The work: each worker serves `requests` requests back to back, each `[wait for it, I/O, CPU]`. Worker w's
 * first wait is longer by w/rate seconds so the workers' arrivals interleave rather than come in bursts.
 */
export function requestPlans(workers: number, rate: number, p: { gapMs: number; requests: number }, ioMs: number, cpuUnits: number): TaskPlan[] {
  return Array.from({ length: workers }, (_, w) => ({
    id: w,
    steps: Array.from({ length: p.requests }, (_, j): Step[] => [{ io: p.gapMs + (j === 0 ? (w * 1000) / rate : 0) }, { io: ioMs }, { cpu: cpuUnits }]).flat(),
  }));
}

/** One worker serving a few requests back to back, with nobody else around: what a request costs alone. */
export const probePlan = (ioMs: number, cpuUnits: number): TaskPlan[] => requestPlans(1, 1, { gapMs: 0, requests: PROBE_REQUESTS }, ioMs, cpuUnits);

export interface MeasuredRequests {
  /** Per request in arrival order: when it arrived (its wait ended, or was due under asyncio) and when it was answered, in ms. */
  requests: Array<[number, number]>;
  /** Per request, in the same order: its I/O part and its CPU part (from the end of its I/O to its answer), in ms. */
  parts: Array<[io: number, cpu: number]>;
  /** Median time a request took its worker beyond its planned wait, in ms (for pacing the next step). */
  overheadMs: number;
  /** Served per second, from the first answer to the last. */
  rps: number;
  /** Answer times in ms, ascending. */
  answers: number[];
}

/**
 * Requests from a trace. Each task's I/O events alternate: the wait for a request, then its I/O; a request runs
 * from the end of its wait (under asyncio: when it was due; `c` says how late the loop resumed it) to the start
 * of the next wait, or the end of the task. Under asyncio, I/O events name their coroutine in `b`; otherwise the
 * task a worker is running is the one its last TaskStart named.
 */
export function measureRequests(events: readonly TraceEvent[], strategy: Strategy): MeasuredRequests {
  const io = new Map<number, TraceEvent[]>();
  const taskEnd = new Map<number, number>();
  const current = new Map<number, number>();
  for (const e of events) {
    if (e.kind === EventKind.TaskStart) current.set(e.worker, e.a);
    else if (e.kind === EventKind.TaskEnd) taskEnd.set(e.a, e.t);
    else if (e.kind === EventKind.IoStart || e.kind === EventKind.IoEnd) {
      const task = STRATEGIES[strategy].loop === 'event-loop' ? e.b : (current.get(e.worker) ?? e.worker);
      if (!io.has(task)) io.set(task, []);
      io.get(task)!.push(e);
    }
  }
  const found: Array<{ request: [number, number]; io: number; cpu: number }> = [];
  const overheads: number[] = [];
  for (const [task, list] of io) {
    const starts = list.filter((e) => e.kind === EventKind.IoStart);
    const ends = list.filter((e) => e.kind === EventKind.IoEnd);
    for (let j = 0; 2 * j < ends.length; j++) {
      const next = starts[2 * j + 2]?.t ?? (2 * j + 1 < ends.length ? taskEnd.get(task) : undefined);
      if (next === undefined) continue;
      const waitEnd = ends[2 * j]!;
      const ioStart = starts[2 * j + 1]?.t ?? next;
      const ioEnd = Math.min(next, ends[2 * j + 1]?.t ?? next);
      found.push({ request: [waitEnd.t - waitEnd.c, next], io: Math.max(0, ioEnd - ioStart), cpu: Math.max(0, next - ioEnd) });
      overheads.push(next - starts[2 * j]!.t - starts[2 * j]!.a);
    }
  }
  found.sort((a, b) => a.request[0] - b.request[0]);
  const requests = found.map((f) => f.request);
  // Paced answers come evenly spaced (the workers' start offsets interleave them), so the rate between the first
  // and the last answer is the throughput, free of the start-up edge.
  const answers = requests.map(([, b]) => b).sort((a, b) => a - b);
  const span = answers.length > 1 ? answers.at(-1)! - answers[0]! : 0;
  return { requests, parts: found.map((f) => [f.io, f.cpu]), overheadMs: overheads.length ? median(overheads) : 0, rps: span > 0 ? ((answers.length - 1) / span) * 1000 : 0, answers };
}

/** How many windows a step's answers are cut into to state its throughput's spread. */
export const WINDOWS = 4;

/**
 * A step's answers cut into `WINDOWS` runs of consecutive answers, as equal in number as they divide (batch means):
 * each window runs from the answer before it to its last, so the windows tile the span from the first answer to
 * the last and their intervals add up to the step's. Equal counts rather than equal times: a 60 ms window of paced
 * answers holds 11 or 13 by where its edges fall, which is not the throughput moving. Empty with too few answers.
 */
export function answerWindows(answers: readonly number[]): Array<{ from: number; to: number; answers: number }> {
  const intervals = answers.length - 1;
  if (intervals < 2 * WINDOWS) return [];
  const edges = Array.from({ length: WINDOWS + 1 }, (_, i) => Math.round((i * intervals) / WINDOWS));
  return edges.slice(1).map((e, i) => ({ from: answers[edges[i]!]!, to: answers[e]!, answers: e - edges[i]! }));
}

/** Half the 95% interval of the mean of per-window values (batch means); null where it cannot be said. */
export function windowSpread(values: readonly number[]): number | null {
  const h = meanHalfWidth(values);
  return Number.isFinite(h) ? h : null;
}

export const medianServiceMs = (m: MeasuredRequests): number => (m.requests.length ? median(m.requests.map(([a, b]) => b - a)) : 0);

/**
 * The median request (by its time) and its own parts, so "16 ms = 8 ms CPU + 4 ms I/O" always adds up: a request
 * alone can never look shorter than its CPU and I/O as measured.
 */
export function medianRequest(m: MeasuredRequests): { ms: number; cpuMs: number; ioMs: number; range: Sampled } | null {
  if (!m.requests.length) return null;
  const order = m.requests.map(([a, b], i) => ({ ms: b - a, i })).sort((x, y) => x.ms - y.ms);
  const mid = order[Math.min(order.length - 1, Math.max(0, Math.ceil(0.5 * order.length) - 1))]!;
  const [io, cpu] = m.parts[mid.i] ?? [0, 0];
  return { ms: mid.ms, cpuMs: Math.min(cpu, mid.ms), ioMs: Math.min(io, mid.ms - Math.min(cpu, mid.ms)), range: sampled(order.map((o) => o.ms)) };
}

/** The GIL time a step held: how many GILs there were, and each worker's holds, exclusive per GIL. */
export interface GilHeld {
  gils: number;
  holds: Array<[number, number]>;
}

export function gilHeld(events: readonly TraceEvent[], workers: number): GilHeld {
  const gils = new Set(events.filter((e) => e.kind === EventKind.GilAcquire).map((e) => e.a)).size;
  return { gils, holds: gils ? exclusiveHolds(events, workers, null).flat() : [] };
}

/**
 * The throughput a GIL allows, from the trace: holds of one GIL never overlap (taken in hand-off order, whatever
 * the clocks say), so n requests that held GILs for H ms in total took at least H / gils ms, and no step can serve
 * more than gils x 1000 x n / H per second. Null where no GIL was held.
 */
export function gilCeilingRps({ gils, holds }: GilHeld, requests: number): number | null {
  if (!gils || requests <= 0) return null;
  const held = holds.reduce((sum, [a, b]) => sum + b - a, 0);
  return held > 0 ? (gils * 1000 * requests) / held : null;
}

/**
 * The GIL ceiling's spread over the step's answer windows (batch means): in each, the answers it holds against the
 * GIL time held inside it (holds clipped to the window). The windows' ceilings are ratios of their own sums, so
 * they centre near the step's ceiling (the ratio of all of them), not exactly on it. Null without a GIL or with
 * too few answers.
 */
export function gilCeilingSpread({ gils, holds }: GilHeld, windows: ReturnType<typeof answerWindows>): number | null {
  if (!gils || !windows.length) return null;
  const ceilings = windows.map((w) => {
    const held = holds.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, w.to) - Math.max(a, w.from)), 0);
    return held > 0 ? (gils * 1000 * w.answers) / held : NaN;
  });
  return windowSpread(ceilings);
}

/**
 * Response times of open-loop traffic, replayed: a request arrives every 1/rate s for `windowMs`, waits for the
 * first free worker (FIFO), and takes the next measured service time (cycling through them in order). The
 * queueing is the model; the service times are what the server measured at this load. The model never serves
 * faster than `ceilingRps` (what a GIL allows, measured): requests start at least 1000 / ceiling ms apart.
 */
export function replayLatencies(rate: number, windowMs: number, services: readonly number[], workers: number, ceilingRps: number | null = null): number[] {
  if (!services.length) return [];
  const free = Array.from({ length: Math.max(1, workers) }, () => 0);
  const spacing = ceilingRps && ceilingRps > 0 ? 1000 / ceilingRps : 0;
  const n = Math.max(1, Math.round((rate * windowMs) / 1000));
  const out: number[] = [];
  let lastStart = -Infinity;
  for (let i = 0; i < n; i++) {
    const arrive = (i * 1000) / rate;
    let w = 0;
    for (let k = 1; k < free.length; k++) if (free[k]! < free[w]!) w = k;
    const start = Math.max(arrive, free[w]!, lastStart + spacing);
    lastStart = start;
    free[w] = start + services[i % services.length]!;
    out.push(free[w]! - arrive);
  }
  return out.sort((a, b) => a - b);
}

/** One load step's point from its run's trace. */
export function serverPoint(events: readonly TraceEvent[], o: { strategy: Strategy; rate: number; workers: number; durationMs: number }): ServerPoint & { overheadMs: number } {
  const m = measureRequests(events, o.strategy);
  const services = m.requests.map(([a, b]) => b - a);
  const held = gilHeld(events, o.workers);
  const ceiling = gilCeilingRps(held, m.requests.length);
  const windows = answerWindows(m.answers);
  const ceilingSpread = ceiling === null ? null : gilCeilingSpread(held, windows);
  // Served above what the GIL allows (the first-to-last estimate overshoots at the edges): the ceiling is shown, so
  // is its spread.
  const clipped = ceiling !== null && m.rps > ceiling;
  const latencies = replayLatencies(o.rate, o.durationMs, services, o.workers, ceiling);
  // A step that served nothing has no latencies to state: zeros, as before anything is measured.
  const q = (xs: readonly number[], p: number) => (xs.length ? quantile(xs, p) : 0);
  return {
    rate: o.rate,
    // The first-to-last-answer estimate can overshoot by a slice at the edges; the GIL's bound cannot be beaten.
    rps: clipped ? ceiling : m.rps,
    rpsSpread: clipped ? ceilingSpread : windowSpread(windows.map((w) => (w.answers * 1000) / (w.to - w.from))),
    ceilingRps: ceiling,
    ceilingSpread,
    p50: q(latencies, 0.5),
    p99: q(latencies, 0.99),
    serviceP50: q(services, 0.5),
    serviceP99: q(services, 0.99),
    requests: m.requests.length,
    overheadMs: m.overheadMs,
  };
}

/** The load step whose latency the summary and the final comparison quote: the middle one, the same for every server. */
export const referenceRate = (d: ServerData): number => d.rates[Math.floor((d.rates.length - 1) / 2)] ?? 0;

export const peakRps = (s: ServerSeries): number => s.points.reduce((m, p) => Math.max(m, p.rps), 0);

/** The load step that served the most (its spread goes with the peak); undefined before any. */
export const peakPoint = (s: ServerSeries): ServerPoint | undefined => s.points.reduce<ServerPoint | undefined>((m, p) => (!m || p.rps > m.rps ? p : m), undefined);

/** The load step with the highest GIL ceiling (the one the table quotes); undefined without a GIL. */
const ceilingPoint = (s: ServerSeries): ServerPoint | undefined => s.points.reduce<ServerPoint | undefined>((m, p) => (p.ceilingRps && (!m || p.ceilingRps > m.ceilingRps!) ? p : m), undefined);

/** "209 ±12": a throughput and half its 95% interval, whole requests/s; no ± where there was too little to say. */
const withSpread = (value: number, spread: number | null | undefined): string =>
  `${Math.round(value)}${spread != null && Number.isFinite(spread) ? (spread < 0.5 ? ' ±<1' : ` ±${Math.round(spread)}`) : ''}`;

export const pointAt = (s: ServerSeries, rate: number): ServerPoint | undefined => s.points.find((p) => p.rate === rate);

/** The highest GIL ceiling measured over a server's load steps (every point's throughput is below it); null without a GIL. */
export const ceilingOf = (s: ServerSeries): number | null => s.points.reduce<number | null>((m, p) => (p.ceilingRps ? Math.max(m ?? 0, p.ceilingRps) : m), null);

/** "16.2 (8.1 + 4.0)": a request alone in ms (the column says so), and its measured CPU and I/O parts. */
export function aloneText(s: ServerSeries): string {
  if (s.aloneMs === null) return '–';
  if (s.aloneCpuMs == null || s.aloneIoMs == null) return short(s.aloneMs);
  return `${short(s.aloneMs)} (${s.aloneCpuMs.toFixed(1)} + ${s.aloneIoMs.toFixed(1)})`;
}

/** One table row per server: a request alone, peak throughput, the GIL's ceiling, and the latency at the reference load. */
export function tableRows(d: ServerData): Array<{ strategy: Strategy; alone: string; peak: string; ceiling: string; p50: string; p99: string }> {
  const rate = referenceRate(d);
  return d.series.map((s) => {
    const at = pointAt(s, rate);
    const ceiling = ceilingOf(s);
    return {
      strategy: s.strategy,
      alone: aloneText(s),
      peak: s.points.length ? withSpread(peakRps(s), peakPoint(s)?.rpsSpread) : '–',
      ceiling: ceiling === null ? '–' : `≤ ${withSpread(ceiling, ceilingPoint(s)?.ceilingSpread)}`,
      p50: at ? formatMs(at.p50) : '–',
      p99: at ? formatMs(at.p99) : '–',
    };
  });
}

/** A number as the table's notes give it, three significant digits: 14.6, 104, 0.873. */
const short = (x: number): string => String(Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3)));

/** Roughly how many characters of the table's note fit on one line of the figure (880 units, the note's font). */
const NOTE_CHARS = 120;

/** Words joined into lines of at most `width` characters (a word longer than that gets a line of its own). */
function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const w of words) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + w.length <= width) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines;
}

/**
 * What the table's figures rest on, wrapped to the figure's width: what "alone" is and what ± means, then the range
 * of the requests each "alone" is the middle one of. Empty before anything is measured.
 */
export function tableNote(d: ServerData): string[] {
  const ranged = d.series.filter((s) => s.aloneRange && s.aloneRange.n > 1);
  const what: string[] = [];
  if (ranged.length) {
    const ns = ranged.map((s) => s.aloneRange!.n);
    const n = Math.min(...ns) === Math.max(...ns) ? `${ns[0]}` : `${Math.min(...ns)}-${Math.max(...ns)}`;
    what.push(`alone: the middle one of ${n} requests to an idle worker`);
  }
  if (d.series.some((s) => s.points.some((p) => p.rpsSpread != null))) what.push(`±: 95% interval over ${WINDOWS} windows of the load step's answers`);
  const ranges = ranged.map((s, i) => `${s.strategy} ${short(s.aloneRange!.low)}–${short(s.aloneRange!.high)}${i < ranged.length - 1 ? ',' : ''}`);
  return [...wrap(what.map((w, i) => (i < what.length - 1 ? `${w} ·` : w)), NOTE_CHARS), ...(ranges.length ? wrap([`alone's range, ms:`, ...ranges], NOTE_CHARS) : [])];
}

export function serverSummary(d: ServerData): string {
  const head = `${d.workers} worker${d.workers === 1 ? '' : 's'} per server, requests of ${d.cpuMs} ms CPU and ${d.ioMs} ms I/O, offered ${d.rates[0]} to ${d.rates.at(-1)} requests/s.`;
  const done = d.series.filter((s) => s.points.length);
  if (!done.length) return `${head} Not run yet.`;
  const rate = referenceRate(d);
  const parts = done.map((s) => {
    const at = pointAt(s, rate);
    const r = s.aloneRange;
    const range = r && r.n > 1 ? `, the middle of ${r.n} ranging ${formatMs(r.low)} to ${formatMs(r.high)}` : '';
    const alone = s.aloneMs === null ? '' : s.aloneCpuMs != null && s.aloneIoMs != null ? ` (one request alone: ${formatMs(s.aloneMs)}${range}, of which ${formatMs(s.aloneCpuMs)} CPU and ${formatMs(s.aloneIoMs)} I/O)` : ` (one request alone: ${formatMs(s.aloneMs)}${range})`;
    const ceiling = ceilingOf(s);
    const gil = ceiling === null ? '' : ` (${STRATEGIES[s.strategy].gil === 'per-interpreter' ? 'their GILs allow' : 'its GIL allows'} at most ${withSpread(ceiling, ceilingPoint(s)?.ceilingSpread)})`;
    return `${s.strategy}${alone} served up to ${withSpread(peakRps(s), peakPoint(s)?.rpsSpread)} requests/s${gil}${at ? `, p50 ${formatMs(at.p50)} and p99 ${formatMs(at.p99)} at ${rate} requests/s (queueing modelled)` : ''}`;
  });
  const spread = done.some((s) => s.points.some((p) => p.rpsSpread != null)) ? ' (±: 95% intervals)' : '';
  return `${head} ${parts.join('; ')}${spread}.`;
}
