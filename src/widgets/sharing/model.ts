import type { EngineMode } from '../../engine/index.js';
import type { Metric } from '../definition.js';
import { median } from '../../stats.js';
import { formatBytes, formatMs } from '../format.js';

export type SharingMethod = 'copy' | 'transfer' | 'shared';

export const METHOD_LABEL: Record<SharingMethod, string> = {
  copy: 'copy (pickle-like)',
  transfer: 'transfer (no copy)',
  shared: 'shared memory',
};

export const UNAVAILABLE = 'unavailable here (needs a cross-origin isolated page)';

export interface SharingRow {
  method: SharingMethod;
  /** Every measured time, in ms, in the order measured. */
  samples: number[];
  /** Why this method cannot be measured here, if it cannot. */
  unavailable: string | null;
}

export interface SharingData {
  bytes: number;
  repeat: number;
  rows: SharingRow[];
  mode: EngineMode | null;
  running: boolean;
}

/** A row's median sample, null before its first one (the row then reads "not measured"). */
export const rowMedian = (r: Pick<SharingRow, 'samples'>): number | null => (r.samples.length ? median(r.samples) : null);

export const mebibytes = (mb: number): number => Math.round(mb * 1024 * 1024);

/** `sharedMemory` null: not known yet (before the engine is asked); shared memory is then not marked unavailable. */
export function initialSharing(opts: { size: number; methods: readonly SharingMethod[]; repeat: number; sharedMemory: boolean | null }): SharingData {
  return {
    bytes: mebibytes(opts.size),
    repeat: opts.repeat,
    rows: opts.methods.map((method) => ({ method, samples: [], unavailable: method === 'shared' && opts.sharedMemory === false ? UNAVAILABLE : null })),
    mode: null,
    running: false,
  };
}

export function withSample(data: SharingData, method: SharingMethod, ms: number): SharingData {
  return { ...data, rows: data.rows.map((r) => (r.method === method ? { ...r, samples: [...r.samples, ms] } : r)) };
}

/** The methods still to measure in one round, in the order of the rows (rounds interleave them, so drift hits all). */
export const measurable = (data: SharingData): SharingMethod[] => data.rows.filter((r) => !r.unavailable).map((r) => r.method);


/** A log-scale domain (ms) covering every sample with a little room, in whole powers of ten. */
export function sharingDomain(data: SharingData): [number, number] {
  const all = data.rows.flatMap((r) => r.samples).filter((x) => x > 0);
  if (!all.length) return [0.01, 1000];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all) / 1.5));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all) * 1.5));
  return [Math.min(lo, 0.1), Math.max(hi, lo * 100)];
}

export function sharingSummary(data: SharingData): string {
  const size = formatBytes(data.bytes);
  const parts = data.rows.map((r) => {
    const m = rowMedian(r);
    // The median with the range it came from: a measured figure is never shown without its spread.
    const range = r.samples.length > 1 ? ` (range ${formatMs(Math.min(...r.samples))} to ${formatMs(Math.max(...r.samples))})` : '';
    return `${METHOD_LABEL[r.method]} ${r.unavailable ? 'unavailable here' : m === null ? 'not measured' : `${formatMs(m)}${range}`}`;
  });
  const copy = rowMedian(data.rows.find((r) => r.method === 'copy') ?? { samples: [] });
  const fastest = data.rows
    .filter((r) => r.method !== 'copy')
    .map((r) => ({ r, m: rowMedian(r) }))
    .filter((x): x is { r: SharingRow; m: number } => x.m !== null)
    .sort((a, b) => a.m - b.m)[0];
  const ratio = copy !== null && fastest && fastest.m > 0 ? ` Copying took ${Math.round(copy / fastest.m)}x as long as ${fastest.r.method === 'shared' ? 'sharing' : 'transferring'}.` : '';
  return `Moving ${size} to a worker, median of ${data.repeat}: ${parts.join(', ')}.${ratio}`;
}

export function sharingMetrics(data: SharingData): Metric[] {
  return data.rows.flatMap((r) => {
    const m = rowMedian(r);
    return m === null || r.unavailable
      ? []
      : [{ key: `sharing:${r.method}`, label: `${METHOD_LABEL[r.method]}, ${formatBytes(data.bytes)} to a worker`, value: m, unit: 'ms', bytes: data.bytes, low: Math.min(...r.samples), high: Math.max(...r.samples), samples: r.samples.length }];
  });
}
