import { afterAll, beforeAll, expect, test } from 'vitest';
import { drive } from '../../support/widgets.js';
import type { Engine } from '../../../src/engine/index.js';
import { parseAttributes } from '../../../src/widgets/attributes.js';
import { compareTable, type CompareData } from '../../../src/widgets/compare/model.js';
import { compareWidget } from '../../../src/widgets/compare/widget.js';
import { nodeEngine } from '../../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

const values = (raw: Record<string, string>) => parseAttributes(compareWidget.spec, raw, () => undefined).values;

test('with nothing measured earlier, its run measures the missing numbers and marks them measured', async () => {
  const frames: CompareData[] = [];
  const v = values({ columns: 'threads,asyncio,multiprocessing,free-threading', duration: '0.1', budget: '5' });
  expect(compareTable(compareWidget.initial(v, 2)).flatMap((r) => r.cells).every((c) => c.provenance === 'reference')).toBe(true);
  const d = await drive(compareWidget, v, engine, (x) => frames.push(x));
  expect(d.running).toBe(false);
  expect(d.measured.sort()).toEqual(['sharing:copy', 'sharing:shared', 'speedup:asyncio', 'speedup:free-threading', 'speedup:multiprocessing-pool', 'speedup:threads', 'startup:multiprocessing']);
  const [speedup, startup, sharing] = compareTable(d);
  expect(speedup!.cells.map((c) => c.provenance)).toEqual(['measured', 'measured', 'measured', 'measured']);
  expect(startup!.cells.map((c) => c.provenance)).toEqual(['reference', 'reference', 'measured', 'reference']);
  expect(sharing!.cells.map((c) => c.provenance)).toEqual(['measured', 'reference', 'measured', 'measured']);
  // Cells showed "measuring..." while their numbers were being taken.
  expect(frames[0]!.pending).toHaveLength(7);
  expect(compareTable(frames[0]!)[0]!.cells.every((c) => c.provenance === 'measuring')).toBe(true);
  const x = (k: string) => d.metrics.find((m) => m.key === k)!;
  for (const k of d.measured.filter((k) => k.startsWith('speedup:'))) {
    expect(x(k).value).toBeGreaterThan(0);
    expect(x(k).workers).toBe(Math.min(2, engine.host.cores));
    // Each speedup carries what it rests on: its pairs, its spread (or a verdict that it is not a result), the free cores.
    expect(x(k).pairs).toBeGreaterThanOrEqual(x(k).verdict === 'implausible' ? 0 : 2);
    expect(x(k).verdict).toBeDefined();
    expect(x(k).available).toBeGreaterThan(0);
  }
  // Pickling 10 MB costs orders of magnitude more than handing over shared memory.
  expect(x('sharing:copy').value).toBeGreaterThan(x('sharing:shared').value * 5);
  expect(x('startup:multiprocessing').value).toBeGreaterThan(0);
  expect(compareWidget.metrics!(d).map((m) => m.key).sort()).toEqual(d.measured.sort());
  expect(compareWidget.summary(d)).toMatch(/^8 of 12 numbers in the table were measured on this device/);
});

test('with measure=false it only reads what the session has', async () => {
  const d = await drive(compareWidget, values({ measure: 'false' }), engine, () => undefined);
  expect(d.measured).toEqual([]);
  expect(compareTable(d).flatMap((r) => r.cells).every((c) => c.provenance === 'reference')).toBe(true);
});
