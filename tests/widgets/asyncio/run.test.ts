import { expect, test } from 'vitest';
import { drive } from '../../support/widgets.js';
import { HEARTBEAT_LANE, maxLateness } from '../../../src/widgets/asyncio/model.js';
import { asyncioWidget } from '../../../src/widgets/asyncio/widget.js';
import { nodeEngine } from '../../support/engine.js';

test('a real run: waits overlap on one loop, the CPU step holds the heartbeat back there but not on threads', async () => {
  const engine = await nodeEngine();
  try {
    const frames: boolean[] = [];
    const data = await drive(asyncioWidget, { tasks: 4, 'io-wait': 200, 'cpu-step': 120, contrast: true }, engine, (d) => frames.push(d.running),
    );
    expect(frames.length).toBeGreaterThan(2);
    expect(frames.at(-1)).toBe(false);
    expect(data.running).toBe(false);
    const [loop, threads] = data.panels;
    expect([loop!.strategy, threads!.strategy]).toEqual(['asyncio', 'threads']);
    // Four awaits of 200 ms each; on one loop they overlap, so all are done long before 800 ms.
    expect(loop!.waitedMs).toBeCloseTo(800, 0);
    expect(loop!.doneMs!).toBeLessThan(loop!.waitedMs);
    for (const p of data.panels) {
      for (let lane = 1; lane <= 4; lane++) expect(p.segments.some(([l, s]) => l === lane && s === 'awaiting')).toBe(true);
      expect(p.beats.length).toBeGreaterThan(0);
    }
    // No preemption on an event loop: the heartbeat resumes only once task 0's CPU step has returned to the loop.
    const cpuEnd = (p: typeof loop) => Math.max(...p!.segments.filter(([l, s]) => l === 1 && s === 'running').map(([, , , b]) => b));
    const firstResume = (p: typeof loop) => p!.beats[0]![0] + p!.beats[0]![1];
    const cpuRun = loop!.segments.find(([l, s]) => l === 1 && s === 'running')!;
    expect(firstResume(loop)).toBeGreaterThanOrEqual(cpuRun[3]);
    // On threads the GIL is taken from the computing thread, so the heartbeat wakes while task 0 still computes.
    expect(firstResume(threads)).toBeLessThan(cpuEnd(threads));
    expect(maxLateness(loop!)).toBeGreaterThan(maxLateness(threads!));
    expect(loop!.segments.some(([l]) => l === HEARTBEAT_LANE)).toBe(true);
    const keys = asyncioWidget.metrics!(data).map((m) => m.key);
    expect(keys).toEqual(['asyncio:wall', 'asyncio:heartbeat-late', 'asyncio:threads-wall', 'asyncio:threads-heartbeat-late']);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  } finally {
    await engine.dispose();
  }
});
