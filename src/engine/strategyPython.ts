import type { Strategy } from './strategies.js';

// The Python each strategy stands for: a short label and a sentence, for help text and the docs. Kept beside the
// table rather than in it because only the CLI and the docs print them, so the page's bundle does not carry them;
// `satisfies` makes a new strategy's row here a compile error until written.
export const PYTHON_OF = {
  sequential: { label: 'a for loop', text: 'One thread calls every task in turn: the baseline every speedup is measured against.' },
  threads: { label: 'threading.Thread', text: 'Threads of one CPython interpreter: one GIL, handed over every switch interval (sys.setswitchinterval).' },
  'free-threading': { label: 'threads on 3.13t', text: 'Threads on a free-threaded build (python3.13t, PEP 703): no GIL, objects shared, locks are the program’s own.' },
  subinterpreters: { label: 'InterpreterPoolExecutor', text: 'Threads in separate interpreters (PEP 684, PEP 734): one GIL each; arguments and results are pickled.' },
  multiprocessing: { label: 'multiprocessing.Process', text: 'A process started for each worker: its start-up and the pickling of arguments and results are paid every run.' },
  'multiprocessing-pool': { label: 'multiprocessing.Pool', text: 'Processes started ahead and reused (multiprocessing.Pool, ProcessPoolExecutor): arguments and results are still pickled.' },
  asyncio: { label: 'asyncio', text: 'One thread runs an event loop of coroutines: I/O waits overlap; a CPU-bound step blocks every other coroutine.' },
} as const satisfies Record<Strategy, { label: string; text: string }>;
