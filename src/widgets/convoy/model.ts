import { type EngineMode, STRATEGIES, type Strategy } from '../../engine/index.js';
import { closedSpans, pairSpans } from '../../engine/spans.js';
import { EventKind, type TraceEvent } from '../../engine/trace.js';
import { quantile } from '../../stats.js';
import { formatUs } from '../format.js';

/** The two bars of a group, left to right: threads taking turns on one GIL, and free-threaded ones. */
export const CONVOY_STRATEGIES = ['threads', 'free-threading'] as const satisfies readonly Strategy[];
export type ConvoyStrategy = (typeof CONVOY_STRATEGIES)[number];

/** What a bar is called, from whether its strategy has a GIL (the table says): under it, in legends, in sentences. */
export function gilWords(strategy: Strategy): { short: string; long: string } {
  return STRATEGIES[strategy].gil === 'none' ? { short: 'no GIL', long: 'free-threaded' } : { short: 'GIL', long: 'with the GIL' };
}

/** One configuration: the I/O-bound thread beside `competitors` CPU-bound ones, under one strategy. */
export interface ConvoyBar {
  strategy: ConvoyStrategy;
  competitors: number;
  /** I/O calls measured (turnarounds); 0 before the configuration has run. */
  n: number;
  p50Us: number | null;
  p99Us: number | null;
  maxUs: number | null;
  state: 'pending' | 'running' | 'done';
}

export interface ConvoyData {
  competitors: number;
  switchIntervalMs: number;
  ioWaitMs: number;
  mode: EngineMode | null;
  running: boolean;
  bars: ConvoyBar[];
}

/** The I/O-bound thread: worker 0 in the `mixed` workload, the only worker in `io`. */
export const IO_WORKER = 0;

/**
 * The I/O thread's turnaround, in microseconds: from each return of an I/O call (IoEnd) to the start of its next
 * one (IoStart). In between it must get the GIL back, if there is one, and do its ~50 us of Python work. The same
 * definition serves both strategies, so with and without a GIL the bars measure the same thing.
 */
export const ioTurnaroundsUs = (events: readonly TraceEvent[], worker = IO_WORKER): number[] =>
  closedSpans(pairSpans(events, [{ start: EventKind.IoEnd, end: EventKind.IoStart, label: 'turnaround' }]))
    .filter((s) => s.track === worker)
    .map((s) => (s.to.t - s.from.t) * 1000);

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export function convoyBar(events: readonly TraceEvent[], strategy: ConvoyStrategy, competitors: number, state: ConvoyBar['state']): ConvoyBar {
  const us = ioTurnaroundsUs(events);
  return { strategy, competitors, n: us.length, p50Us: round1(us.length ? quantile(us, 0.5) : null), p99Us: round1(us.length ? quantile(us, 0.99) : null), maxUs: round1(us.length ? Math.max(...us) : null), state };
}

/** Every configuration to measure, in the order they run: competitors 0, 1, 2..., GIL then free-threading. */
export function convoyPlan(competitors: number): Array<{ strategy: ConvoyStrategy; competitors: number }> {
  return Array.from({ length: competitors + 1 }, (_, c) => CONVOY_STRATEGIES.map((strategy) => ({ strategy, competitors: c }))).flat();
}

export function emptyConvoy(opts: { competitors: number; switchIntervalMs: number; ioWaitMs: number }): ConvoyData {
  return { ...opts, mode: null, running: false, bars: convoyPlan(opts.competitors).map((p) => ({ ...p, n: 0, p50Us: null, p99Us: null, maxUs: null, state: 'pending' })) };
}

/** Replaces one configuration's bar. */
export function withBar(d: ConvoyData, bar: ConvoyBar, extra: Partial<Pick<ConvoyData, 'mode' | 'running'>> = {}): ConvoyData {
  return { ...d, ...extra, bars: d.bars.map((b) => (b.strategy === bar.strategy && b.competitors === bar.competitors ? bar : b)) };
}

/** Latency axis (log): from below the smallest to above the largest value and the switch interval. */
export function latencyDomain(d: ConvoyData): [number, number] {
  const values = d.bars.flatMap((b) => [b.p50Us, b.p99Us]).filter((v): v is number => v !== null && v > 0);
  const lo = Math.min(10, ...values.map((v) => v / 2));
  const hi = Math.max(d.switchIntervalMs * 1000 * 4, ...values.map((v) => v * 2));
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
}

/** One sentence per the screen reader's patience: medians per group, and the tail where the convoy is worst. */
export function convoySummary(d: ConvoyData): string {
  const done = (s: ConvoyStrategy, c: number) => d.bars.find((b) => b.strategy === s && b.competitors === c && b.state === 'done' && b.p50Us !== null);
  const groups: string[] = [];
  for (let c = 0; c <= d.competitors; c++) {
    const pair = CONVOY_STRATEGIES.map((s) => done(s, c));
    if (pair.every((b) => !b)) continue;
    const where = c === 0 ? 'alone' : `beside ${c} CPU-bound thread${c === 1 ? '' : 's'}`;
    groups.push(`${where} ${pair.map((b) => (b ? formatUs(b.p50Us!) : '?')).join(' vs ')}`);
  }
  if (!groups.length) return `I/O latency beside up to ${d.competitors} CPU-bound threads: not measured yet.`;
  const tails = CONVOY_STRATEGIES.map((s) => done(s, d.competitors));
  const tail = tails.every((b) => b) ? ` At ${d.competitors}, p99 ${tails.map((b) => formatUs(b!.p99Us!)).join(' vs ')}.` : '';
  return `Median I/O latency ${CONVOY_STRATEGIES.map((s) => gilWords(s).long).join(' vs ')}: ${groups.join('; ')}.${tail}`;
}
