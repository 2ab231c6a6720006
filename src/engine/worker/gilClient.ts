import { calibrateFutexCall } from '../condvar.js';
import { type GilRecorder, SharedGil } from '../gil.js';
import type { FromWorker } from '../protocol.js';
import { DropReason, EventKind } from '../trace.js';

/**
 * The GIL as a worker sees it. Shared memory: CPython's algorithm on Atomics, synchronous. Message fallback (no
 * SharedArrayBuffer): a main-thread arbiter grants the GIL in request order; the holder asks it once per switch
 * interval whether someone is waiting, instead of seeing a drop request between bytecodes. That is a different
 * scheduler (see `Arbiter`), so widgets label its timings "scheduling approximate".
 */
export interface GilClient {
  take(): boolean | Promise<boolean>;
  /** The eval breaker: should the holder drop now? */
  shouldDrop(): boolean | Promise<boolean>;
  drop(reason: DropReason): void | Promise<void>;
}

/** `checkMs`: the longest this run's holder computes between two looks at its eval breaker. */
export function sharedGilClient(cells: Int32Array, index: number, me: number, intervalMs: number, checkMs: number, rec: GilRecorder): GilClient {
  // Done once per thread after it started (serve.ts); here only if a run came first.
  calibrateFutexCall(() => performance.now());
  const gil = new SharedGil(cells, index, intervalMs, checkMs, rec);
  return {
    take: () => gil.take(me),
    shouldDrop: () => gil.dropRequested(me),
    drop: (reason) => gil.drop(me, reason),
  };
}

export interface ArbiterLink {
  post(message: FromWorker): void;
  /** Resolves with the arbiter's next answer to this worker. */
  next(): Promise<{ type: 'gil-granted'; seq: number } | { type: 'gil-continue' } | { type: 'gil-drop' }>;
}

export function messageGilClient(link: ArbiterLink, index: number, me: number, intervalMs: number, rec: GilRecorder): GilClient {
  let sliceStart = 0;
  let grant = 0;
  return {
    async take() {
      rec.event(EventKind.GilRequest, index);
      link.post({ type: 'gil-request', worker: me, gil: index });
      const answer = await link.next();
      if (answer.type !== 'gil-granted') return false;
      grant = answer.seq;
      sliceStart = rec.now();
      rec.event(EventKind.GilAcquire, index, grant);
      return true;
    },
    async shouldDrop() {
      const held = rec.now() - sliceStart;
      if (held < intervalMs) return false;
      link.post({ type: 'gil-check', worker: me, gil: index, heldMs: held });
      const answer = await link.next();
      sliceStart = rec.now();
      return answer.type === 'gil-drop';
    },
    drop(reason) {
      // Half-steps keep the order exact: the arbiter grants the next integer only after this release arrives.
      rec.event(EventKind.GilDrop, index, grant + 0.5, reason);
      link.post({ type: 'gil-release', worker: me, gil: index, reason });
    },
  };
}
