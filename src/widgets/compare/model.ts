import type { EngineMode } from '../../engine/index.js';
import type { Strategy } from '../../engine/names.js';
import type { Metric, Provenance } from '../definition.js';
import type { SpeedupMeasurement } from '../../measure/speedup.js';
import { formatSpread, IMPLAUSIBLE, isBusy } from '../speedup/model.js';
import { formatBytes, formatMs } from '../format.js';

export type Column = 'threads' | 'asyncio' | 'subinterpreters' | 'multiprocessing' | 'free-threading';
export type RowId = 'speedup' | 'startup' | 'sharing' | 'safety';

/** A metric with the time it was recorded (epoch ms), so the newest of two measurements of one thing wins. */
export type StampedMetric = Metric & { at: number };

export interface Cell {
  /** `recorded`: measured, but in a reference run recorded ahead (print view), not on this device. */
  provenance: Extract<Provenance, 'measured' | 'reference'> | 'measuring' | 'recorded';
  text: string;
  /** Where a reference figure comes from (cited on screen). */
  source: string | null;
  /** A measured number beside a reference note (e.g. the race demo's lost updates). */
  measuredNote: string | null;
}

export interface CompareRow {
  id: RowId;
  label: string;
  cells: Cell[];
}

export interface CompareData {
  columns: Column[];
  /** Every metric the table is built from: the session's, and what this widget measured itself. */
  metrics: StampedMetric[];
  /** Keys this widget measured in its own run (published for the session). */
  measured: string[];
  /** Keys being measured right now. */
  pending: string[];
  mode: EngineMode | null;
  running: boolean;
  /** Set when the table is a reference run shown in print ("reference run: Node 20 worker threads, ..."): its numbers were not measured here. */
  origin?: string;
}

export const ROW_LABEL: Record<RowId, string> = {
  speedup: 'Speedup on CPU-bound work',
  startup: 'Start-up cost',
  sharing: 'Data-sharing cost',
  safety: 'Safety notes',
};

export const COLUMN_LABEL: Record<Column, string> = {
  threads: 'threads (GIL)',
  asyncio: 'asyncio',
  subinterpreters: 'subinterpreters',
  multiprocessing: 'multiprocessing',
  'free-threading': 'free-threading',
};

/** The engine strategy measured for each column's speedup (multiprocessing as a pool, like `Pool.map`). */
export const STRATEGY_OF: Record<Column, Strategy> = {
  threads: 'threads',
  asyncio: 'asyncio',
  subinterpreters: 'subinterpreters',
  multiprocessing: 'multiprocessing-pool',
  'free-threading': 'free-threading',
};

/** Bytes moved when this widget measures a data-sharing cost itself. */
export const SHARE_BYTES = 10 * 1024 * 1024;

/** Which metric keys fill a cell, in no order: the newest of them is shown. */
function keysFor(row: RowId, column: Column): string[] {
  switch (row) {
    case 'speedup':
      return column === 'multiprocessing' ? ['speedup:multiprocessing-pool', 'speedup:multiprocessing'] : [`speedup:${column}`];
    case 'startup':
      return column === 'multiprocessing' ? ['startup:multiprocessing', 'startup:multiprocessing-pool'] : [`startup:${column}`];
    case 'sharing':
      // Threads share one address space; interpreters and processes copy (pickle) what they pass.
      if (column === 'threads' || column === 'free-threading') return ['sharing:shared'];
      if (column === 'subinterpreters' || column === 'multiprocessing') return ['sharing:copy'];
      return [];
    case 'safety':
      return column === 'threads' ? ['race:threads'] : column === 'free-threading' ? ['race:free-threading'] : [];
  }
}

/** Published figures, cited, for cells this deck has not measured (from /work/shared/reference/cpython-parallelism.md). */
const REFERENCE: Record<Exclude<RowId, 'safety'>, Record<Column, [string, string]>> = {
  speedup: {
    threads: ['~1x: one thread runs Python at a time', 'ceval_gil.c'],
    asyncio: ['~1x: one thread runs the event loop', 'asyncio docs'],
    subinterpreters: ['parallel: a GIL per interpreter', 'PEP 684'],
    multiprocessing: ['parallel: separate processes', 'multiprocessing docs'],
    'free-threading': ['1.96x at 2 threads, 3.33x at 4 (Mandelbrot, 3.14t)', 'julian.ac 2025'],
  },
  startup: {
    threads: ['~100 us to start a thread', 'PEP 703'],
    asyncio: ['none: tasks run on the loop\'s thread', 'asyncio docs'],
    subinterpreters: ['~1.1 ms to create, call and close one', 'discuss.python.org/t/53251'],
    multiprocessing: ['~50 ms to spawn a process', 'PEP 703'],
    'free-threading': ['~100 us to start a thread', 'PEP 703'],
  },
  sharing: {
    threads: ['nothing moves: threads share objects', 'PEP 703'],
    asyncio: ['nothing moves: one thread', 'asyncio docs'],
    subinterpreters: ['picklable objects are copied; memoryview, Queue share', 'PEP 734'],
    multiprocessing: ['arguments and results are pickled', 'multiprocessing docs'],
    'free-threading': ['nothing moves: threads share objects', 'PEP 703'],
  },
};

const SAFETY: Record<Column, [string, string]> = {
  threads: ['`x += 1` is not atomic, with or without the GIL', 'PEP 703'],
  asyncio: ['one thread: CPU work blocks the loop', 'asyncio docs'],
  subinterpreters: ['no shared objects; a lock raises NotShareableError', 'PEP 734'],
  multiprocessing: ['separate memory; arguments are pickled', 'multiprocessing docs'],
  'free-threading': ['per-object locks; C extensions may re-enable the GIL', 'PEP 703'],
};

/** The newest metric per key (by `at`; on a tie, the later one in the list). */
export function latestMetrics(metrics: readonly StampedMetric[]): Map<string, StampedMetric> {
  const out = new Map<string, StampedMetric>();
  for (const m of metrics) {
    const old = out.get(m.key);
    if (!old || m.at >= old.at) out.set(m.key, m);
  }
  return out;
}

/** Combines two metric lists, keeping the newest of each key. */
export const mergeMetrics = (a: readonly StampedMetric[], b: readonly StampedMetric[]): StampedMetric[] => [...latestMetrics([...a, ...b]).values()];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const formatMB = (bytes: number | undefined) => (bytes ? formatBytes(bytes) : 'the data');

function measuredText(m: Metric): string {
  const [kind, what] = m.key.split(':') as [string, string];
  switch (kind) {
    case 'speedup': {
      if (m.verdict === 'implausible') return IMPLAUSIBLE;
      // Every measured speedup carries its 95% interval and the pairs it rests on ("1.93x ±0.04 ..., 6 pairs").
      const spread = formatSpread(m.spread, m.value);
      const pairs = m.pairs !== undefined ? `, ${plural(m.pairs, 'pair')}` : '';
      const noisy = m.verdict === 'noisy' ? ' (noisy)' : '';
      return `${m.value.toFixed(2)}x${spread} at ${plural(m.workers ?? 1, 'worker')}${what === 'multiprocessing-pool' ? ' (pool)' : ''}${pairs}${noisy}`;
    }
    case 'startup':
      return `${formatMs(m.value)} to start a ${what.startsWith('multiprocessing') ? 'worker process' : 'worker'}`;
    case 'sharing':
      return what === 'copy' ? `${formatMs(m.value)} to copy ${formatMB(m.bytes)} (pickle-like)` : `${formatMs(m.value)} to share ${formatMB(m.bytes)} (shared memory)`;
    case 'race':
      return `race demo: ${Math.round(m.value * 10) / 10}% of updates lost${m.workers ? ` with ${plural(m.workers, 'worker')}` : ''}`;
    default:
      return `${m.value} ${m.unit}`;
  }
}

/** One cell: the newest measurement of it this session, else the cited reference figure (or "measuring..."). */
export function compareCell(data: CompareData, row: RowId, column: Column, latest = latestMetrics(data.metrics)): Cell {
  const keys = keysFor(row, column);
  const found = keys
    .map((k) => latest.get(k))
    .filter((m): m is StampedMetric => m !== undefined)
    .sort((a, b) => b.at - a.at)[0];
  if (row === 'safety') {
    const [text, source] = SAFETY[column];
    return { provenance: 'reference', text, source, measuredNote: found ? measuredText(found) : null };
  }
  if (found) return { provenance: data.origin ? 'recorded' : 'measured', text: measuredText(found), source: null, measuredNote: null };
  if (keys.some((k) => data.pending.includes(k))) return { provenance: 'measuring', text: 'measuring...', source: null, measuredNote: null };
  const [text, source] = REFERENCE[row][column];
  return { provenance: 'reference', text, source, measuredNote: null };
}

export function compareTable(data: CompareData): CompareRow[] {
  const latest = latestMetrics(data.metrics);
  return (['speedup', 'startup', 'sharing', 'safety'] as const).map((id) => ({ id, label: ROW_LABEL[id], cells: data.columns.map((c) => compareCell(data, id, c, latest)) }));
}

export function initialCompare(columns: readonly Column[], session: readonly StampedMetric[]): CompareData {
  return { columns: [...columns], metrics: [...session], measured: [], pending: [], mode: null, running: false };
}

export type Measurement =
  | { kind: 'speedup'; key: string; strategy: Strategy; workers: number }
  | { kind: 'startup'; key: string }
  | { kind: 'sharing'; key: string; method: 'copy' | 'shared'; bytes: number };

/**
 * What this widget measures itself when the talk has not: speedup at min(2, cores) workers for each column,
 * a process's start-up cost, and copying and sharing 10 MB. Nothing already measured is measured again.
 */
export function missingMeasurements(data: CompareData, host: { cores: number; sharedMemory: boolean }): Measurement[] {
  const latest = latestMetrics(data.metrics);
  const has = (row: RowId, column: Column) => keysFor(row, column).some((k) => latest.has(k));
  const out: Measurement[] = [];
  const workers = Math.max(1, Math.min(2, host.cores));
  for (const c of data.columns) if (!has('speedup', c)) out.push({ kind: 'speedup', key: `speedup:${STRATEGY_OF[c]}`, strategy: STRATEGY_OF[c], workers });
  if (data.columns.includes('multiprocessing') && !has('startup', 'multiprocessing')) out.push({ kind: 'startup', key: 'startup:multiprocessing' });
  if (data.columns.some((c) => c === 'subinterpreters' || c === 'multiprocessing') && !latest.has('sharing:copy')) out.push({ kind: 'sharing', key: 'sharing:copy', method: 'copy', bytes: SHARE_BYTES });
  if (host.sharedMemory && data.columns.some((c) => c === 'threads' || c === 'free-threading') && !latest.has('sharing:shared')) out.push({ kind: 'sharing', key: 'sharing:shared', method: 'shared', bytes: SHARE_BYTES });
  return out;
}

/** How a speedup was measured: its spread and pairs, and the cores free at the time. */
export type SpeedupDetail = Pick<SpeedupMeasurement, 'spread' | 'pairs' | 'verdict'> & { available: number | null; cores: number };

/** A metric this widget measured, in the session's shape. */
export function measuredMetric(m: Measurement, value: number, at: number, detail?: SpeedupDetail): StampedMetric {
  switch (m.kind) {
    case 'speedup':
      return {
        key: m.key,
        label: `${m.strategy} speedup at ${m.workers} workers`,
        value,
        unit: 'x',
        workers: m.workers,
        ...(detail ? { spread: detail.spread, pairs: detail.pairs.length, verdict: detail.verdict, cores: detail.cores, ...(detail.available !== null ? { available: detail.available } : {}) } : {}),
        at,
      };
    case 'startup':
      return { key: m.key, label: 'starting one worker process', value, unit: 'ms', at };
    case 'sharing':
      return { key: m.key, label: `${m.method === 'copy' ? 'copy (pickle-like)' : 'shared memory'}, ${formatMB(m.bytes)} to a worker`, value, unit: 'ms', bytes: m.bytes, at };
  }
}

/** What this widget publishes: only what it measured itself. */
export function compareMetrics(data: CompareData): Metric[] {
  const latest = latestMetrics(data.metrics);
  return data.measured.flatMap((k) => {
    const m = latest.get(k);
    if (!m) return [];
    const { at: _at, ...metric } = m;
    return [metric];
  });
}

/** Said above the table when a speedup in it was measured while another program held part of the cores. */
export function compareBusyNote(data: CompareData): string | null {
  const latest = latestMetrics(data.metrics);
  const busy = data.columns
    .flatMap((c) => keysFor('speedup', c).map((k) => latest.get(k)))
    .find((m) => m?.available !== undefined && m.cores !== undefined && isBusy({ cores: m.cores, available: m.available }));
  return busy ? `Speedups measured while ${busy.available!.toFixed(1)} of ${busy.cores} cores were free: another program was busy.` : null;
}

/** Said above the table when a speedup in it stayed too wide to trust. */
export function compareNoisyNote(data: CompareData): string | null {
  const latest = latestMetrics(data.metrics);
  const noisy = data.columns.some((c) => keysFor('speedup', c).some((k) => latest.get(k)?.verdict === 'noisy'));
  return noisy ? 'noisy: the device was too noisy to pin that speedup within ±10% (95% interval); not a reliable figure.' : null;
}

export function compareSummary(data: CompareData): string {
  const table = compareTable(data);
  const cells = table.filter((r) => r.id !== 'safety').flatMap((r) => r.cells);
  const own = data.origin ? 'recorded' : 'measured';
  const measured = cells.filter((c) => c.provenance === own).length;
  const speedups = table[0]!.cells.map((c, i) => (c.provenance === own ? `${data.columns[i]} ${c.text}` : null)).filter((t): t is string => t !== null);
  const where = data.origin ? `come from a ${data.origin.replace(/^reference run: /, 'reference run (')}), not from this device` : 'were measured on this device';
  const head = `${measured} of ${cells.length} numbers in the table ${where}; the rest are cited reference figures.`;
  const busy = [compareBusyNote(data), compareNoisyNote(data)].filter(Boolean).join(' ');
  const out = speedups.length ? `${head} Speedup (95% interval): ${speedups.join('; ')}.` : head;
  return busy ? `${out} ${busy}` : out;
}
