import { afterEach, describe, expect, test } from 'vitest';
import { CONTROL_INTS, CTRL, type WorkerJob } from '../../../src/engine/protocol.js';
import { DropReason, TraceBuffer } from '../../../src/engine/trace.js';
import type { GilClient } from '../../../src/engine/worker/gilClient.js';
import { type JobEnv, runJob } from '../../../src/engine/worker/run.js';

/** Worker 0 computing `units` of countdown in slices of `chunk`, looking at its eval breaker every `check`. */
function job(units: number, chunk: number, check: number, gil: number): WorkerJob {
  return {
    worker: 0,
    peers: 1,
    loop: 'tasks',
    kernel: 'countdown',
    chunk,
    check,
    checkMs: 0.0005,
    gil,
    switchIntervalMs: 5,
    tasks: [{ id: 0, steps: [{ cpu: units }] }],
    ioUntilCpuDone: false,
    origin: 0,
    control: null,
    trace: null,
    payload: null,
    counter: null,
  };
}

const env = (cells: Int32Array | null, gil: GilClient | null): JobEnv => ({
  cells,
  trace: TraceBuffer.create(1024, false),
  gil,
  now: () => performance.now(),
  sleep: () => undefined,
  cancelled: () => false,
});

/** Counts the worker's looks at its eval breaker (Atomics.load of its drop-request cell); `onLook` may set it. */
function countLooks(cells: Int32Array, onLook: (looks: number) => void = () => undefined): { looks: number } {
  const seen = { looks: 0 };
  const load = Atomics.load;
  Atomics.load = ((arr: Int32Array, index: number) => {
    if (arr === cells && index === CTRL.DROP_REQUEST) onLook(++seen.looks);
    return load(arr, index);
  }) as typeof Atomics.load;
  restore = () => (Atomics.load = load);
  return seen;
}
let restore = () => undefined as unknown;
afterEach(() => restore());

describe('the eval breaker', () => {
  test('a holder asked to drop answers within one look of work, not at the end of its slice', async () => {
    // Slices of 100 units, a look every 10: the request arrives before the third look, so the holder drops after
    // 30 units, as CPython's between bytecodes; then the other 170 units in slices of 100 and 70.
    const cells = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
    const seen = countLooks(cells, (looks) => looks === 3 && (cells[CTRL.DROP_REQUEST] = 1));
    const drops: number[] = [];
    const gil: GilClient = {
      take: () => true,
      shouldDrop: () => cells[CTRL.DROP_REQUEST] !== 0,
      drop: (reason) => {
        if (reason === DropReason.Forced) drops.push(seen.looks);
        cells[CTRL.DROP_REQUEST] = 0;
      },
    };
    await runJob(job(200, 100, 10, 0), env(cells, gil));
    expect(drops).toEqual([3]);
    expect(seen.looks).toBe(3 + 10 + 7);
  });

  test('a worker without a GIL looks as often as one with, so neither is faster for looking less', async () => {
    const cells = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
    const seen = countLooks(cells);
    await runJob(job(200, 100, 10, -1), env(cells, null));
    expect(seen.looks).toBe(20);
  });

  test('without shared memory (the message fallback), the holder asks once a slice', async () => {
    let asks = 0;
    const gil: GilClient = { take: () => true, shouldDrop: () => (asks++, false), drop: () => undefined };
    await runJob(job(250, 100, 10, 0), env(null, gil));
    expect(asks).toBe(3);
  });
});
