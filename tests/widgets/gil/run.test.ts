import { afterAll, beforeAll, expect, test } from 'vitest';
import { drive } from '../../support/widgets.js';
import type { Engine } from '../../../src/engine/index.js';
import { DropReason } from '../../../src/engine/trace.js';
import { gilFrame, type GilData } from '../../../src/widgets/gil/model.js';
import { gilWidget } from '../../../src/widgets/gil/widget.js';
import { nodeEngine } from '../../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

test('three countdown threads on one GIL: one holder at a time, forced hand-offs each answering a drop request, every thread finishes once', async () => {
  const values = { workers: 3, workload: 'countdown' as const, duration: 0.06, 'switch-interval': 5, speed: 0.05 };
  const frames: GilData[] = [];
  const d = await drive(gilWidget, values, engine, (f) => frames.push(f));
  expect(frames.some((f) => f.running && f.holds.length > 0)).toBe(true);
  expect(d.running).toBe(false);
  expect(d.mode).toBe('shared-memory');
  expect(d.holds.length).toBeGreaterThan(3);
  expect(d.holds.every((h) => h[0] >= 0 && h[0] < 3 && h[2] >= h[1])).toBe(true);
  // Holds are in the GIL's exact hand-off order: each ends before the next begins.
  for (let i = 1; i < d.holds.length; i++) expect(d.holds[i]![1]).toBeGreaterThanOrEqual(d.holds[i - 1]![2] - 0.05);
  expect(d.totals.drops.done).toBe(3);
  // 180 ms of CPU work in 5 ms slices: threads must take turns, each turn forced by a waiter's drop request.
  expect(d.totals.drops.forced).toBeGreaterThan(5);
  expect(d.requests.length).toBeGreaterThanOrEqual(d.totals.drops.forced);
  expect(d.totals.handoffs).toBeGreaterThanOrEqual(d.totals.drops.forced);
  expect(d.totals.handoffs).toBeLessThan(d.holds.length);
  // Replayed anywhere, at most one thread holds the GIL and the counters never run backwards.
  let last = -1;
  for (let t = d.origin; t <= d.replayEnd; t += 0.5) {
    const f = gilFrame(d, t);
    expect(f.states.filter((s) => s === 'holding').length).toBeLessThanOrEqual(1);
    expect(f.handoffs).toBeGreaterThanOrEqual(last);
    last = f.handoffs;
  }
  expect(gilFrame(d, d.replayEnd).drops.done).toBe(3);
  expect(d.holds.at(-1)![3]).toBe(DropReason.Done);
  expect(gilWidget.summary(d)).toMatch(/^3 threads, one GIL: it changed hands \d+ times in/);
});
