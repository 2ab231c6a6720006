import { afterAll, beforeAll, expect, test } from 'vitest';
import { countingSource, drive } from '../../support/widgets.js';
import { driveWidget } from '../../../src/widgets/work.js';
import type { Engine } from '../../../src/engine/index.js';
import type { ConvoyData } from '../../../src/widgets/convoy/model.js';
import { convoySpec, convoyWidget } from '../../../src/widgets/convoy/widget.js';
import { nodeEngine } from '../../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

test('beside a CPU-bound thread, the GIL makes the I/O thread wait about a switch interval; free-threaded it does not', async () => {
  const values = { competitors: 1, 'io-wait': 0.2, 'switch-interval': 5, duration: 0.4 };
  const frames: ConvoyData[] = [];
  const d = await drive(convoyWidget, values, engine, (f) => frames.push(f));
  expect(frames.some((f) => f.running && f.bars.some((b) => b.state === 'running'))).toBe(true);
  expect(d.running).toBe(false);
  expect(d.bars.map((b) => [b.strategy, b.competitors, b.state])).toEqual([
    ['threads', 0, 'done'], ['free-threading', 0, 'done'], ['threads', 1, 'done'], ['free-threading', 1, 'done'],
  ]);
  for (const b of d.bars) {
    expect(b.n).toBeGreaterThan(10);
    expect(b.p50Us!).toBeGreaterThan(0);
    expect(b.p50Us!).toBeLessThanOrEqual(b.p99Us!);
    expect(b.p99Us!).toBeLessThanOrEqual(b.maxUs!);
  }
  const [, , gil, free] = d.bars;
  // The I/O thread gets the GIL back only when the CPU-bound holder is asked to drop it: a switch interval later.
  expect(gil!.p50Us!).toBeGreaterThan(2500);
  expect(gil!.p50Us!).toBeGreaterThan(free!.p50Us! * 5);
  const metrics = convoyWidget.metrics!(d);
  expect(metrics.map((m) => [m.key, m.unit, m.competitors])).toEqual([['convoy:threads', 'us', 1], ['convoy:free-threading', 'us', 1]]);
  expect(metrics[0]!.value).toBe(gil!.p50Us);
});

test('a stopped convoy starts no further configuration', async () => {
  const abort = new AbortController();
  const { source, asked } = countingSource(engine);
  let runsAtStop = -1;
  const run = driveWidget(convoyWidget, { competitors: 2, 'io-wait': 0.2, 'switch-interval': 5, duration: 0.3 }, source, {
    signal: abort.signal,
    onData: (f) => {
      if (f.bars.some((b) => b.state === 'done') && runsAtStop < 0) (runsAtStop = asked.length), abort.abort();
    },
  });
  await expect(run).rejects.toThrow('stopped');
  // The stop came once the first configuration was done (the next one may have been asked for by then): none after it.
  expect(runsAtStop).toBeGreaterThan(0);
  expect(asked.length).toBe(runsAtStop);
});

test('each configuration is sized for the engine it runs on', () => {
  const v = { duration: 1, 'io-wait': 0.2, 'switch-interval': 5 };
  expect(convoySpec('threads', 0, v, true)).toMatchObject({ workers: 1, workload: 'io', ioOps: 500, ioWaitMs: 0.2 });
  // With shared memory the I/O thread repeats its call while the CPU-bound threads compute: no count needed.
  expect(convoySpec('threads', 2, v, true)).toEqual({ strategy: 'threads', workers: 3, workload: 'mixed', seconds: 0.5, perWorker: true, ioWaitMs: 0.2, switchIntervalMs: 5 });
  expect(convoySpec('free-threading', 2, v, false)).toMatchObject({ workers: 3, workload: 'mixed', ioOps: 192 });
});
