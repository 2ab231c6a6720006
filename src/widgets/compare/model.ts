import { type EngineMode, type Family, isStrategy, STRATEGIES, type Strategy, strategiesOf } from '../../engine/index.js';
import type { Metric, MetricKey, Provenance } from '../definition.js';
import { summarizePairs, type SpeedupMeasurement } from '../../measure/speedup.js';
import { formatSpeedup, formatSpread, IMPLAUSIBLE, isBusy } from '../speedup/model.js';
import { formatBytes, formatMs, rangeText } from '../format.js';
import type { Sampled } from '../../stats.js';

/** A column is a Python model (a family of strategies in the engine's table); the sequential baseline is none. */
export type Column = Exclude<Family, 'sequential'>;
/** Every column, in the order the table shows them by default. */
export const COLUMNS: readonly Column[] = ['threads', 'asyncio', 'subinterpreters', 'multiprocessing', 'free-threading'];
export type RowId = 'speedup' | 'startup' | 'sharing' | 'safety';

/** A metric with the time it was recorded (epoch ms), so the newest of two measurements of one thing wins. */
export type StampedMetric = Metric & { at: number };

export interface Cell {
  /**
   * `recorded`: measured, but in a reference run recorded ahead (print view), not on this device.
   */
  provenance: Extract<Provenance, 'measured' | 'reference'> | 'measuring' | 'recorded';
  text: string;
  /** Where a reference figure comes from (cited on screen). */
  source: string | null;
  /** A measured number beside a reference note (e.g. the race demo's lost updates). */
  measuredNote: string | null;
  /** Speedup row: the figure real Python gave for this column (`python=`), "CPython 3.11.7: 1.00x ±0.02, 6 pairs". */
  pythonNote?: string | null;
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
  measured: MetricKey[];
  /** Keys being measured right now. */
  pending: MetricKey[];
  mode: EngineMode | null;
  running: boolean;
  /** Set when the table is a reference run shown in print ("reference run: Node 20 worker threads, ..."): its numbers were not measured here. */
  origin?: string;
  /** Speedups timed in real Python (`python=`, made by `record --speedups`), by column, and where they were recorded. */
  python?: PythonFigures | null;
}

export interface PythonFigures {
  /** The interpreter, e.g. "CPython 3.11.7 (GIL)": the row's name. */
  interpreter: string;
  /** Where and when, e.g. "recorded 2026-11-29, Linux, 2 cores": each cell's tag. */
  label: string;
  speedups: Partial<Record<Column, SpeedupMeasurement>>;
}

export const ROW_LABEL: Record<RowId, string> = {
  speedup: 'Speedup on CPU-bound work',
  startup: 'Start-up cost',
  sharing: 'Data-sharing cost',
  safety: 'Safety notes',
};

const byColumn = <T>(f: (c: Column) => T): Record<Column, T> => Object.fromEntries(COLUMNS.map((c) => [c, f(c)])) as Record<Column, T>;

/**
 * The engine strategy measured for each column's speedup: its pooled one where it has a choice (multiprocessing
 * as a pool, like `Pool.map`), so a process's start is not counted as slowness.
 */
export const STRATEGY_OF: Record<Column, Strategy> = byColumn((c) => {
  const members = strategiesOf(c);
  return members.find((s) => STRATEGIES[s].workers === 'pooled') ?? members[0]!;
});

/** A column's name, and `(GIL)` where its threads take turns on one shared GIL. */
export const COLUMN_LABEL: Record<Column, string> = byColumn((c) => `${c}${STRATEGIES[STRATEGY_OF[c]].gil === 'shared' ? ' (GIL)' : ''}`);

/** Bytes moved when this widget measures a data-sharing cost itself. */
export const SHARE_BYTES = 10 * 1024 * 1024;

/** What starting a worker costs is what a process costs; a thread's start is cited, not measured. */
const startupKeys = (column: Column) => strategiesOf(column).filter((s) => STRATEGIES[s].noun === 'process').map((s) => `startup:${s}` as const);

/**
 * Which metric keys fill a cell: the newest of them is shown (on a tie, the first). Each is asked of the
 * strategy table, for the strategies of the column's family.
 */
function keysFor(row: RowId, column: Column): MetricKey[] {
  const measured = STRATEGY_OF[column];
  const members = strategiesOf(column);
  switch (row) {
    case 'speedup':
      // The strategy the column measures first, then the family's others (a process per run beside the pool).
      return [measured, ...members.filter((s) => s !== measured)].map((s) => `speedup:${s}` as const);
    case 'startup':
      return startupKeys(column);
    case 'sharing': {
      // Interpreters and processes copy (pickle) what they pass; threads share one address space; one thread
      // (an event loop) moves nothing.
      const s = STRATEGIES[measured];
      return s.copiesArguments ? ['sharing:copy'] : s.runsOn === 'each-worker' ? ['sharing:shared'] : [];
    }
    case 'safety':
      // The race demo's runs without a lock, on this column's strategies.
      return members.map((s) => `race:${s}` as const);
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

/** A pool of processes (started ahead and reused), as a speedup measured on one is marked. */
const isPool = (name: string): boolean => isStrategy(name) && STRATEGIES[name].noun === 'process' && STRATEGIES[name].workers === 'pooled';

/** The range a median of a few timings spanned (older stored results have none). */
const spannedText = (m: Metric, noun: string): string => (m.low !== undefined && m.high !== undefined && m.samples !== undefined ? rangeText({ low: m.low, high: m.high, n: m.samples }, noun) : '');

function measuredText(m: Metric): string {
  const [kind, what] = m.key.split(':') as [string, string];
  switch (kind) {
    case 'speedup': {
      if (m.verdict === 'implausible') return IMPLAUSIBLE;
      // Every measured speedup carries its 95% interval and the pairs it rests on ("1.93x ±0.04 ..., 6 pairs").
      const spread = formatSpread(m.spread, m.value);
      const pairs = m.pairs !== undefined ? `, ${plural(m.pairs, 'pair')}` : '';
      const noisy = m.verdict === 'noisy' ? ' (noisy)' : '';
      return `${m.value.toFixed(2)}x${spread} at ${plural(m.workers ?? 1, 'worker')}${isPool(what) ? ' (pool)' : ''}${pairs}${noisy}`;
    }
    case 'startup':
      return `${formatMs(m.value)} to start a ${isStrategy(what) && STRATEGIES[what].noun === 'process' ? 'worker process' : 'worker'}${spannedText(m, 'start')}`;
    case 'sharing':
      return `${what === 'copy' ? `${formatMs(m.value)} to copy ${formatMB(m.bytes)} (pickle-like)` : `${formatMs(m.value)} to share ${formatMB(m.bytes)} (shared memory)`}${spannedText(m, 'run')}`;
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
  const rows = (['speedup', 'startup', 'sharing', 'safety'] as const).map((id) => ({ id, label: ROW_LABEL[id], cells: data.columns.map((c) => compareCell(data, id, c, latest)) }));
  const python = data.python;
  if (!python) return rows;
  // Real Python's own figure, under the emulation's in each speedup cell; a column it could not run says so.
  rows[0]!.cells = rows[0]!.cells.map((cell, i) => {
    const m = python.speedups[data.columns[i]!];
    // Short, to fit under the emulation's figure: the pairs and where and when are in the table's caption.
    const figure = !m ? null : `${formatSpeedup(m.speedup)}${formatSpread(m.spread, m.speedup)}${m.verdict === 'noisy' ? ' (noisy)' : ''}`;
    return { ...cell, pythonNote: figure && `real CPython: ${figure}` };
  });
  return rows;
}

/** A `record --speedups` recording as the table's figures: each strategy's pairs summarised as the emulation's are. */
export function pythonFigures(interpreter: string, label: string, pairs: ReadonlyArray<{ strategy: Strategy; seqMs: number; wallMs: number }>): PythonFigures {
  const speedups: Partial<Record<Column, SpeedupMeasurement>> = {};
  for (const c of COLUMNS) {
    const mine = pairs.filter((p) => (STRATEGIES[p.strategy].family as string) === c);
    if (mine.length) speedups[c] = summarizePairs(mine.map((p) => ({ seqMs: p.seqMs, wallMs: p.wallMs })));
  }
  return { interpreter, label, speedups };
}

export function initialCompare(columns: readonly Column[], session: readonly StampedMetric[]): CompareData {
  return { columns: [...columns], metrics: [...session], measured: [], pending: [], mode: null, running: false };
}

export type Measurement =
  | { kind: 'speedup'; key: `speedup:${Strategy}`; strategy: Strategy; workers: number }
  | { kind: 'startup'; key: `startup:${Strategy}` }
  | { kind: 'sharing'; key: `sharing:${'copy' | 'shared'}`; method: 'copy' | 'shared'; bytes: number };

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
  for (const c of data.columns) {
    const [key] = startupKeys(c);
    if (key && !has('startup', c)) out.push({ kind: 'startup', key });
  }
  // One copy and one share serve every column that needs them.
  const needs = (key: MetricKey) => data.columns.some((c) => keysFor('sharing', c).includes(key)) && !latest.has(key);
  if (needs('sharing:copy')) out.push({ kind: 'sharing', key: 'sharing:copy', method: 'copy', bytes: SHARE_BYTES });
  if (host.sharedMemory && needs('sharing:shared')) out.push({ kind: 'sharing', key: 'sharing:shared', method: 'shared', bytes: SHARE_BYTES });
  return out;
}

/** How a speedup was measured: its spread and pairs, and the cores free at the time. */
export type SpeedupDetail = Pick<SpeedupMeasurement, 'spread' | 'pairs' | 'verdict'> & { available: number | null; cores: number };

/** A metric this widget measured, in the session's shape. */
export function measuredMetric(m: Measurement, value: number, at: number, detail?: SpeedupDetail, range?: Sampled): StampedMetric {
  const spanned = range ? { low: range.low, high: range.high, samples: range.n } : {};
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
      return { key: m.key, label: 'starting one worker process', value, unit: 'ms', ...spanned, at };
    case 'sharing':
      return { key: m.key, label: `${m.method === 'copy' ? 'copy (pickle-like)' : 'shared memory'}, ${formatMB(m.bytes)} to a worker`, value, unit: 'ms', bytes: m.bytes, ...spanned, at };
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
  // A reference run's numbers were timed elsewhere, ahead: they are not called measured (here).
  return busy ? `Speedups ${data.origin ? 'in this reference run were timed' : 'measured'} while ${busy.available!.toFixed(1)} of ${busy.cores} cores were free: another program was busy.` : null;
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
