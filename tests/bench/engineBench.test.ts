import { expect, test } from 'vitest';
import { speedupTarget } from '../../src/bench/engineBench.js';
import { STRATEGY_NAMES } from '../../src/engine/index.js';

test('speedup targets follow what a strategy is: ~1x under one shared GIL, >= 1.85x on two pooled parallel workers', () => {
  const targets = Object.fromEntries(STRATEGY_NAMES.map((s) => [s, speedupTarget(s, 2, 1.9).target ?? null]));
  expect(targets).toEqual({
    sequential: null,
    threads: '0.95-1.05x',
    'free-threading': '>= 1.85x',
    subinterpreters: '>= 1.85x',
    // A process started for the run pays its start inside the measurement: no target.
    multiprocessing: null,
    'multiprocessing-pool': '>= 1.85x',
    asyncio: null,
  });
  // The parallel target is for two workers only; the GIL's holds at any count.
  expect(speedupTarget('free-threading', 4, 3.5)).toEqual({});
  expect(speedupTarget('threads', 4, 1.2)).toEqual({ target: '0.95-1.05x', ok: false });
  expect(speedupTarget('subinterpreters', 2, 1.7)).toEqual({ target: '>= 1.85x', ok: false });
});
