import { expect, test } from 'vitest';
import { copiesData, gilCount, gilOf, planRun, workerCount } from '../../src/engine/plan.js';

const cpu = (plan: ReturnType<typeof planRun>[number]) => plan.tasks.flatMap((t) => t.steps).reduce((n, s) => n + ('cpu' in s ? s.cpu : 0), 0);

test('the total work is split across workers, so every strategy does the same work', () => {
  const plans = planRun({ strategy: 'threads', workers: 4, workload: 'primes', seconds: 1 }, 100, 5);
  expect(plans).toHaveLength(4);
  expect(plans.map(cpu)).toEqual([25_000, 25_000, 25_000, 25_000]);
});

test('perWorker gives every worker the whole amount', () => {
  expect(planRun({ strategy: 'free-threading', workers: 2, workload: 'primes', units: 600, perWorker: true }, 1, 1).map(cpu)).toEqual([600, 600]);
});

test('sequential puts every task on one worker, in order', () => {
  const plans = planRun({ strategy: 'sequential', workers: 3, workload: 'fib', units: 300 }, 1, 1);
  expect(plans).toHaveLength(1);
  expect(plans[0]!.tasks.map((t) => t.id)).toEqual([0, 1, 2]);
  expect(workerCount({ strategy: 'sequential', workers: 3, workload: 'fib' })).toBe(1);
});

test('the convoy workload makes worker 0 I/O-bound and keeps it going while the others compute', () => {
  const plans = planRun({ strategy: 'threads', workers: 3, workload: 'mixed', units: 300, ioWaitMs: 1 }, 1, 2);
  expect(plans[0]!.ioUntilCpuDone).toBe(true);
  expect(plans[0]!.tasks[0]!.steps).toEqual([{ io: 1 }, { cpu: 2 }]);
  expect(plans.slice(1).every((p) => !p.ioUntilCpuDone && p.tasks[0]!.steps.length === 1)).toBe(true);
});

test('threads share GIL 0; subinterpreters spread workers over their interpreters\' GILs; the rest have none', () => {
  expect([0, 1, 2].map((w) => gilOf({ strategy: 'threads', workers: 3, workload: 'primes' }, w))).toEqual([0, 0, 0]);
  expect([0, 1, 2, 3].map((w) => gilOf({ strategy: 'subinterpreters', workers: 4, interpreters: 2, workload: 'primes' }, w))).toEqual([0, 1, 0, 1]);
  expect(gilCount({ strategy: 'subinterpreters', workers: 4, interpreters: 2, workload: 'primes' })).toBe(2);
  expect(gilOf({ strategy: 'free-threading', workers: 2, workload: 'primes' }, 1)).toBe(-1);
  expect(gilOf({ strategy: 'multiprocessing', workers: 2, workload: 'primes' }, 1)).toBe(-1);
});

test('only processes and subinterpreters copy data; threads share it', () => {
  expect(copiesData({ strategy: 'multiprocessing-pool', workers: 2, workload: 'primes' })).toBe(true);
  expect(copiesData({ strategy: 'subinterpreters', workers: 2, workload: 'primes' })).toBe(true);
  expect(copiesData({ strategy: 'threads', workers: 2, workload: 'primes' })).toBe(false);
});
