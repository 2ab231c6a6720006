import { type ChromeTrace, type RunSpec, toChromeTrace, type TracedRun, workerCount } from '../engine/index.js';
import type { RunRecord } from './source.js';

/** One run a widget's work played, with the spec it asked for. */
export interface PlayedRun {
  spec: RunSpec;
  run: RunRecord;
  /** What Perfetto names its process (default: "<widget> run <n>"). */
  label?: string;
}

/**
 * The runs of one widget run (a speedup chart makes dozens) as one Chrome trace for Perfetto: one process per run,
 * named for the widget and the run, all on one time axis (each run's events moved by its start after the first).
 */
export function runsTrace(widget: string, runs: readonly PlayedRun[]): ChromeTrace {
  // A live run carries its worker count and time origin; a recorded one may not.
  const full = runs.map(({ spec, run }): TracedRun => {
    const r = run as RunRecord & Partial<TracedRun>;
    return { spec, mode: r.mode, events: r.events, wallMs: r.wallMs, workers: r.workers ?? workerCount(spec), origin: r.origin ?? 0 };
  });
  const t0 = Math.min(...full.map((r) => r.origin));
  const traceEvents = full.flatMap((r, i) => {
    const shift = (r.origin - t0) * 1000;
    return toChromeTrace(r).traceEvents.map((e) => ({
      ...e,
      pid: i + 1,
      ts: e.ph === 'M' ? 0 : Math.round((e.ts + shift) * 1000) / 1000,
      ...(e.ph === 'M' && e.name === 'process_name' ? { args: { name: `${runs[i]!.label ?? `${widget} run ${i + 1}`}: ${String(e.args?.name ?? '').replace(/^gildeck /, '')}` } } : {}),
      // Hand-off arrows are numbered per run: keep them apart between runs.
      ...(e.id !== undefined ? { id: (i + 1) * 1_000_000 + e.id } : {}),
    }));
  });
  return { traceEvents, displayTimeUnit: 'ms', metadata: { generator: 'gildeck', widget, runs: full.map((r) => ({ spec: r.spec, mode: r.mode, wallMs: r.wallMs, origin: r.origin })) } };
}
