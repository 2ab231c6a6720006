import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Engine, RunSpec } from '../../src/engine/index.js';
import { runsTrace } from '../../src/widgets/runTrace.js';
import { nodeEngine } from '../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(() => engine.dispose());

test('a widget\'s runs become one trace: a process per run, in the order and at the times they ran, hand-off arrows kept apart', async () => {
  const specs: RunSpec[] = [
    { strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.1 },
    { strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.1 },
  ];
  const runs = [];
  for (const spec of specs) runs.push({ spec, run: await engine.run(spec).result });
  const trace = JSON.parse(JSON.stringify(runsTrace('timeline', runs))) as ReturnType<typeof runsTrace>;
  const processes = trace.traceEvents.filter((e) => e.name === 'process_name');
  expect(processes.map((e) => [e.pid, String(e.args?.name)])).toEqual([
    [1, expect.stringMatching(/^timeline run 1: threads: countdown, 2 workers/)],
    [2, expect.stringMatching(/^timeline run 2: threads: countdown, 2 workers/)],
  ]);
  const slices = (pid: number) => trace.traceEvents.filter((e) => e.pid === pid && e.ph === 'X');
  expect(slices(1).length).toBeGreaterThan(0);
  // The second run started after the first ended: so do its slices on the shared time axis.
  const firstEnd = Math.max(...slices(1).map((e) => e.ts + e.dur!));
  expect(Math.min(...slices(2).map((e) => e.ts))).toBeGreaterThanOrEqual(firstEnd);
  const arrows = trace.traceEvents.filter((e) => e.ph === 's').map((e) => e.id);
  expect(new Set(arrows).size).toBe(arrows.length);
  expect(trace.metadata).toMatchObject({ generator: 'gildeck', widget: 'timeline' });
});
