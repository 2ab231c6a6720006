import { expect, test } from 'vitest';
import { STRATEGIES, STRATEGY_NAMES } from '../../../src/engine/index.js';
import type { MetricKey } from '../../../src/widgets/definition.js';
import {
  pythonFigures,
  type Column,
  COLUMN_LABEL,
  COLUMNS,
  compareBusyNote,
  compareNoisyNote,
  compareCell,
  compareMetrics,
  compareSummary,
  compareTable,
  initialCompare,
  latestMetrics,
  measuredMetric,
  mergeMetrics,
  missingMeasurements,
  type StampedMetric,
  STRATEGY_OF,
} from '../../../src/widgets/compare/model.js';

const ALL: Column[] = ['threads', 'asyncio', 'subinterpreters', 'multiprocessing', 'free-threading'];
const m = (key: MetricKey, value: number, at: number, extra: Partial<StampedMetric> = {}): StampedMetric => ({ key, label: key, value, unit: key.startsWith('speedup') ? 'x' : 'ms', at, ...extra });

test('with nothing measured, every cell is a cited reference figure', () => {
  const table = compareTable(initialCompare(ALL, []));
  expect(table.map((r) => r.label)).toEqual(['Speedup on CPU-bound work', 'Start-up cost', 'Data-sharing cost', 'Safety notes']);
  for (const row of table) {
    expect(row.cells).toHaveLength(5);
    for (const c of row.cells) {
      expect(c.provenance).toBe('reference');
      expect(c.source).toBeTruthy();
    }
  }
  expect(table[1]!.cells[0]).toEqual({ provenance: 'reference', text: '~100 us to start a thread', source: 'PEP 703', measuredNote: null });
  expect(table[3]!.cells[0]!.text).toContain('`x += 1` is not atomic, with or without the GIL');
  expect(table[3]!.cells[2]!.text).toContain('NotShareableError');
});

test('numbers measured earlier in the talk fill their cells, marked measured', () => {
  const d = initialCompare(ALL, [
    m('speedup:free-threading', 1.95, 1, { workers: 2 }),
    m('speedup:multiprocessing-pool', 1.7, 2, { workers: 2 }),
    m('startup:multiprocessing', 41.26, 3),
    m('sharing:copy', 118.4, 4, { bytes: 10485760, low: 112, high: 131, samples: 3 }),
    m('sharing:shared', 0.42, 4, { bytes: 10485760 }),
    m('race:threads', 12.34, 5, { workers: 4, unit: '%' }),
  ]);
  const cell = (row: 'speedup' | 'startup' | 'sharing' | 'safety', c: Column) => compareCell(d, row, c);
  expect(cell('speedup', 'free-threading')).toEqual({ provenance: 'measured', text: '1.95x at 2 workers', source: null, measuredNote: null });
  expect(cell('speedup', 'multiprocessing').text).toBe('1.70x at 2 workers (pool)');
  expect(cell('speedup', 'threads').provenance).toBe('reference');
  expect(cell('startup', 'multiprocessing').text).toBe('41.3 ms to start a worker process');
  // A median of a few timings shows the range it came from (a start-up stored without one shows none).
  expect(cell('sharing', 'subinterpreters').text).toBe('118 ms to copy 10 MB (pickle-like) (range 112 ms to 131 ms, 3 runs)');
  expect(cell('sharing', 'threads').text).toBe('0.42 ms to share 10 MB (shared memory)');
  expect(cell('sharing', 'asyncio').provenance).toBe('reference');
  expect(cell('safety', 'threads')).toMatchObject({ provenance: 'reference', measuredNote: 'race demo: 12.3% of updates lost with 4 workers' });
  expect(compareSummary(d)).toBe('7 of 15 numbers in the table were measured on this device; the rest are cited reference figures. Speedup (95% interval): multiprocessing 1.70x at 2 workers (pool); free-threading 1.95x at 2 workers.');
});

test('a measured speedup carries its spread and pairs; a noisy one says so; a busy device is said', () => {
  const d = initialCompare(ALL, [
    m('speedup:free-threading', 1.93, 1, { workers: 2, spread: 0.041, pairs: 6, verdict: 'steady', available: 1.97, cores: 2 }),
    m('speedup:threads', 1.01, 1, { workers: 2, spread: 0.3, pairs: 4, verdict: 'noisy', available: 1.3, cores: 2 }),
  ]);
  expect(compareCell(d, 'speedup', 'free-threading').text).toBe('1.93x ±0.04 at 2 workers, 6 pairs');
  expect(compareCell(d, 'speedup', 'threads').text).toBe('1.01x ±0.30 at 2 workers, 4 pairs (noisy)');
  expect(compareBusyNote(d)).toBe('Speedups measured while 1.3 of 2 cores were free: another program was busy.');
  expect(compareSummary(d)).toContain('Speedups measured while 1.3 of 2 cores were free');
  expect(compareNoisyNote(d)).toMatch(/^noisy: .*not a reliable figure/);
  expect(compareBusyNote(initialCompare(ALL, [m('speedup:threads', 1, 1, { available: 1.95, cores: 2 })]))).toBeNull();
});

test('the newest measurement of a thing wins, whichever widget took it', () => {
  const older = m('speedup:threads', 0.9, 10, { workers: 4 });
  const newer = m('speedup:threads', 1.02, 20, { workers: 2 });
  expect(latestMetrics([newer, older]).get('speedup:threads')).toBe(newer);
  expect(mergeMetrics([older], [newer])).toEqual([newer]);
  expect(mergeMetrics([newer], [older])).toEqual([newer]);
  const d = initialCompare(['multiprocessing'], [m('speedup:multiprocessing', 1.5, 30, { workers: 2 }), m('speedup:multiprocessing-pool', 1.8, 10, { workers: 2 })]);
  expect(compareCell(d, 'speedup', 'multiprocessing').text).toBe('1.50x at 2 workers');
});

test('measuring fills only what is missing, at min(2, cores) workers', () => {
  const d = initialCompare(ALL, [m('speedup:free-threading', 1.95, 1, { workers: 8 }), m('sharing:copy', 100, 1)]);
  expect(missingMeasurements(d, { cores: 8, sharedMemory: true })).toEqual([
    { kind: 'speedup', key: 'speedup:threads', strategy: 'threads', workers: 2 },
    { kind: 'speedup', key: 'speedup:asyncio', strategy: 'asyncio', workers: 2 },
    { kind: 'speedup', key: 'speedup:subinterpreters', strategy: 'subinterpreters', workers: 2 },
    { kind: 'speedup', key: 'speedup:multiprocessing-pool', strategy: 'multiprocessing-pool', workers: 2 },
    { kind: 'startup', key: 'startup:multiprocessing' },
    { kind: 'sharing', key: 'sharing:shared', method: 'shared', bytes: 10485760 },
  ]);
  expect(missingMeasurements(initialCompare(['asyncio'], []), { cores: 1, sharedMemory: false })).toEqual([{ kind: 'speedup', key: 'speedup:asyncio', strategy: 'asyncio', workers: 1 }]);
  const pending = { ...initialCompare(['threads'], []), pending: ['speedup:threads' as const] };
  expect(compareCell(pending, 'speedup', 'threads').provenance).toBe('measuring');
});

test('it publishes only what it measured itself', () => {
  const own = measuredMetric({ kind: 'speedup', key: 'speedup:asyncio', strategy: 'asyncio', workers: 2 }, 0.99, 50);
  const d = { ...initialCompare(ALL, [m('speedup:threads', 1, 1, { workers: 2 })]), metrics: [m('speedup:threads', 1, 1, { workers: 2 }), own], measured: ['speedup:asyncio' as const] };
  expect(compareMetrics(d)).toEqual([{ key: 'speedup:asyncio', label: 'asyncio speedup at 2 workers', value: 0.99, unit: 'x', workers: 2 }]);
  expect(JSON.parse(JSON.stringify(d))).toEqual(d);
});

test('the columns are the Python models of the strategy table, each measured on its pooled strategy', () => {
  // Every family but the sequential baseline is a column, and nothing else.
  const families = new Set(STRATEGY_NAMES.map((s) => STRATEGIES[s].family));
  families.delete('sequential');
  expect([...COLUMNS].sort()).toEqual([...families].sort());
  expect(STRATEGY_OF).toEqual({ threads: 'threads', asyncio: 'asyncio', subinterpreters: 'subinterpreters', multiprocessing: 'multiprocessing-pool', 'free-threading': 'free-threading' });
  expect(COLUMNS.map((c) => COLUMN_LABEL[c])).toEqual(['threads (GIL)', 'asyncio', 'subinterpreters', 'multiprocessing', 'free-threading']);
  // A process per run and the pool fill the multiprocessing column alike: the newest wins, the pool on a tie.
  const tie = initialCompare(['multiprocessing'], [m('speedup:multiprocessing', 1.5, 30, { workers: 2 }), m('speedup:multiprocessing-pool', 1.8, 30, { workers: 2 })]);
  expect(compareCell(tie, 'speedup', 'multiprocessing').text).toBe('1.80x at 2 workers (pool)');
  expect(compareCell(initialCompare(['multiprocessing'], [m('startup:multiprocessing-pool', 30, 1)]), 'startup', 'multiprocessing').text).toBe('30 ms to start a worker process');
});

test("real Python's timed pairs (record --speedups) stand under the emulation's speedups, each with its spread, labelled", () => {
  const pairs = [
    ...[1, 2, 3, 4].map((i) => ({ strategy: 'threads' as const, seqMs: 200 + i, wallMs: 204 + i })),
    ...[1, 2, 3, 4].map((i) => ({ strategy: 'multiprocessing-pool' as const, seqMs: 200 + i, wallMs: 104 + i })),
  ];
  const data = { ...initialCompare(COLUMNS, []), python: pythonFigures('CPython 3.11.7 (GIL)', 'recorded 2026-11-29, Linux, 2 cores', pairs) };
  const rows = compareTable(data);
  expect(rows.map((r) => r.id)).toEqual(['speedup', 'startup', 'sharing', 'safety']);
  const note = (c: string) => rows[0]!.cells[COLUMNS.indexOf(c as never)]!.pythonNote;
  expect(note('threads')).toMatch(/^real CPython: 0\.98x ±0\.0\d$/);
  expect(note('multiprocessing')).toMatch(/^real CPython: 1\.9\dx ±0\.0\d$/);
  expect(note('free-threading')).toBeNull();
  // The other rows, and a table without a recording, carry none.
  expect(rows.slice(1).every((r) => r.cells.every((c) => !c.pythonNote))).toBe(true);
  expect(compareTable(initialCompare(COLUMNS, []))[0]!.cells.every((c) => !c.pythonNote)).toBe(true);
});
