import type { EngineMode, Strategy } from '../../engine/index.js';
import type { Metric } from '../definition.js';
import { ratioEstimate, type Sampled } from '../../stats.js';
import type { SpeedupMeasurement, SpeedupPair, Verdict } from '../../measure/speedup.js';
import { formatMs, rangeText } from '../format.js';

/**
 * A measured point: speedup of one strategy at one worker count (the geometric mean of its pairs' ratios) with
 * half its 95% interval (`spread`, null with one pair) and what became of it (null while still measuring).
 */
export interface SpeedupPoint {
  strategy: Strategy;
  workers: number;
  speedup: number;
  spread: number | null;
  low: number | null;
  high: number | null;
  pairs: SpeedupPair[];
  verdict: Verdict | null;
}

export interface SpeedupData {
  strategies: Strategy[];
  workload: string;
  cores: number;
  /** Worker counts measured, in order; the x axis runs from 1 to the last. */
  counts: number[];
  serialFraction: number;
  /** Seconds of single-core work per run. */
  seconds: number;
  points: SpeedupPoint[];
  /** What is being measured right now, while running. */
  current: { strategy: Strategy; workers: number } | null;
  /** Median time to start one worker process (ms), measured when a process strategy is shown. */
  startupMs: number | null;
  /** The starts `startupMs` is the median of (absent in runs stored before it was kept). */
  startupRange?: Sampled | null;
  mode: EngineMode | null;
  running: boolean;
  /** Cores' worth free when the run began (the parallelism probe), or null before it. */
  available: number | null;
  /** Workers whose speed never steadied in the warm-up. */
  unsteady: number;
}

/** `max-workers` 0 means twice the device's cores. */
export const resolveMaxWorkers = (maxWorkers: number, cores: number): number => (maxWorkers > 0 ? maxWorkers : 2 * Math.max(1, cores));

/**
 * Worker counts worth a run: 1, powers of two, the core count and the maximum. Every count from 1 to 32 would
 * take minutes on a 16-core machine; these show the climb, the knee at the cores and the plateau after it.
 */
export function workerCounts(maxWorkers: number, cores: number): number[] {
  const counts = new Set<number>([1]);
  for (let n = 2; n < maxWorkers; n *= 2) counts.add(n);
  if (cores <= maxWorkers) counts.add(cores);
  counts.add(maxWorkers);
  return [...counts].sort((a, b) => a - b);
}

/** Modelled: perfect scaling until the (free) cores run out. */
export const idealSpeedup = (workers: number, cores: number): number => Math.min(workers, Math.max(1, cores));

/** Modelled: Amdahl's law, 1 / ((1 - p) + p / n) with p = 1 - serial fraction and n capped by the cores. */
export function amdahlSpeedup(workers: number, cores: number, serialFraction: number): number {
  const n = idealSpeedup(workers, cores);
  const p = 1 - serialFraction;
  return 1 / (1 - p + p / n);
}

export function initialSpeedup(opts: { strategies: readonly Strategy[]; workload: string; cores: number; maxWorkers: number; serialFraction: number; seconds: number }): SpeedupData {
  const max = resolveMaxWorkers(opts.maxWorkers, opts.cores);
  return {
    strategies: [...opts.strategies],
    workload: opts.workload,
    cores: opts.cores,
    counts: workerCounts(max, opts.cores),
    serialFraction: opts.serialFraction,
    seconds: opts.seconds,
    points: [],
    current: null,
    startupMs: null,
    mode: null,
    running: false,
    available: null,
    unsteady: 0,
  };
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function putPoint(data: SpeedupData, point: SpeedupPoint): SpeedupData {
  const old = data.points.find((p) => p.strategy === point.strategy && p.workers === point.workers);
  const points = old ? data.points.map((p) => (p === old ? point : p)) : [...data.points, point];
  return { ...data, points };
}

/** Adds a measured pair to its point (creating it), keeping the data plain JSON. */
export function withPair(data: SpeedupData, strategy: Strategy, workers: number, pair: SpeedupPair): SpeedupData {
  const old = data.points.find((p) => p.strategy === strategy && p.workers === workers);
  const pairs = [...(old?.pairs ?? []), pair];
  const e = ratioEstimate(pairs.map((p) => p.seqMs / p.wallMs));
  return putPoint(data, { strategy, workers, pairs, speedup: e.value, spread: orNull(e.spread), low: orNull(e.low), high: orNull(e.high), verdict: null });
}

/** Sets a point from a finished (or running) measurement, with its spread and verdict. */
export function withMeasurement(data: SpeedupData, strategy: Strategy, workers: number, m: SpeedupMeasurement, final: boolean): SpeedupData {
  return putPoint(data, { strategy, workers, pairs: m.pairs, speedup: m.speedup, spread: m.spread, low: m.low, high: m.high, verdict: final ? m.verdict : null });
}

/** A point that can be drawn as a result: measured, and not faster than the device can go. */
export const shownPoint = (p: SpeedupPoint): boolean => p.verdict !== 'implausible' && Number.isFinite(p.speedup);

/** A strategy's measured points that are results, by worker count. */
export const seriesOf = (data: SpeedupData, strategy: Strategy): SpeedupPoint[] =>
  data.points.filter((p) => p.strategy === strategy && shownPoint(p)).sort((a, b) => a.workers - b.workers);

/** The cores the models scale to: those free when the run began, when measured, else all of them. */
export const freeCores = (data: SpeedupData): number => data.available ?? data.cores;

/** A busy device: another program holds more than a fifth of a core's worth of what the deck could use. */
export const isBusy = (data: { cores: number; available: number | null }): boolean => data.available !== null && data.available < data.cores - 0.2;

/** "1.3 of 2 cores free: another program is busy", or null when the cores are free. */
export function busyNote(data: { cores: number; available: number | null }): string | null {
  if (!isBusy(data)) return null;
  return `${data.available!.toFixed(1)} of ${data.cores} cores free: another program is busy`;
}

/** The modelled lines at every whole worker count on the axis (the ideal line bends at the free cores). */
export function modelLines(data: SpeedupData): { ideal: Array<[number, number]>; amdahl: Array<[number, number]> } {
  const max = data.counts[data.counts.length - 1] ?? 1;
  const ns = Array.from({ length: max }, (_, i) => i + 1);
  const cores = freeCores(data);
  return {
    ideal: ns.map((n) => [n, idealSpeedup(n, cores)]),
    amdahl: ns.map((n) => [n, amdahlSpeedup(n, cores, data.serialFraction)]),
  };
}

/**
 * Top of the y axis: room for the ideal line and the best measured point. Intervals do not stretch it (one wild
 * interval from two pairs would flatten every line); a bar that runs past the top is cut there, without a cap.
 */
export const speedupMax = (data: SpeedupData): number =>
  Math.max(2, idealSpeedup(data.counts[data.counts.length - 1] ?? 1, data.cores), ...data.points.filter(shownPoint).map((p) => p.speedup)) * 1.2;

/**
 * Spreads end-of-line labels apart vertically (pixels, smaller is higher) so none overlap, keeping their order
 * and staying as close as possible to where each line ends.
 */
export function spreadLabels(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const out = order.map((o) => o.y);
  for (let k = 1; k < out.length; k++) out[k] = Math.max(out[k]!, out[k - 1]! + gap);
  const overflow = (out[out.length - 1] ?? bottom) - bottom;
  if (overflow > 0) for (let k = out.length - 1; k >= 0; k--) out[k] = Math.min(out[k]!, bottom - (out.length - 1 - k) * gap);
  for (let k = 0; k < out.length; k++) out[k] = Math.max(out[k]!, top + k * gap);
  const result = new Array<number>(ys.length);
  order.forEach((o, k) => (result[o.i] = out[k]!));
  return result;
}

/** The worker count compared across widgets: the largest measured count that the cores can run in parallel. */
export function headlineWorkers(data: SpeedupData): number | null {
  const within = data.points.map((p) => p.workers).filter((n) => n <= data.cores);
  return within.length ? Math.max(...within) : null;
}

export const formatSpeedup = (x: number): string => `${x.toFixed(2)}x`;
export const percent = (f: number): string => `${Math.round(f * 1000) / 10}%`;

/** " ±0.04", or " ±>100%" for an interval wider than the figure itself; "" without one. */
export const formatSpread = (spread: number | null | undefined, value: number): string =>
  typeof spread !== 'number' ? '' : spread >= value ? ' ±>100%' : ` ±${spread.toFixed(2)}`;

/** "1.93x ±0.04, 6 pairs": every measured figure with its spread. */
export function formatMeasured(p: { speedup: number; spread: number | null; pairs: readonly unknown[] | number }): string {
  const n = typeof p.pairs === 'number' ? p.pairs : p.pairs.length;
  const spread = formatSpread(p.spread, p.speedup);
  return `${formatSpeedup(p.speedup)}${spread}, ${n} pair${n === 1 ? '' : 's'}`;
}

export const IMPLAUSIBLE = 'implausible: device speed changed';

/** One point in words: the figure with its spread, or why it is not a result. */
export function pointText(p: SpeedupPoint): string {
  if (p.verdict === 'implausible') return IMPLAUSIBLE;
  const text = formatMeasured(p);
  return p.verdict === 'noisy' ? `${text} (device noisy, not a reliable figure)` : text;
}

export function speedupSummary(data: SpeedupData): string {
  const n = headlineWorkers(data);
  if (n === null) return data.running ? 'Measuring speedup...' : 'No speedup measured yet.';
  const parts = data.strategies.flatMap((s) => {
    const p = data.points.find((q) => q.strategy === s && q.workers === n);
    return p ? [`${s} ${pointText(p)}`] : [];
  });
  const cores = `${data.cores} core${data.cores === 1 ? '' : 's'}`;
  const free = freeCores(data);
  const models = `modelled: ideal ${formatSpeedup(idealSpeedup(n, free))}, Amdahl (${percent(data.serialFraction)} serial) ${formatSpeedup(amdahlSpeedup(n, free, data.serialFraction))}`;
  const busy = busyNote(data);
  const noisy = data.points.some((p) => p.verdict === 'noisy') ? ' The device is noisy: some intervals stayed wider than ±10%, so those figures are not the truth.' : '';
  const unsteady = data.unsteady ? ` ${data.unsteady} worker${data.unsteady === 1 ? '' : 's'} never reached a steady speed in the warm-up.` : '';
  const start = data.startupMs !== null ? ` A worker process started in ${startupText(data)}.` : '';
  return `${busy ? `${busy}. ` : ''}Speedup at ${n} worker${n === 1 ? '' : 's'} on ${cores}, each against a sequential run of the same work (95% interval): ${parts.join('; ')}; ${models}.${noisy}${unsteady}${start}`;
}

/** "9.13 ms (range 8.7 ms to 9.3 ms, 3 starts)": the median start with the range it came from. */
export const startupText = (data: Pick<SpeedupData, 'startupMs' | 'startupRange'>): string =>
  data.startupMs === null ? '' : `${formatMs(data.startupMs)}${data.startupRange ? rangeText(data.startupRange, 'start') : ''}`;

export function speedupMetrics(data: SpeedupData): Metric[] {
  const n = headlineWorkers(data);
  const out: Metric[] = [];
  if (n !== null) {
    for (const p of data.points.filter((q) => q.workers === n)) {
      out.push({
        key: `speedup:${p.strategy}`,
        label: `${p.strategy} speedup at ${n} workers`,
        value: p.speedup,
        unit: 'x',
        workers: n,
        spread: p.spread,
        pairs: p.pairs.length,
        ...(p.verdict ? { verdict: p.verdict } : {}),
        ...(data.available !== null ? { available: data.available, cores: data.cores } : {}),
      });
    }
  }
  if (data.startupMs !== null) {
    const r = data.startupRange;
    out.push({ key: 'startup:multiprocessing', label: 'starting one worker process', value: data.startupMs, unit: 'ms', ...(r ? { low: r.low, high: r.high, samples: r.n } : {}) });
  }
  return out;
}
