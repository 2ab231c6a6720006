// Stopping engine work: every call that does work takes an optional AbortSignal and, once it aborts, rejects with
// `Cancelled`, an Error named 'AbortError' as fetch rejects, so callers tell a stop from a failure by its name.

/** What an engine call rejects with when it was stopped: by its signal, or by cancelling its run. */
export class Cancelled extends Error {
  override name = 'AbortError';
  constructor(reason?: unknown) {
    super('cancelled', reason === undefined ? undefined : { cause: reason });
  }
}

/** Whether an error means "stopped on purpose" (ours, a DOMException from `signal.throwIfAborted()`, or fetch's). */
export const isAbortError = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Cancelled(signal.reason);
}

/** Calls `handler` once when the signal aborts (at once if it already has); returns how to stop listening. */
export function onAbort(signal: AbortSignal | undefined, handler: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    handler();
    return () => undefined;
  }
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}

/** `work`, or a `Cancelled` rejection as soon as the signal aborts, whichever comes first. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(new Cancelled(signal.reason)));
    work.then(
      (v) => (stop(), resolve(v)),
      (e) => (stop(), reject(e)),
    );
  });
}

/**
 * A signal that aborts when any of `signals` does (AbortSignal.any, which older browsers lack); `release` stops
 * listening to them once the work is over, so a long-lived signal does not collect one listener per run.
 */
export function anySignal(...signals: Array<AbortSignal | undefined>): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const stops = signals.map((s) => onAbort(s, () => controller.abort(s!.reason)));
  return { signal: controller.signal, release: () => stops.forEach((stop) => stop()) };
}

/**
 * Work several callers wait on (one calibration per kernel): each joins with its own signal and stops waiting when
 * it aborts; the work itself is aborted only once every caller that joined has aborted (a caller without a signal
 * keeps it going).
 */
export class SharedWork<T> {
  private readonly controller = new AbortController();
  private waiting = 0;
  readonly promise: Promise<T>;

  constructor(start: (signal: AbortSignal) => Promise<T>) {
    this.promise = start(this.controller.signal);
    this.promise.catch(() => undefined);
  }

  /** Already settled work, e.g. a rate just measured. */
  static of<T>(value: T): SharedWork<T> {
    return new SharedWork(() => Promise.resolve(value));
  }

  /** Every caller aborted, so the work was stopped: a new caller must start it again. */
  get abandoned(): boolean {
    return this.controller.signal.aborted;
  }

  join(signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal);
    this.waiting++;
    if (!signal) return this.promise;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      if (--this.waiting === 0) this.controller.abort(signal.reason);
    };
    const stop = onAbort(signal, leave);
    void this.promise.then(stop, stop);
    return raceAbort(this.promise, signal);
  }
}
