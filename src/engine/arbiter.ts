import type { FromWorker, ToWorker } from './protocol.js';
import { EventKind, type TraceEvent } from './trace.js';

export type ArbiterRequest = Extract<FromWorker, { type: 'gil-request' | 'gil-check' | 'gil-release' }>;

export const isArbiterRequest = (m: FromWorker): m is ArbiterRequest => m.type === 'gil-request' || m.type === 'gil-check' || m.type === 'gil-release';

/**
 * The message fallback's GIL: the main thread grants it in request order and tells a holder that asks (once per
 * switch interval) to drop when someone is waiting. Grants are numbered, so the order is exact here too.
 * A different scheduler from CPython's, said on screen ("scheduling approximate"): strict FIFO, where CPython's
 * waiters time out and re-queue and a thread back from I/O can take a free GIL at once; a drop is decided when the
 * holder polls, once per interval, not by a waiter's timeout; every hand-off costs two message round trips.
 * It keeps the invariants (one holder at a time, slices of about an interval) but not who-gets-it or convoy timings.
 */
export class Arbiter {
  private holder = new Map<number, number>();
  private queue = new Map<number, number[]>();
  private seq = 0;

  constructor(
    private readonly send: (worker: number, message: ToWorker) => void,
    private readonly now: () => number,
    private readonly events: TraceEvent[],
  ) {}

  private grant(gil: number, worker: number) {
    this.holder.set(gil, worker);
    this.send(worker, { type: 'gil-granted', seq: ++this.seq });
  }

  handle(m: ArbiterRequest): void {
    const q = this.queue.get(m.gil) ?? [];
    this.queue.set(m.gil, q);
    if (m.type === 'gil-request') {
      if ((this.holder.get(m.gil) ?? -1) === -1) this.grant(m.gil, m.worker);
      else q.push(m.worker);
    } else if (m.type === 'gil-check') {
      if (q.length) this.events.push({ t: this.now(), worker: q[0]!, kind: EventKind.DropRequestSet, a: m.worker, b: m.gil, c: 0 });
      this.send(m.worker, q.length ? { type: 'gil-drop' } : { type: 'gil-continue' });
    } else {
      this.holder.set(m.gil, -1);
      const next = q.shift();
      if (next !== undefined) this.grant(m.gil, next);
    }
  }

  /** Lets every waiter go (it sees the run's cancel and stops). */
  cancel(): void {
    for (const q of this.queue.values()) for (const w of q.splice(0)) this.send(w, { type: 'gil-continue' });
  }
}
