// The main-thread <-> worker contract, in one file: message types and the shared control block's layout.
import type { CpuWorkload } from './kernels.js';
import type { StrategyModel } from './strategies.js';

/** One step of a task: compute some units, or wait on I/O (which releases the GIL, as blocking calls do). */
export type Step = { cpu: number } | { io: number };

export interface TaskPlan {
  id: number;
  steps: Step[];
}

/** What one worker (Python thread, interpreter's thread or process) runs. */
export interface WorkerJob {
  worker: number;
  /** Workers in the run (for the start barrier). */
  peers: number;
  /** The strategy's worker loop (see strategies.ts): tasks in turn, or an event loop of coroutines. */
  loop: StrategyModel['loop'];
  kernel: CpuWorkload;
  /** Units per slice between housekeeping (progress, cancel, heartbeat, the message fallback's GIL check): ~50 us. */
  chunk: number;
  /**
   * Units between eval-breaker checks with shared memory (about 0.5 us of work, at least one unit): CPython checks
   * between bytecodes, so a holder answers a drop request within a fraction of a microsecond.
   */
  check: number;
  /** How long `check` units take (ms): the longest a holder computes before it sees a drop request. */
  checkMs: number;
  /** Index of the GIL this worker must hold, or -1 (free-threading, processes). */
  gil: number;
  switchIntervalMs: number;
  tasks: TaskPlan[];
  /** This worker is I/O-bound beside CPU-bound ones: it keeps doing its I/O steps until they finish. */
  ioUntilCpuDone: boolean;
  /** run-origin in epoch ms; events are stamped relative to it. */
  origin: number;
  control: SharedArrayBuffer | null;
  trace: SharedArrayBuffer | null;
  /** Serialized arguments to copy in (multiprocessing, subinterpreters): their parsing is traced. */
  payload: string | null;
  /** Shared counter demo: increments to do on the control block's counter, and how. */
  counter: { increments: number; lock: boolean } | null;
  /** Record nothing (to measure what tracing costs). */
  traceOff?: boolean;
  /** Fault injection for tests: throw after this many units. */
  throwAfterUnits?: number;
  /** Fault injection for tests: stop answering for good after this many units, as a worker stuck in a loop. */
  hangAfterUnits?: number;
}

export type ToWorker =
  | { type: 'run'; job: WorkerJob }
  /** Run the kernel until its rate is steady (the JIT has settled); see worker/calibrate.ts. */
  | { type: 'warm'; kernel: CpuWorkload; minMs: number; maxMs: number; stepMs: number; tolerance: number }
  /** Time the kernel in short windows for `ms`. */
  | { type: 'calibrate'; kernel: CpuWorkload; ms: number }
  /** Run the kernel flat out for `ms` (the parallelism probe). */
  | { type: 'spin'; kernel: CpuWorkload; ms: number }
  /** Data moved to a worker three ways (pickle-like copy, transfer, shared memory); it answers once it can use it. */
  | { type: 'probe'; mode: 'copy' | 'transfer' | 'shared'; data: string | ArrayBuffer | SharedArrayBuffer }
  /** Message fallback: the arbiter's answers. */
  | { type: 'gil-granted'; seq: number }
  | { type: 'gil-continue' }
  | { type: 'gil-drop' }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'warmed'; kernel: CpuWorkload; steady: boolean; ms: number; unitsPerMs: number }
  /** `windows`: the rate of each short window; `unitsPerMs`: their high percentile. */
  | { type: 'calibrated'; kernel: CpuWorkload; unitsPerMs: number; windows: number[] }
  | { type: 'spun'; kernel: CpuWorkload; units: number; ms: number }
  | { type: 'probed'; checksum: number }
  | { type: 'trace'; worker: number; records: Float64Array }
  | { type: 'done'; worker: number; result: string | null; cancelled: boolean }
  | { type: 'error'; worker: number; message: string; stack?: string }
  /** Message fallback: the worker is alive (with shared memory it bumps its CTRL.BEAT cell instead). */
  | { type: 'beat'; worker: number }
  /** Message fallback: requests to the arbiter. */
  | { type: 'gil-request'; worker: number; gil: number }
  | { type: 'gil-check'; worker: number; gil: number; heldMs: number }
  | { type: 'gil-release'; worker: number; gil: number; reason: number };

/** Int32 cells of the control block shared by every worker of a run. */
export const MAX_WORKERS = 64;
export const CTRL = {
  CANCEL: 0,
  /** Global GIL hand-off sequence: every acquire and drop takes the next number, for exact ordering. */
  SEQ: 1,
  /** CPU-bound workers still running (I/O-bound ones stop when it reaches 0). */
  CPU_RUNNING: 2,
  /** The shared counter of the race demo, and the user-level lock guarding it. */
  COUNTER: 3,
  LOCK: 4,
  /** Start barrier: workers arrived; none starts its tasks before all have, like threads started together. */
  ARRIVED: 5,
  /**
   * Per worker: its eval breaker, a drop request that only a GIL's waiter sets and that every worker with shared
   * memory looks at between kernel calls (run.ts).
   */
  DROP_REQUEST: 8,
  GIL: 8 + MAX_WORKERS,
  /** Cells per GIL: the three below, then its mutex and condition variable (condvar.ts CV). */
  GIL_STRIDE: 16,
  /** Per worker: a heartbeat counter it bumps every BEAT_EVERY_MS, computing or waiting (after the GILs). */
  BEAT: 8 + MAX_WORKERS + MAX_WORKERS * 16,
} as const;
/** Per GIL: locked flag, last holder, switch number (then condvar.ts CV's cells). */
export const GIL_LOCKED = 0;
export const GIL_LAST_HOLDER = 1;
export const GIL_SWITCH_NUMBER = 2;
export const CONTROL_INTS = CTRL.BEAT + MAX_WORKERS;
/**
 * A GIL's mutex and condition variable (condvar.ts), in Int32 cells from the GIL's base after GIL_SWITCH_NUMBER:
 *   MUTEX        the GIL's mutex: 0 free, 1 locked, 2 locked with sleepers (a glibc "normal" mutex: no spinning)
 *   CV_LOCK      the condition variable's internal lock (glibc keeps it in __g1_orig_size's low bits)
 *   WSEQ         2 x the position the next waiter takes, + which of the two slots new waiters (G2) join (__wseq)
 *   G1_START     position of G1's first waiter; a waiter before it has been signalled (its group closed)
 *   G1_ORIG_SIZE waiters G1 had when it opened; G2 starts after them
 *   G1_SIZE      G1's waiters not yet signalled nor gone (timed out)
 *   G2_GONE      G2's waiters that timed out before G2 became G1
 *   SIGNALS+s    signals slot s holds for its waiters to take; the futex word its waiters sleep on
 *   REFS+s       waiters asleep on slot s (a slot is reused only once none is)
 *   SWITCH_MUTEX FORCE_SWITCHING's switch_mutex, held by a forced dropper while it checks whether another thread
 *                took the GIL and by the new holder while it records the switch and wakes the dropper
 */
export const CV = {
  MUTEX: 3,
  CV_LOCK: 4,
  WSEQ: 5,
  G1_START: 6,
  G1_ORIG_SIZE: 7,
  G1_SIZE: 8,
  G2_GONE: 9,
  SIGNALS: 10,
  REFS: 12,
  SWITCH_MUTEX: 14,
} as const;


/**
 * Heartbeat: a running worker beats at least this often, whatever it is doing (computing in slices, waiting for the
 * GIL, sleeping in I/O); the main thread declares a worker that has not beaten for DEAD_AFTER_MS dead. A worker can
 * vanish without any event (the browser ends it, it hangs in a loop): this is how that is noticed.
 */
export const BEAT_EVERY_MS = 250;
export const DEAD_AFTER_MS = 2000;
