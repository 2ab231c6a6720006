import { afterAll, beforeAll, expect, test } from 'vitest';
import { countingSource, drive, stopped } from '../../support/widgets.js';
import { driveWidget } from '../../../src/widgets/work.js';
import type { Engine } from '../../../src/engine/index.js';
import { parseAttributes } from '../../../src/widgets/attributes.js';
import { headlineWorkers, type SpeedupData } from '../../../src/widgets/speedup/model.js';
import { speedupWidget } from '../../../src/widgets/speedup/widget.js';
import { nodeEngine } from '../../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

const values = (raw: Record<string, string>) => parseAttributes(speedupWidget.spec, raw, () => undefined).values;

test('each point is interleaved pairs of a sequential run and the strategy run of the same work, with its spread', async () => {
  const frames: SpeedupData[] = [];
  const v = values({ strategies: 'threads,free-threading', 'max-workers': '2', duration: '0.1', repeat: '3', budget: '6' });
  const d = await drive(speedupWidget, v, engine, (x) => frames.push(x));
  expect(d.running).toBe(false);
  expect(d.counts).toEqual([1, 2]);
  expect(d.points.map((p) => `${p.strategy}@${p.workers}`).sort()).toEqual(['free-threading@1', 'free-threading@2', 'threads@1', 'threads@2']);
  for (const p of d.points) {
    expect(p.verdict).not.toBeNull();
    if (p.verdict === 'implausible') continue;
    expect(p.pairs.length).toBeGreaterThanOrEqual(3);
    const logs = p.pairs.map((q) => Math.log(q.seqMs / q.wallMs));
    expect(p.speedup).toBeCloseTo(Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length), 10);
    expect(p.spread).toBeGreaterThanOrEqual(0);
    expect(p.low!).toBeLessThanOrEqual(p.speedup);
    expect(p.high!).toBeGreaterThanOrEqual(p.speedup);
    expect(p.pairs.every((q) => q.seqMs > 0 && q.wallMs > 0)).toBe(true);
  }
  // The free cores were probed before anything was timed.
  expect(d.available).toBeGreaterThan(0);
  expect(d.available).toBeLessThanOrEqual(engine.host.cores);
  // Points arrive live, and each frame says what is being measured.
  expect(frames.some((f) => f.points.length > 0 && f.points.length < 4)).toBe(true);
  expect(frames.some((f) => f.current?.strategy === 'free-threading' && f.current.workers === 2)).toBe(true);
  expect(d.current).toBeNull();
  expect(d.mode).toBe('shared-memory');
  expect(headlineWorkers(d)).toBe(Math.min(2, engine.host.cores));
  const metrics = speedupWidget.metrics!(d);
  expect(metrics.map((m) => m.key).sort()).toEqual(['speedup:free-threading', 'speedup:threads']);
  for (const m of metrics) expect(m.pairs).toBeGreaterThanOrEqual(m.verdict === 'implausible' ? 0 : 3);
  expect(speedupWidget.summary(d)).toMatch(/threads (\d\.\d\dx ±(\d\.\d\d|>100%), \d+ pairs|implausible)/);
});

test('a stopped run ends early with the points measured so far', async () => {
  const abort = new AbortController();
  const v = values({ strategies: 'threads,free-threading', 'max-workers': '4', duration: '0.05', budget: '4' });
  const { source, asked } = countingSource(engine);
  let stoppedAt = -1;
  const e = await stopped(driveWidget(speedupWidget, v, source, { signal: abort.signal, onData: (x) => x.points.length === 1 && stoppedAt < 0 && ((stoppedAt = asked.length), abort.abort()) }));
  expect((e.last as SpeedupData).points).toHaveLength(1);
  // Nothing is asked of the engine after the stop.
  expect(asked.length).toBe(stoppedAt);
});

test('with a process strategy it measures and publishes what starting a worker process costs', async () => {
  const v = values({ strategies: 'multiprocessing', 'max-workers': '1', duration: '0.05', budget: '2' });
  const d = await drive(speedupWidget, v, engine, () => undefined);
  expect(d.startupMs).toBeGreaterThan(0);
  expect(speedupWidget.metrics!(d).map((m) => m.key)).toEqual(['speedup:multiprocessing', 'startup:multiprocessing']);
});
