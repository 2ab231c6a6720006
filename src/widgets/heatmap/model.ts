import type { EngineMode } from '../../engine/engine.js';
import { EventKind, type TraceEvent } from '../../engine/trace.js';

export interface HeatmapData {
  strategy: string;
  workers: number;
  mode: EngineMode | null;
  running: boolean;
  /** Calibrated single-core rate of the kernel (units per ms), measured on this device; null before a run. */
  unitsPerMs: number | null;
  /** The bucket asked for, and the one used (a multiple of it, when the run is too long for one column each). */
  bucketMs: number;
  columnMs: number;
  /** The time axis runs from the run's first event to this many ms later; grows while running. */
  spanMs: number;
  /** shares[worker][column]: the share of one core the worker got in that column (1 = a whole core). */
  shares: number[][];
  /** Per column: the sum over workers, i.e. how many cores were busy. */
  busy: number[];
  /** Whole-run mean share per worker, and mean cores busy. */
  mean: number[];
  meanBusy: number;
  wallMs: number | null;
}

/** At most this many columns across the chart; longer runs widen the bucket to a multiple of the one asked for. */
export const MAX_COLUMNS = 120;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Units each worker completed per time column, from its Progress events (cumulative units, about every ms while it
 * computes). The units between two events are placed at the calibrated single-core rate ending at the later event:
 * a worker that waited for the GIL did its work after the wait, not spread across it.
 */
export function unitsPerColumn(events: readonly TraceEvent[], workers: number, unitsPerMs: number, start: number, columnMs: number, columns: number): number[][] {
  const out = Array.from({ length: workers }, () => new Array<number>(columns).fill(0));
  const last = new Map<number, { t: number; units: number }>();
  const add = (w: number, from: number, to: number, units: number) => {
    if (units <= 0 || to <= from) return;
    const perMs = units / (to - from);
    for (let c = Math.max(0, Math.floor((from - start) / columnMs)); c < columns; c++) {
      const c0 = start + c * columnMs;
      const c1 = c0 + columnMs;
      if (c0 >= to) break;
      const overlap = Math.min(to, c1) - Math.max(from, c0);
      if (overlap > 0) out[w]![c]! += overlap * perMs;
    }
  };
  for (const e of events) {
    if (e.worker >= workers) continue;
    if (e.kind === EventKind.TaskStart || e.kind === EventKind.RunStart) {
      if (!last.has(e.worker)) last.set(e.worker, { t: e.t, units: 0 });
      continue;
    }
    if (e.kind !== EventKind.Progress) continue;
    const prev = last.get(e.worker) ?? { t: e.t, units: 0 };
    const units = e.a - prev.units;
    const span = Math.max(1e-6, Math.min(e.t - prev.t, unitsPerMs > 0 ? units / unitsPerMs : e.t - prev.t));
    add(e.worker, e.t - span, e.t, units);
    last.set(e.worker, { t: e.t, units: e.a });
  }
  return out;
}

/**
 * Cores x time from a trace: per worker and column, the units done there over what one core does in that time at
 * the calibrated rate. Under one GIL the workers' shares add up to about 1; without it, to about the worker count
 * (up to the cores the device has).
 */
export function heatmapModel(events: readonly TraceEvent[], opts: { strategy: string; workers: number; mode: EngineMode | null; unitsPerMs: number | null; bucketMs: number; running: boolean; wallMs?: number | null; minSpanMs?: number }): HeatmapData {
  // Time starts at the run's first event: a process start-up shows as idle columns before the work.
  let start = Infinity;
  let end = 0;
  for (const e of events) {
    if (e.worker >= opts.workers) continue;
    end = Math.max(end, e.t);
    start = Math.min(start, e.t);
  }
  if (!Number.isFinite(start)) start = end = 0;
  const measured = Math.max(0, end - start);
  const span = Math.max(measured, opts.minSpanMs ?? 0, opts.bucketMs);
  const columnMs = opts.bucketMs * Math.max(1, Math.ceil(span / opts.bucketMs / MAX_COLUMNS));
  // While running, only complete columns (workers report in batches, so the newest one is still filling up).
  // At the end, the last partial column too, scaled by the time it covers, unless it is a sliver too short to mean much.
  const whole = Math.floor(measured / columnMs);
  const columns = opts.running || measured - whole * columnMs < 0.2 * columnMs ? whole : whole + 1;
  const rate = opts.unitsPerMs ?? 0;
  const units = rate > 0 ? unitsPerColumn(events, opts.workers, rate, start, columnMs, columns) : Array.from({ length: opts.workers }, () => new Array<number>(columns).fill(0));
  const widthOf = (c: number) => Math.max(1e-9, Math.min(columnMs, measured - c * columnMs));
  const shares = units.map((row) => row.map((u, c) => (rate > 0 ? round3(u / (rate * widthOf(c))) : 0)));
  const busy = Array.from({ length: columns }, (_, c) => round3(shares.reduce((s, row) => s + row[c]!, 0)));
  const covered = Math.min(measured, columns * columnMs);
  const totalUnits = units.map((row) => row.reduce((a, b) => a + b, 0));
  const mean = totalUnits.map((u) => (rate > 0 && covered > 0 ? round3(u / (rate * covered)) : 0));
  return {
    strategy: opts.strategy,
    workers: opts.workers,
    mode: opts.mode,
    running: opts.running,
    unitsPerMs: opts.unitsPerMs,
    bucketMs: opts.bucketMs,
    columnMs,
    spanMs: Math.max(span, columns * columnMs),
    shares,
    busy,
    mean,
    meanBusy: round3(mean.reduce((a, b) => a + b, 0)),
    wallMs: opts.wallMs ?? null,
  };
}

/** What a row is called: a Python thread, an interpreter, a process, or the one thread that runs everything. */
export function workerName(strategy: string, w: number): string {
  if (strategy === 'multiprocessing' || strategy === 'multiprocessing-pool') return `process ${w}`;
  if (strategy === 'subinterpreters') return `interpreter ${w}`;
  if (strategy === 'sequential' || strategy === 'asyncio') return 'main thread';
  return `thread ${w}`;
}

export function heatmapSummary(d: HeatmapData): string {
  if (!d.shares.some((row) => row.length)) return `${d.strategy}, ${d.workers} worker${d.workers === 1 ? '' : 's'}: not run yet.`;
  const each = d.mean.map((m, w) => `${workerName(d.strategy, w)} ${m.toFixed(2)}`).join(', ');
  const peak = Math.max(0, ...d.busy);
  const time = d.wallMs !== null ? ` over ${(d.wallMs / 1000).toFixed(2)} s` : ' so far';
  return `${d.strategy}, ${d.workers} worker${d.workers === 1 ? '' : 's'}: on average ${d.meanBusy.toFixed(2)} cores busy${time} (peak ${peak.toFixed(2)}); share of a core per worker: ${each}.`;
}

/** The rows and columns to draw, with the value each cell shows on hover. Pure, so it is tested without a DOM. */
export function heatCells(d: HeatmapData): Array<{ worker: number; column: number; from: number; to: number; share: number; label: string }> {
  const out: Array<{ worker: number; column: number; from: number; to: number; share: number; label: string }> = [];
  d.shares.forEach((row, w) =>
    row.forEach((share, c) => {
      const from = c * d.columnMs;
      const to = from + d.columnMs;
      out.push({ worker: w, column: c, from, to, share, label: `${workerName(d.strategy, w)}, ${fmtSeconds(from)}–${fmtSeconds(to)}: ${Math.round(share * 100)}% of a core` });
    }),
  );
  return out;
}

export const fmtSeconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${Math.round(ms)} ms`);
