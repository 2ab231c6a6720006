import { afterAll, beforeAll, expect, test } from 'vitest';
import { drive } from '../../support/widgets.js';
import type { Engine } from '../../../src/engine/index.js';
import type { HeatmapData } from '../../../src/widgets/heatmap/model.js';
import { heatmapWidget } from '../../../src/widgets/heatmap/widget.js';
import { nodeEngine } from '../../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

const run = async (strategy: 'threads' | 'free-threading', frames: HeatmapData[] = []) =>
  drive(heatmapWidget, { strategy, workers: 2, workload: 'primes', duration: 0.25, bucket: 50 }, engine, (f) => frames.push(f));

test('under one GIL two threads share one core: the cores-busy row stays about 1, and the work adds up to what was asked', async () => {
  const frames: HeatmapData[] = [];
  const d = await run('threads', frames);
  expect(frames.some((f) => f.running)).toBe(true);
  expect(d.running).toBe(false);
  expect(d.unitsPerMs).toBeGreaterThan(0);
  expect(d.shares).toHaveLength(2);
  expect(d.shares.every((row) => row.length === d.busy.length && row.every((s) => s >= 0))).toBe(true);
  // Two threads, 0.25 s of work each, one at a time: about 0.5 s, so several 50 ms columns (fewer if the
  // calibration ran on a busier machine than the run).
  expect(d.busy.length).toBeGreaterThanOrEqual(3);
  // By construction, whatever the calibration and however busy the machine: never more than the one GIL.
  expect(Math.max(...d.busy)).toBeLessThanOrEqual(1);
  expect(d.limit).toBe(1);
  // They did compute: well over a quarter of a core on average even on a machine busy with other work.
  expect(d.meanBusy).toBeGreaterThan(0.25);
});

test('free-threaded, the same two workers may keep up to two cores busy, never more than the device has; the GIL never more than one', async () => {
  const gil = await run('threads');
  const free = await run('free-threading');
  expect(Math.max(...gil.busy)).toBeLessThanOrEqual(1);
  // How many cores the OS actually gave them depends on what else runs here; the limit does not.
  expect(free.limit).toBe(Math.min(2, engine.host.cores));
  expect(Math.max(...free.busy)).toBeLessThanOrEqual(free.limit);
  expect(free.busy.every((b, c) => b <= free.shares.reduce((s, row) => s + row[c]!, 0) + 0.002)).toBe(true);
  expect(heatmapWidget.summary(free)).toMatch(/^free-threading, 2 threads on \d+ cores?: on average \d\.\d\d cores busy over/);
});
