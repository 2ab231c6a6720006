import { availableParallelism } from 'node:os';
import { expect, test } from 'vitest';
import type { Engine } from '../../../src/engine/index.js';
import { raceWidget } from '../../../src/widgets/race/widget.js';
import { nodeEngine } from '../../support/engine.js';
import { drive } from '../../support/widgets.js';


test('a real run counts exactly with a lock and under the GIL, and never more than was added', async () => {
  const engine = await nodeEngine();
  try {
    const frames: number[] = [];
    const data = await drive(raceWidget, { workers: 3, increments: 100_000, modes: ['free-threading', 'free-threading-lock', 'threads'] }, engine, (d) => frames.push(d.rows.filter((r) => r.actual !== null).length));
    expect(frames).toEqual([1, 2, 3]);
    expect(data.mode).toBe('shared-memory');
    const [ft, lock, gil] = data.rows;
    for (const r of data.rows) {
      expect(r.expected).toBe(300_000);
      expect(r.actual).toBeGreaterThan(0);
      expect(r.actual).toBeLessThanOrEqual(r.expected);
      expect(r.wallMs).toBeGreaterThan(0);
    }
    expect(lock!.actual).toBe(300_000);
    // The engine's GIL is only handed over between blocks of increments, so no update is lost there.
    expect(gil!.actual).toBe(300_000);
    const metrics = raceWidget.metrics!(data);
    // What the free-threaded row publishes as lost is exactly what its counter is short of (whatever this machine lost).
    expect(metrics[0]!.value).toBeCloseTo(((300_000 - ft!.actual!) / 300_000) * 100, 9);
    expect(metrics.map((m) => m.key)).toEqual(['race:free-threading', 'race:free-threading-lock', 'race:threads']);
    expect(metrics[1]!.value).toBe(0);
    expect(metrics.every((m) => m.unit === '%' && m.workers === 3)).toBe(true);
  } finally {
    await engine.dispose();
  }
});

test.runIf(availableParallelism() >= 2)('without a lock, free-threaded increments on two or more cores really lose updates', async () => {
  const engine = await nodeEngine();
  try {
    const data = await drive(raceWidget, { workers: 4, increments: 2_000_000, modes: ['free-threading'] }, engine);
    expect(data.rows[0]!.actual).toBeLessThan(8_000_000);
  } finally {
    await engine.dispose();
  }
});

test('without shared memory the run fails with an error saying how to serve the deck', async () => {
  const engine = { host: { sharedMemory: false, cores: 2, runtime: 'test' } } as unknown as Engine;
  await expect(drive(raceWidget, { workers: 2, increments: 1000, modes: ['threads'] }, engine)).rejects.toThrow(/needs shared memory: serve the deck with `npm start`/);
});
