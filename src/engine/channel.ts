// Request and reply with one worker: a started worker with its listeners, and `expect`, which waits for the
// worker's next matching message and rejects when the worker dies, stays silent too long, or the caller aborts.
import { Cancelled, onAbort } from './abort.js';
import type { EngineWorker } from './host.js';
import type { CpuWorkload } from './kernels.js';
import { DEAD_AFTER_MS, type FromWorker, type ToWorker } from './protocol.js';

/** A started worker, the listeners of what it says, and whether it died. */
export interface Slot {
  worker: EngineWorker;
  handlers: Set<(m: FromWorker) => void>;
  dead: Error | null;
  deathHandlers: Set<(e: Error) => void>;
  /** Kernels this worker has run until its rate was steady. */
  warm: Set<CpuWorkload>;
}

export function openSlot(worker: EngineWorker, onDeath: (slot: Slot, e: Error) => void): Slot {
  const slot: Slot = { worker, handlers: new Set(), dead: null, deathHandlers: new Set(), warm: new Set() };
  worker.onMessage((m) => {
    for (const h of slot.handlers) h(m);
  });
  worker.onError((e) => {
    slot.dead = e;
    onDeath(slot, e);
    for (const h of slot.deathHandlers) h(e);
  });
  return slot;
}

/** How long a worker may take to start or answer before the caller gets an error. */
export const EXPECT_TIMEOUT_MS = 15_000;

/**
 * A warm-up, calibration or spin runs synchronously in the worker for a bounded wall time, so it cannot beat; a
 * worker that vanished meanwhile is noticed once that bound (plus the heartbeat's own grace) has passed, not after
 * the generic answer timeout.
 */
export function answerWithinMs(message: ToWorker): number {
  switch (message.type) {
    case 'warm':
      return message.maxMs + DEAD_AFTER_MS;
    case 'calibrate':
    case 'spin':
      return message.ms + DEAD_AFTER_MS;
    default:
      return EXPECT_TIMEOUT_MS;
  }
}

export interface ExpectOptions {
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

/** The slot's next message that `match`es; rejects if the worker dies, stays silent past the timeout, or `signal` aborts. */
export function expect<T extends FromWorker>(slot: Slot, match: (m: FromWorker) => m is T, options?: ExpectOptions): Promise<T>;
export function expect(slot: Slot, match: (m: FromWorker) => boolean, options?: ExpectOptions): Promise<FromWorker>;
export function expect(slot: Slot, match: (m: FromWorker) => boolean, { timeoutMs = EXPECT_TIMEOUT_MS, signal }: ExpectOptions = {}): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    if (slot.dead) return reject(slot.dead);
    if (signal?.aborted) return reject(new Cancelled(signal.reason));
    let stopListening = () => undefined as void;
    // A worker that dies without an error event must not leave a caller waiting forever.
    const timer = setTimeout(() => {
      done();
      reject(new Error(`a worker stopped answering (no answer within ${(timeoutMs / 1000).toFixed(1)} s: it hung or was ended)`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      slot.handlers.delete(onMessage);
      slot.deathHandlers.delete(onDeath);
      stopListening();
    };
    const onDeath = (e: Error) => {
      done();
      reject(e);
    };
    const onMessage = (m: FromWorker) => {
      if (!match(m)) return;
      done();
      resolve(m);
    };
    slot.handlers.add(onMessage);
    slot.deathHandlers.add(onDeath);
    stopListening = onAbort(signal, () => {
      done();
      reject(new Cancelled(signal!.reason));
    });
  });
}
