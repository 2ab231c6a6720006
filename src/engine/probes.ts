// Short measurements of this device beside the runs: how much parallelism is free right now, what starting a
// worker costs, and what moving data to one costs three ways.
import { raceAbort, throwIfAborted } from './abort.js';
import type { Calibration } from './calibration.js';
import { expect, type Slot } from './channel.js';
import type { CpuWorkload } from './kernels.js';
import { argumentsOf } from './plan.js';
import type { WorkerPool } from './pool.js';
import type { FromWorker } from './protocol.js';
import { median } from '../stats.js';

/** What the parallelism probe found: how many cores' worth of work N spinning workers got, against one alone. */
export interface Parallelism {
  cores: number;
  /** Cores' worth available right now, 0 < available <= cores. */
  available: number;
  /** Units/ms of one worker spinning alone (median), and of each worker in the last round all spun together. */
  alone: number;
  together: number[];
}

/** Parallelism probe: one worker alone, all together, one alone again (drift hits both sides alike). */
const PROBE_ALONE_MS = 40;
const PROBE_TOGETHER_MS = 60;
const PROBE_ROUNDS = 3;
/**
 * A reading this far below all the cores is taken again, after these pauses, before it is believed: the highest
 * reading stands. Another program that holds a core holds it in all of them; a burst of the browser's own work is
 * over by a later one: a presenter's trial read "1.0 of 2 cores free" on an idle machine and drew the ideal line
 * under the speedups it measured next, and after a chart's multiprocessing runs (workers ended, the browser tearing
 * them down) a second reading 250 ms later still read 1.1 of 2.
 */
const CONFIRM_BELOW = 0.2;
const CONFIRM_AFTER_MS = [250, 1000];

/**
 * How much parallelism is free right now: `cores` warmed workers spin together, against one spinning alone
 * before and after, three times. Another busy program takes its share of the cores, and this shows it. ~0.35 s;
 * a reading of busy is taken again, twice at most, before it is believed (CONFIRM_BELOW): up to ~2.3 s then.
 */
export async function probeParallelism(pool: WorkerPool, calibration: Calibration, kernel: CpuWorkload, signal?: AbortSignal): Promise<Parallelism> {
  const cores = Math.max(1, pool.host.cores);
  const slots = await pool.take(cores, false, signal);
  try {
    await calibration.warmSlots(slots, kernel, signal);
    const isSpun = (m: FromWorker): m is Extract<FromWorker, { type: 'spun' }> => m.type === 'spun' && m.kernel === kernel;
    const spin = async (on: Slot[], ms: number) => (await pool.ask(on, { type: 'spin', kernel, ms }, isSpun, signal)).map((x) => x.units / x.ms);
    const reading = async (): Promise<Parallelism> => {
      // Alone and together in turn, each together-phase against the alone-phases either side: the load of other
      // programs changes within a second, and a single comparison would catch it in one phase only.
      let before = (await spin(slots.slice(0, 1), PROBE_ALONE_MS))[0]!;
      const ratios: number[] = [];
      const alones = [before];
      let together: number[] = [];
      for (let round = 1; round <= PROBE_ROUNDS; round++) {
        together = await spin(slots, PROBE_TOGETHER_MS);
        const after = (await spin([slots[round % cores]!], PROBE_ALONE_MS))[0]!;
        ratios.push(together.reduce((a, b) => a + b, 0) / ((before + after) / 2));
        alones.push(after);
        before = after;
      }
      return { cores, available: Math.min(cores, Math.max(0.05, median(ratios))), alone: median(alones), together };
    };
    let best = await reading();
    for (const pause of CONFIRM_AFTER_MS) {
      if (best.available >= cores - CONFIRM_BELOW) break;
      await raceAbort(new Promise((r) => setTimeout(r, pause)), signal);
      const again = await reading();
      if (again.available > best.available) best = again;
    }
    return best;
  } finally {
    pool.release(slots);
  }
}

/** How long starting one worker takes (spawn to ready), in ms: what a new process costs here. */
export async function measureStart(pool: WorkerPool, signal?: AbortSignal): Promise<number> {
  const t0 = performance.now();
  const [slot] = await pool.take(1, true, signal);
  const ms = performance.now() - t0;
  await pool.kill([slot!]);
  return ms;
}

/**
 * How long it takes until a worker can use `bytes` of data sent three ways: serialized and parsed (what pickle
 * does between processes), transferred (ownership moves, no copy), or shared (nothing moves). In ms.
 */
export async function measureSharing(pool: WorkerPool, bytes: number, mode: 'copy' | 'transfer' | 'shared', signal?: AbortSignal): Promise<number> {
  if (mode === 'shared' && !pool.host.sharedMemory) throw new Error('shared memory needs a cross-origin isolated page');
  const slots = await pool.take(1, false, signal);
  const slot = slots[0]!;
  try {
    throwIfAborted(signal);
    const t0 = performance.now();
    let data: string | ArrayBuffer | SharedArrayBuffer;
    const transfer: Transferable[] = [];
    if (mode === 'copy') data = JSON.stringify(argumentsOf(bytes));
    else if (mode === 'transfer') {
      data = new ArrayBuffer(bytes);
      transfer.push(data);
    } else data = new SharedArrayBuffer(bytes);
    const answer = expect(slot, (m) => m.type === 'probed', { signal });
    slot.worker.post({ type: 'probe', mode, data }, transfer);
    await answer;
    return performance.now() - t0;
  } catch (e) {
    // Stopped or failed mid-probe: the worker may still be parsing; it is in an unknown state.
    await pool.kill(slots);
    throw e;
  } finally {
    pool.release(slots);
  }
}
