import { type EngineMode, gilCount, laneName, type Strategy, STRATEGIES } from '../../engine/index.js';
import { type CoreShare, exclusiveHolds, intersect, shareCores, subtract, workerSpans } from '../../engine/analysis.js';
import { EventKind, type TraceEvent } from '../../engine/trace.js';
import { formatMs } from '../format.js';

export interface HeatmapData {
  strategy: Strategy;
  workers: number;
  mode: EngineMode | null;
  running: boolean;
  /** Calibrated single-core rate of the kernel (units per ms), measured on this device; null before a run. */
  unitsPerMs: number | null;
  /** Cores on this device (what the cores-busy row is capped at). */
  cores: number;
  /** GILs the workers run under: 1 for threads, one per interpreter, 0 without a GIL. */
  gils: number;
  /** The most cores the strategy can keep busy here: min(GILs, cores) under a GIL, else min(workers, cores). */
  limit: number;
  /** The bucket asked for, and the one used (a multiple of it, when the run is too long for one column each). */
  bucketMs: number;
  columnMs: number;
  /** The time axis runs from the run's first event to this many ms later; grows while running. */
  spanMs: number;
  /** shares[worker][column]: the share of one core the worker had in that column (1 = a whole core). */
  shares: number[][];
  /**
   * waiting[worker][column]: the share of the column it was runnable but had no core: sharing too few cores with
   * the others, or making no progress while it held its GIL or was inside a task (the OS ran something else).
   */
  waiting: number[][];
  /** Per column: the sum over workers, i.e. how many cores were busy; never above `limit`. */
  busy: number[];
  /** Whole-run mean share per worker, and mean cores busy. */
  mean: number[];
  meanBusy: number;
  wallMs: number | null;
}

/** At most this many columns across the chart; longer runs widen the bucket to a multiple of the one asked for. */
export const MAX_COLUMNS = 120;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** GILs a strategy's workers run under, before the trace says (threads: one; interpreters: one each). */
const gilsOf = (strategy: Strategy, workers: number): number => gilCount(strategy, workers);

/** Time (ms) each worker spent in each column, weighted by the share of a core it had then. */
function perColumn(pieces: readonly CoreShare[][], weight: (share: number) => number, start: number, columnMs: number, columns: number): number[][] {
  return pieces.map((row) => {
    const out = new Array<number>(columns).fill(0);
    for (const [from, to, share] of row) {
      const w = weight(share);
      if (w <= 0) continue;
      for (let c = Math.max(0, Math.floor((from - start) / columnMs)); c < columns; c++) {
        const c0 = start + c * columnMs;
        if (c0 >= to) break;
        const overlap = Math.min(to, c0 + columnMs) - Math.max(from, c0);
        if (overlap > 0) out[c]! += overlap * w;
      }
    }
    return out;
  });
}

/**
 * Cores x time from a trace, with the model's guarantees built in rather than left to a timer. A worker is on a
 * core while it computes (progress about every ms); under a GIL only while it also holds the GIL, and holds of
 * one GIL never overlap (see exclusiveHolds), so the cores-busy row cannot exceed one per GIL. When more compute
 * at once than there are cores, they share them (see shareCores) and the rest of the time is "waiting for a
 * core", as is a gap in progress where the worker could have run. No calibrated rate is involved, so a wrong
 * calibration cannot inflate a cell.
 */
export function heatmapModel(
  events: readonly TraceEvent[],
  opts: { strategy: Strategy; workers: number; mode?: EngineMode | null; unitsPerMs: number | null; bucketMs: number; running: boolean; cores: number; wallMs?: number | null; minSpanMs?: number },
): HeatmapData {
  // Time starts at the run's first event: a process start-up shows as idle columns before the work.
  let start = Infinity;
  let end = 0;
  const gilIds = new Set<number>();
  for (const e of events) {
    if (e.worker >= opts.workers) continue;
    end = Math.max(end, e.t);
    start = Math.min(start, e.t);
    if (e.kind === EventKind.GilAcquire) gilIds.add(e.a);
  }
  if (!Number.isFinite(start)) start = end = 0;
  const cores = Math.max(1, Math.floor(opts.cores));
  const gils = gilIds.size || gilsOf(opts.strategy, opts.workers);
  const limit = Math.max(1, Math.min(cores, gils > 0 ? gils : opts.workers));
  const measured = Math.max(0, end - start);
  const span = Math.max(measured, opts.minSpanMs ?? 0, opts.bucketMs);
  const columnMs = opts.bucketMs * Math.max(1, Math.ceil(span / opts.bucketMs / MAX_COLUMNS));
  // While running, only complete columns (workers report in batches, so the newest one is still filling up).
  // At the end, the last partial column too, scaled by the time it covers, unless it is a sliver too short to mean much.
  const whole = Math.floor(measured / columnMs);
  const columns = opts.running || measured - whole * columnMs < 0.2 * columnMs ? whole : whole + 1;
  // Spans still open (a live run, or one that was stopped) end with the newest event.
  const openUntil = end;
  // On a core = computing (progress ticks); under a GIL, only while holding it too (a holder the OS set aside
  // is not busy, and holds of one GIL never overlap, so neither can these).
  const spans = workerSpans(events, opts.workers, { asyncio: STRATEGIES[opts.strategy].loop === 'event-loop', openUntil });
  const computing = spans.ticks.map((t, w) => subtract(intersect(t, spans.tasks[w]!), spans.away[w]!));
  const holds = gilIds.size ? exclusiveHolds(events, opts.workers, openUntil) : null;
  const active = holds ? holds.map((h, w) => intersect(h, computing[w]!)) : computing;
  // Runnable without progress: holding the GIL, or inside a task outside I/O, yet not computing.
  const stalled = holds ? holds.map((h, w) => subtract(h, computing[w]!)) : spans.tasks.map((t, w) => subtract(subtract(t, computing[w]!), spans.away[w]!));
  const pieces = shareCores(active, cores);
  const onCore = perColumn(pieces, (s) => s, start, columnMs, columns);
  const waited = perColumn(
    pieces.map((row, w) => [...row, ...stalled[w]!.map(([a, b]): CoreShare => [a, b, 0])]),
    (s) => 1 - s,
    start,
    columnMs,
    columns,
  );
  const widthOf = (c: number) => Math.max(1e-9, Math.min(columnMs, measured - c * columnMs));
  const shares = onCore.map((row) => row.map((t, c) => round3(Math.min(1, t / widthOf(c)))));
  const waiting = waited.map((row) => row.map((t, c) => round3(Math.min(1, t / widthOf(c)))));
  // Summed before rounding, then capped: rounding each row must not lift a full column past the limit.
  const busy = Array.from({ length: columns }, (_, c) => round3(Math.min(limit, onCore.reduce((s, row) => s + row[c]!, 0) / widthOf(c))));
  const covered = Math.min(measured, columns * columnMs);
  const totals = onCore.map((row) => row.reduce((a, b) => a + b, 0));
  const mean = totals.map((t) => (covered > 0 ? round3(t / covered) : 0));
  return {
    strategy: opts.strategy,
    workers: opts.workers,
    mode: opts.mode ?? null,
    running: opts.running,
    unitsPerMs: opts.unitsPerMs,
    cores,
    gils,
    limit,
    bucketMs: opts.bucketMs,
    columnMs,
    spanMs: Math.max(span, columns * columnMs),
    shares,
    waiting,
    busy,
    mean,
    meanBusy: covered > 0 ? round3(Math.min(limit, totals.reduce((a, b) => a + b, 0) / covered)) : 0,
    wallMs: opts.wallMs ?? null,
  };
}

/** "4 threads on 2 cores": what the run asked of this device. */
export function workersOnCores(strategy: Strategy, workers: number, cores: number): string {
  const noun = STRATEGIES[strategy].noun;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
  return `${plural(workers, noun)} on ${plural(cores, 'core')}`;
}

/** Why the cores-busy row stops where it does: "one GIL", "2 GILs", "2 cores". */
export function limitReason(d: Pick<HeatmapData, 'gils' | 'cores' | 'limit' | 'workers'>): string {
  if (d.gils > 0 && d.gils <= d.cores) return d.gils === 1 ? 'one GIL' : `${d.gils} GILs`;
  if (d.limit === d.cores) return `${d.cores} core${d.cores === 1 ? '' : 's'}`;
  return `${d.workers} worker${d.workers === 1 ? '' : 's'}`;
}

export function heatmapSummary(d: HeatmapData): string {
  const head = `${d.strategy}, ${workersOnCores(d.strategy, d.workers, d.cores)}`;
  if (!d.shares.some((row) => row.length)) return `${head}: not run yet.`;
  const each = d.mean.map((m, w) => `${laneName(d.strategy, w)} ${m.toFixed(2)}`).join(', ');
  const peak = Math.max(0, ...d.busy);
  const time = d.wallMs !== null ? ` over ${formatMs(d.wallMs)}` : ' so far';
  const waited = (d.waiting ?? []).map((row) => row.reduce((a, b) => a + b, 0) / Math.max(1, row.length));
  const waiting = waited.some((x) => x >= 0.005) ? `; runnable but waiting for a core: ${waited.map((x, w) => `${laneName(d.strategy, w)} ${x.toFixed(2)}`).join(', ')}` : '';
  return `${head}: on average ${d.meanBusy.toFixed(2)} cores busy${time} (peak ${peak.toFixed(2)}; at most ${d.limit}: ${limitReason(d)}); share of a core per worker: ${each}${waiting}.`;
}

export interface HeatCell {
  worker: number;
  column: number;
  from: number;
  to: number;
  share: number;
  /** Share of the column it was runnable but had no core. */
  waiting: number;
  label: string;
}

/** The rows and columns to draw, with the value each cell shows on hover. Pure, so it is tested without a DOM. */
export function heatCells(d: HeatmapData): HeatCell[] {
  const out: HeatCell[] = [];
  d.shares.forEach((row, w) =>
    row.forEach((share, c) => {
      const from = c * d.columnMs;
      const to = from + d.columnMs;
      const waiting = d.waiting?.[w]?.[c] ?? 0;
      const wait = waiting >= 0.005 ? `, waiting for a core ${Math.round(waiting * 100)}%` : '';
      out.push({ worker: w, column: c, from, to, share, waiting, label: `${laneName(d.strategy, w)}, ${formatMs(from)}–${formatMs(to)}: ${Math.round(share * 100)}% of a core${wait}` });
    }),
  );
  return out;
}

