import { BEAT_EVERY_MS, DEAD_AFTER_MS } from './protocol.js';

/** A worker of a run stopped answering: it hung, or it was ended without an error event (as browsers may). */
export class WorkerUnresponsive extends Error {
  override name = 'WorkerUnresponsive';
  constructor(
    readonly worker: number,
    silentMs: number,
  ) {
    super(`worker ${worker} stopped answering (no heartbeat for ${(silentMs / 1000).toFixed(1)} s: it hung or was ended); the run was stopped`);
  }
}

/**
 * Which worker of a run has gone silent. Fed with beats (a message, or a change of the worker's shared counter)
 * and checked every BEAT_EVERY_MS; a worker is dead after `deadAfterMs` without a beat. If the checks themselves
 * came late (the main thread was busy, or the tab throttled), every worker gets a fresh window: silence the checker
 * did not watch proves nothing.
 */
export class HeartbeatMonitor {
  private readonly seen: number[];
  private readonly counts: number[];
  private readonly finished = new Set<number>();
  private lastCheck: number;

  constructor(
    workers: number,
    now: number,
    private readonly deadAfterMs = DEAD_AFTER_MS,
    private readonly lateAfterMs = 4 * BEAT_EVERY_MS,
  ) {
    this.seen = Array.from({ length: workers }, () => now);
    this.counts = Array.from({ length: workers }, () => 0);
    this.lastCheck = now;
  }

  beat(worker: number, now: number): void {
    this.seen[worker] = now;
  }

  /** A worker that finished its job has nothing left to beat for. */
  finish(worker: number): void {
    this.finished.add(worker);
  }

  /** The first silent worker and for how long, or null. `count` reads a worker's shared beat counter, if any. */
  check(now: number, count?: (worker: number) => number): { worker: number; silentMs: number } | null {
    const late = now - this.lastCheck > this.lateAfterMs;
    this.lastCheck = now;
    for (let w = 0; w < this.seen.length; w++) {
      if (count) {
        const c = count(w);
        if (c !== this.counts[w]) {
          this.counts[w] = c;
          this.seen[w] = now;
        }
      }
      if (late) this.seen[w] = now;
    }
    for (let w = 0; w < this.seen.length; w++) {
      if (this.finished.has(w)) continue;
      const silentMs = now - this.seen[w]!;
      if (silentMs > this.deadAfterMs) return { worker: w, silentMs };
    }
    return null;
  }
}
