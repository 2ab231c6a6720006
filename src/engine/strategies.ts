// The strategies, each standing for one Python model, as one table: every layer (plan, engine, worker loop,
// traces, views, CLI) reads what it needs from here, so a new strategy is one row plus what the compiler demands.

export interface StrategyModel {
  /** Who takes turns: one GIL shared by every worker, one per interpreter (workers spread over them), or no GIL. */
  gil: 'shared' | 'per-interpreter' | 'none';
  /** How many workers start: one per worker asked for, or a single one that runs every task. */
  runsOn: 'each-worker' | 'one-worker';
  /**
   * Fresh: a worker started for the run and ended after it, whose start is part of the cost (and traced).
   * Pooled: started ahead, warmed, and reused across runs.
   */
  workers: 'fresh' | 'pooled';
  /** Arguments and results are serialized in and out (pickled), not shared. */
  copiesArguments: boolean;
  /** What a worker runs: its tasks one after another, or an event loop of coroutines. */
  loop: 'tasks' | 'event-loop';
  /** What one worker is called on a lane: `thread 2`, `process 2`, `interpreter 2`. */
  noun: 'thread' | 'process' | 'interpreter';
  /** The Python model it is one way of running: a process per run and a pool are both `multiprocessing`. */
  family: string;
}

export const STRATEGIES = {
  sequential: {
    gil: 'none',
    runsOn: 'one-worker',
    workers: 'pooled',
    copiesArguments: false,
    loop: 'tasks',
    noun: 'thread',
    family: 'sequential',
  },
  threads: {
    gil: 'shared',
    runsOn: 'each-worker',
    workers: 'pooled',
    copiesArguments: false,
    loop: 'tasks',
    noun: 'thread',
    family: 'threads',
  },
  'free-threading': {
    gil: 'none',
    runsOn: 'each-worker',
    workers: 'pooled',
    copiesArguments: false,
    loop: 'tasks',
    noun: 'thread',
    family: 'free-threading',
  },
  subinterpreters: {
    gil: 'per-interpreter',
    runsOn: 'each-worker',
    workers: 'pooled',
    copiesArguments: true,
    loop: 'tasks',
    noun: 'interpreter',
    family: 'subinterpreters',
  },
  multiprocessing: {
    gil: 'none',
    runsOn: 'each-worker',
    workers: 'fresh',
    copiesArguments: true,
    loop: 'tasks',
    noun: 'process',
    family: 'multiprocessing',
  },
  'multiprocessing-pool': {
    gil: 'none',
    runsOn: 'each-worker',
    workers: 'pooled',
    copiesArguments: true,
    loop: 'tasks',
    noun: 'process',
    family: 'multiprocessing',
  },
  asyncio: {
    gil: 'none',
    runsOn: 'one-worker',
    workers: 'pooled',
    copiesArguments: false,
    loop: 'event-loop',
    noun: 'thread',
    family: 'asyncio',
  },
} as const satisfies Record<string, StrategyModel>;

export type Strategy = keyof typeof STRATEGIES;

/** Every strategy, in the table's order (CLI help, attribute choices, legends). */
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as Strategy[];

export const isStrategy = (name: string): name is Strategy => Object.hasOwn(STRATEGIES, name);

/** The Python models, each run by one strategy or more (the compare table's columns). */
export type Family = (typeof STRATEGIES)[Strategy]['family'];

/** The strategies of one family, in the table's order. */
export const strategiesOf = (family: Family): Strategy[] => STRATEGY_NAMES.filter((s) => STRATEGIES[s].family === family);

/** How many GILs a run has: one, one per interpreter in use (at most one per worker), or none. */
export function gilCount(strategy: Strategy, workers: number, interpreters = workers): number {
  const gil: StrategyModel['gil'] = STRATEGIES[strategy].gil;
  switch (gil) {
    case 'shared':
      return 1;
    case 'per-interpreter':
      return Math.max(1, Math.min(interpreters, workers));
    case 'none':
      return 0;
  }
}

/** Which GIL a worker takes (workers are dealt round the interpreters), or -1 where there is none. */
export function gilOf(strategy: Strategy, worker: number, workers: number, interpreters = workers): number {
  const gils = gilCount(strategy, workers, interpreters);
  return gils === 0 ? -1 : worker % gils;
}

/**
 * The one name of a worker's lane, in every view and trace: `thread 2`, `process 2`, `interpreter 2`, or
 * `main thread` where one worker runs everything. A subinterpreter worker that shares its interpreter with others
 * (`interpreter` given and not its own number) is `interpreter 1 · thread 3`.
 */
/** What a strategy's workers are called, counted: "threads", "interpreters", "processes". */
export const workersNoun = (strategy: Strategy): string => (STRATEGIES[strategy].noun === 'process' ? 'processes' : `${STRATEGIES[strategy].noun}s`);

export function laneName(strategy: Strategy, worker: number, interpreter = worker): string {
  const s: StrategyModel = STRATEGIES[strategy];
  if (s.runsOn === 'one-worker') return 'main thread';
  if (s.gil === 'per-interpreter' && interpreter !== worker) return `interpreter ${interpreter} · thread ${worker}`;
  return `${s.noun} ${worker}`;
}
