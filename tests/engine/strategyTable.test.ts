import { expect, test } from 'vitest';
import { gilCount, gilOf, isStrategy, laneName, STRATEGIES, STRATEGY_NAMES, strategiesOf } from '../../src/engine/strategies.js';
import { PYTHON_OF } from '../../src/engine/strategyPython.js';

test('every strategy is listed once, in the table order, and nothing else is a strategy', () => {
  expect(STRATEGY_NAMES).toEqual(['sequential', 'threads', 'free-threading', 'subinterpreters', 'multiprocessing', 'multiprocessing-pool', 'asyncio']);
  expect(STRATEGY_NAMES.every(isStrategy)).toBe(true);
  expect(isStrategy('toString')).toBe(false);
  expect(isStrategy('processes')).toBe(false);
});

test('each worker takes the GIL its row says: the shared one, its interpreter round-robin, or none', () => {
  for (const s of STRATEGY_NAMES) {
    const gils = Array.from({ length: 4 }, (_, w) => gilOf(s, w, 4, 2));
    const expected = { shared: [0, 0, 0, 0], 'per-interpreter': [0, 1, 0, 1], none: [-1, -1, -1, -1] }[STRATEGIES[s].gil];
    expect(gils, s).toEqual(expected);
    expect(gilCount(s, 4, 2), s).toBe(new Set(gils.filter((g) => g >= 0)).size);
  }
  // More interpreters than workers: one each, no empty ones.
  expect(gilCount('subinterpreters', 2, 8)).toBe(2);
});

test('a lane has one name whichever view or trace asks', () => {
  expect(STRATEGY_NAMES.map((s) => laneName(s, 2))).toEqual(['main thread', 'thread 2', 'thread 2', 'interpreter 2', 'process 2', 'process 2', 'main thread']);
  // A subinterpreter worker that shares its interpreter with others says which.
  expect(laneName('subinterpreters', 3, 1)).toBe('interpreter 1 · thread 3');
});

test('only models that start a process per run start fresh workers, and models that copy are the isolated ones', () => {
  expect(STRATEGY_NAMES.filter((s) => STRATEGIES[s].workers === 'fresh')).toEqual(['multiprocessing']);
  expect(STRATEGY_NAMES.filter((s) => STRATEGIES[s].copiesArguments)).toEqual(['subinterpreters', 'multiprocessing', 'multiprocessing-pool']);
  expect(STRATEGY_NAMES.filter((s) => STRATEGIES[s].loop === 'event-loop')).toEqual(['asyncio']);
  for (const s of STRATEGY_NAMES) expect(PYTHON_OF[s].label.length, s).toBeGreaterThan(0);
});

test('a family is one Python model however it is run: multiprocessing is a process per run and a pool', () => {
  expect(strategiesOf('multiprocessing')).toEqual(['multiprocessing', 'multiprocessing-pool']);
  // Every other model is run one way, and every strategy is in exactly one family.
  const families = [...new Set(STRATEGY_NAMES.map((s) => STRATEGIES[s].family))];
  expect(families).toEqual(['sequential', 'threads', 'free-threading', 'subinterpreters', 'multiprocessing', 'asyncio']);
  expect(families.flatMap(strategiesOf).sort()).toEqual([...STRATEGY_NAMES].sort());
  // Ways of running one model differ only in fresh or pooled workers, never in what the model is.
  for (const f of families) {
    const shapes = strategiesOf(f).map((s) => {
      const { workers: _workers, ...rest } = STRATEGIES[s];
      return rest;
    });
    expect(new Set(shapes.map((x) => JSON.stringify(x))).size, f).toBe(1);
  }
});
