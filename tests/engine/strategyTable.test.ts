import { expect, test } from 'vitest';
import { gilCount, gilOf, isStrategy, laneName, STRATEGIES, STRATEGY_NAMES } from '../../src/engine/strategies.js';

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
  for (const s of STRATEGY_NAMES) expect(STRATEGIES[s].python.label.length, s).toBeGreaterThan(0);
});
