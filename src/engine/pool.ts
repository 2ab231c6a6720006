// The engine's workers: started on demand or ahead (as `multiprocessing.Pool(n)` does), lent to one job at a time,
// and terminated whenever their state is unknown (a failed start, a stopped request, a dead peer).
import { throwIfAborted } from './abort.js';
import { answerWithinMs, expect, openSlot, type Slot } from './channel.js';
import type { WorkerHost } from './host.js';
import type { CpuWorkload } from './kernels.js';
import type { FromWorker, ToWorker } from './protocol.js';

export class WorkerPool {
  private idle: Slot[] = [];
  private live = new Set<Slot>();

  constructor(readonly host: WorkerHost) {}

  /** Workers currently alive (started and not terminated). */
  get alive(): number {
    return this.live.size;
  }

  get idleCount(): number {
    return this.idle.length;
  }

  /** Idle workers that have already run `kernel` until steady. */
  warmIdle(kernel: CpuWorkload): number {
    return this.idle.filter((s) => s.warm.has(kernel)).length;
  }

  private async spawn(signal?: AbortSignal): Promise<Slot> {
    const slot = openSlot(this.host.spawn(), (dead) => {
      this.live.delete(dead);
      // A worker that died while idle must not be handed to the next job.
      this.idle = this.idle.filter((i) => i !== dead);
    });
    this.live.add(slot);
    try {
      await expect(slot, (m) => m.type === 'ready', { signal });
    } catch (e) {
      await this.kill([slot]);
      throw e;
    }
    return slot;
  }

  /** Starts n workers; if any fails (or the signal aborts), the others are terminated too, so nothing leaks. */
  async spawnMany(n: number, signal?: AbortSignal): Promise<Slot[]> {
    throwIfAborted(signal);
    const started = await Promise.allSettled(Array.from({ length: n }, () => this.spawn(signal)));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (failed) {
      await this.kill(ok);
      throw failed.reason;
    }
    return ok;
  }

  /** n workers for a job: fresh ones, or idle ones first (warmest first) and new ones for the rest. */
  async take(n: number, fresh: boolean, signal?: AbortSignal): Promise<Slot[]> {
    throwIfAborted(signal);
    if (fresh) return this.spawnMany(n, signal);
    const out = this.idle.splice(0, n);
    try {
      return [...out, ...(await this.spawnMany(n - out.length, signal))];
    } catch (e) {
      await this.kill(out);
      throw e;
    }
  }

  /** Starts workers until `n` are idle; returns how long that took. */
  async fill(n: number, signal?: AbortSignal): Promise<number> {
    const t0 = performance.now();
    const missing = Math.max(0, n - this.idle.length);
    // Read `this.idle` only after the spawns: releaseIdle() may replace it meanwhile.
    const fresh = await this.spawnMany(missing, signal);
    this.idle.push(...fresh);
    return performance.now() - t0;
  }

  /** Returns workers to the idle pool, those warm for more kernels first (the next job takes those). */
  release(slots: Slot[]): void {
    for (const s of slots) if (!s.dead && this.live.has(s)) this.idle.push(s);
    this.idle.sort((a, b) => b.warm.size - a.warm.size);
  }

  async kill(slots: Iterable<Slot>): Promise<void> {
    await Promise.all(
      [...slots].map(async (s) => {
        this.live.delete(s);
        this.idle = this.idle.filter((i) => i !== s);
        await s.worker.terminate();
      }),
    );
  }

  /**
   * Asks each slot, then waits for every answer. If one fails or `signal` aborts first, every asked worker is
   * terminated: one busy in a warm-up or probe loop cannot read a cancel message, and one that stopped answering
   * is in an unknown state.
   */
  async ask<T extends FromWorker>(slots: Slot[], message: ToWorker, match: (m: FromWorker) => m is T, signal?: AbortSignal, timeoutMs = answerWithinMs(message)): Promise<T[]> {
    throwIfAborted(signal);
    const answers = Promise.all(slots.map((slot) => expect(slot, match, { timeoutMs, signal })));
    for (const slot of slots) slot.worker.post(message);
    try {
      return await answers;
    } catch (e) {
      await this.kill(slots);
      throw e;
    }
  }

  /** Terminates the idle pool (workers lent to a job are left alone). */
  async releaseIdle(): Promise<void> {
    const idle = this.idle;
    this.idle = [];
    await this.kill(idle);
  }

  /** Terminates every worker. */
  async dispose(): Promise<void> {
    await this.kill([...this.live]);
    this.idle = [];
  }
}
