// The figures of `npm run bench -- --page-loads`, read from what the deck shows and judged against the benchmark.
// Pure: the browser work is in pageLoads.ts.
import type { Strategy } from '../engine/index.js';
import { median, ratioEstimate } from '../stats.js';
import { COLUMN_LABEL, type Column, STRATEGY_OF } from '../widgets/compare/model.js';
import { IMPLAUSIBLE } from '../widgets/speedup/model.js';
import type { SpeedupBlock } from './engineSuite.js';
import type { Row } from './report.js';

/** A compare-table speedup cell as shown: "1.93x ±0.04 at 2 workers (pool), 6 pairs (noisy)". */
export interface ShownSpeedup {
  speedup: number;
  /** The stated ± (half the 95% interval); Infinity for "±>100%", null when none is stated (one pair). */
  spread: number | null;
  workers: number;
  pairs: number | null;
  noisy: boolean;
}

/** The cell's figure, 'implausible' for a run the table refused to show, null for text that is not a measured speedup. */
export function parseSpeedupCell(text: string): ShownSpeedup | 'implausible' | null {
  if (text.trim() === IMPLAUSIBLE) return 'implausible';
  const m = /^(\d+(?:\.\d+)?)x(?: ±(?:(\d+(?:\.\d+)?)|(>100%)))? at (\d+) workers?(?: \(pool\))?(?:, (\d+) pairs?)?( \(noisy\))?$/.exec(text.trim());
  if (!m) return null;
  return { speedup: Number(m[1]), spread: m[3] ? Infinity : m[2] !== undefined ? Number(m[2]) : null, workers: Number(m[4]), pairs: m[5] !== undefined ? Number(m[5]) : null, noisy: !!m[6] };
}

/** The strategy a compare column measures, from its header as shown ("multiprocessing" measures a pool). */
export function strategyOfHeader(header: string): Strategy | null {
  const column = (Object.keys(COLUMN_LABEL) as Column[]).find((c) => COLUMN_LABEL[c] === header.trim());
  return column ? STRATEGY_OF[column] : null;
}

/** Seconds of wall time in a timeline's summary ("free-threading, 4 threads on 2 cores: 2.03 s wall."). */
export const parseTimelineWall = (summary: string): number | null => {
  const m = /(\d+(?:\.\d+)?) s wall/.exec(summary);
  return m ? Number(m[1]) : null;
};

/** The peak cores busy in a heatmap's summary ("... (peak 1.00; at most 1: one GIL) ..."). */
export const parseHeatmapPeak = (summary: string): number | null => {
  const m = /\(peak (\d+(?:\.\d+)?);/.exec(summary);
  return m ? Number(m[1]) : null;
};

/** The table shows figures to two decimals: a figure and its ± may each be off by up to half of 0.01. */
export const DISPLAY_ROUNDING = 0.01;

/**
 * Whether a figure shown in the table agrees with the benchmark's: the two 95% intervals overlap, i.e.
 * |shown - bench| <= shown ± + bench ± (+ the display's rounding). No stated ± counts as ±0; an implausible cell
 * never agrees.
 */
export function agrees(shown: ShownSpeedup | 'implausible' | null, bench: { speedup: number; spread: number | null }): boolean {
  if (shown === null || shown === 'implausible' || !Number.isFinite(bench.speedup)) return false;
  return Math.abs(shown.speedup - bench.speedup) <= (shown.spread ?? 0) + (bench.spread ?? 0) + DISPLAY_ROUNDING;
}

/** One fresh page load's readings. */
export interface LoadReading {
  timelineWallS: number | null;
  heatmapPeak: number | null;
  /** Per strategy, the compare table's speedup cell text as shown. */
  compare: Partial<Record<Strategy, string>>;
  /** The busy or noisy note above the table, if it showed one. */
  note: string | null;
}

/** A block of the benchmark and where it ran: after load `after` (0-based; -1 is before the first). */
export type PlacedBlock = SpeedupBlock & { after: number };

/** The benchmark's figure for one strategy: every pair of the given blocks, pooled (ratios of interleaved runs). */
export function pooledBench(blocks: readonly SpeedupBlock[], strategy: Strategy): { speedup: number; spread: number | null; pairs: number; blocks: number[]; noisy: boolean } {
  const points = blocks.flatMap((b) => b.points.filter((p) => p.strategy === strategy));
  const e = ratioEstimate(points.flatMap((p) => p.pairs.map((q) => q.seqMs / q.wallMs)));
  return { speedup: e.value, spread: Number.isFinite(e.spread) ? e.spread : null, pairs: e.pairs, blocks: points.map((p) => p.speedup), noisy: points.some((p) => p.verdict === 'noisy') };
}

/**
 * The blocks measured next to load `i` in time: the last one before it and the first one after it. Other programs
 * come and go over minutes; a load is judged against the benchmark taken alongside it, not against another hour's.
 */
export function neighbours(blocks: readonly PlacedBlock[], i: number): PlacedBlock[] {
  const before = blocks.filter((b) => b.after < i).at(-1);
  const after = blocks.find((b) => b.after >= i);
  return [before, after].filter((b): b is PlacedBlock => b !== undefined);
}

export interface StrategyAgreement {
  strategy: Strategy;
  workers: number;
  shown: Array<ShownSpeedup | 'implausible' | null>;
  /** All blocks pooled, and per load the blocks next to it pooled (what that load is judged against). */
  bench: ReturnType<typeof pooledBench>;
  perLoad: Array<ReturnType<typeof pooledBench> & { agrees: boolean }>;
  agreeing: number;
}

export function strategyAgreement(loads: readonly LoadReading[], blocks: readonly PlacedBlock[], strategy: Strategy, workers: number): StrategyAgreement {
  const shown = loads.map((l) => (l.compare[strategy] === undefined ? null : parseSpeedupCell(l.compare[strategy]!)));
  const perLoad = shown.map((s, i) => {
    const b = pooledBench(neighbours(blocks, i), strategy);
    return { ...b, agrees: agrees(s, b) };
  });
  return { strategy, workers, shown, bench: pooledBench(blocks, strategy), perLoad, agreeing: perLoad.filter((p) => p.agrees).length };
}

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const range = (xs: number[], d = 2) => (xs.length ? `${f(Math.min(...xs), d)}-${f(Math.max(...xs), d)}` : 'n/a');
const stated = (s: number | null) => (s === null ? '±none' : s === Infinity ? '±>100%' : `±${f(s)}`);

/** The table rows: the two invariants, each strategy's shown figures against the benchmark, and how busy the machine was. */
export function pageLoadRows(r: { loads: LoadReading[]; blocks: PlacedBlock[]; agreement: StrategyAgreement[]; loadavg: { before: number; after: number } }): Row[] {
  const n = r.loads.length;
  const walls = r.loads.map((l) => l.timelineWallS).filter((w): w is number => w !== null);
  const peaks = r.loads.map((l) => l.heatmapPeak).filter((p): p is number => p !== null);
  const wallRatio = walls.length ? Math.max(...walls) / Math.min(...walls) : NaN;
  const peak = peaks.length ? Math.max(...peaks) : NaN;
  const cores = r.blocks[0]?.cores ?? NaN;
  const free = Math.min(...r.blocks.map((b) => b.available));
  const rows: Row[] = [
    { metric: 'free cores (probe), fewest seen', value: `${f(free)} of ${cores} over ${r.blocks.length} probes`, target: `>= ${f(cores - 0.2, 1)} (else the machine is busy)`, ok: free >= cores - 0.2 },
    { metric: 'loadavg (1 min) before / after', value: `${f(r.loadavg.before)} / ${f(r.loadavg.after)}` },
    { metric: 'FT timeline wall max/min', value: `${f(wallRatio)} (${range(walls)} s, ${walls.length} of ${n} loads)`, target: '<= 1.15', ok: walls.length === n && wallRatio <= 1.15 },
    { metric: 'GIL heatmap peak, max', value: `${f(peak)} (${peaks.length} of ${n} loads)`, target: '<= 1.0', ok: peaks.length === n && peak <= 1 },
    { metric: 'compare tables with a busy/noisy note', value: `${r.loads.filter((l) => l.note).length} of ${n}` },
  ];
  for (const a of r.agreement) {
    const figures = a.shown.filter((s): s is ShownSpeedup => s !== null && s !== 'implausible');
    const spreads = figures.map((s) => s.spread).filter((s): s is number => s !== null && s !== Infinity);
    const odd = a.shown.length - figures.length + figures.filter((s) => s.spread === null || s.spread === Infinity).length;
    const name = `${a.strategy} x${a.workers}`;
    // A figure the table itself marks noisy ("not a reliable figure"), or a benchmark block that was, explains a miss.
    const misses = a.perLoad.flatMap((p, i) => (p.agrees ? [] : [p.noisy || (typeof a.shown[i] === 'object' && a.shown[i]?.noisy === true)]));
    const noisyMisses = misses.filter(Boolean).length;
    rows.push(
      { metric: `compare ${name}`, value: `${f(median(figures.map((s) => s.speedup)))}x (${range(figures.map((s) => s.speedup))}), ± ${range(spreads)}${odd ? `, ${odd} without a usable ±` : ''}` },
      { metric: `bench ${name}`, value: `${f(a.bench.speedup)}x ${stated(a.bench.spread)}, ${a.bench.pairs} pairs; next to each load ${range(a.perLoad.map((p) => p.speedup))} ± ${range(a.perLoad.map((p) => p.spread ?? NaN))}` },
      { metric: `agree ${name}`, value: `${a.agreeing} of ${n} loads${misses.length ? ` (${noisyMisses} of ${misses.length} misses with a figure marked noisy)` : ''}`, target: 'all: |compare-bench| <= sum of ±', ok: a.agreeing === n },
    );
  }
  return rows;
}

/** The loads after which the benchmark runs a block: before the first (index -1), every `every` loads, and after the last. */
export function benchAfter(loads: number, every: number): number[] {
  const at = [-1];
  for (let i = every - 1; i < loads; i += every) at.push(i);
  if (at[at.length - 1] !== loads - 1) at.push(loads - 1);
  return at;
}
