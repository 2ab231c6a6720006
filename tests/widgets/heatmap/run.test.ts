import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
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
  heatmapWidget.run({ values: { strategy, workers: 2, workload: 'primes', duration: 0.25, bucket: 50 }, engine, signal: new AbortController().signal, track: (h) => h }, (f) => frames.push(f));

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
  // One core's worth (with slack for a calibration taken while the machine was busy with something else).
  expect(d.meanBusy).toBeLessThan(1.5);
  // The shares turn back into the units each thread computed: 0.25 s at the calibrated rate, within 15%.
  for (const row of d.shares) {
    const units = row.reduce((sum, share, c) => sum + share * d.unitsPerMs! * Math.min(d.columnMs, d.spanMs - c * d.columnMs), 0);
    expect(units / (250 * d.unitsPerMs!)).toBeGreaterThan(0.85);
    expect(units / (250 * d.unitsPerMs!)).toBeLessThan(1.15);
  }
});

test('free-threaded, the same two workers at some point keep more cores busy than the GIL ever lets them', async () => {
  const gil = await run('threads');
  const free = await run('free-threading');
  // Peak against mean, measured with one calibration: generous enough for a machine busy with other work.
  expect(Math.max(...free.busy)).toBeGreaterThan(gil.meanBusy * 1.25);
  expect(heatmapWidget.summary(free)).toMatch(/^free-threading, 2 workers: on average \d\.\d\d cores busy over/);
});
