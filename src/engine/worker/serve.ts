// What a worker does with each message from the main thread, over any port: the worker entry (main.ts) serves its
// global scope; tests serve one end of a MessageChannel in the same thread (see channelHost.ts).
import { createKernel, type Kernel } from '../kernels.js';
import { BEAT_EVERY_MS, CTRL, type FromWorker, type ToWorker, type WorkerJob } from '../protocol.js';
import { RECORD, TraceBuffer } from '../trace.js';
import { calibrateFutexCall } from '../condvar.js';
import { type ArbiterLink, type GilClient, messageGilClient, sharedGilClient } from './gilClient.js';
import { clockStep, peakRate, spin, warmUntilSteady, windowFor, windowRates } from './calibrate.js';
import { type JobEnv, runJob } from './run.js';

/** The worker's end of the main-thread <-> worker contract. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: Transferable[]): void;
  listen(handler: (message: ToWorker) => void): void;
}

const clock = () => performance.now();
let windowMs: number | null = null;

/**
 * Serves one worker over `io`: answers warm-ups, calibrations, spins and probes, runs jobs, and says `ready`.
 * Returns how to stop it (a job in progress stops at its next cancel check).
 */
export function serveWorker(io: WorkerPort): { stop(): void } {
  windowMs ??= windowFor(clockStep(clock));
  const window = windowMs;
  /** One kernel per workload for warm-up, calibration and probes, with the slice size it has settled on. */
  const kernels = new Map<WorkerJob['kernel'], { kernel: Kernel; state: { slice: number } }>();
  const kernelFor = (w: WorkerJob['kernel']) => kernels.get(w) ?? kernels.set(w, { kernel: createKernel(w), state: { slice: 1 } }).get(w)!;

  type Answer = Awaited<ReturnType<ArbiterLink['next']>>;
  /** Answers from the message-fallback arbiter, handed to the one job awaiting them. */
  const answers: Answer[] = [];
  let waiting: ((a: Answer) => void) | null = null;
  let cancelRequested = false;
  let stopped = false;

  io.listen((message) => {
    if (stopped) return;
    switch (message.type) {
      case 'warm': {
        const { kernel, state } = kernelFor(message.kernel);
        const r = warmUntilSteady(kernel, clock, { ...message, windowMs: window }, state);
        io.post({ type: 'warmed', kernel: message.kernel, steady: r.steady, ms: r.ms, unitsPerMs: r.rates[r.rates.length - 1]! });
        return;
      }
      case 'calibrate': {
        const { kernel, state } = kernelFor(message.kernel);
        const windows = windowRates(kernel, clock, message.ms, window, state);
        io.post({ type: 'calibrated', kernel: message.kernel, unitsPerMs: peakRate(windows), windows });
        return;
      }
      case 'spin': {
        const { kernel, state } = kernelFor(message.kernel);
        io.post({ type: 'spun', kernel: message.kernel, ...spin(kernel, clock, message.ms, state.slice) });
        return;
      }
      case 'run':
        void start(message.job);
        return;
      case 'probe': {
        // Use the data the way the receiver must: unpickle a copy; read a transferred or shared buffer.
        const d = message.data;
        const checksum = typeof d === 'string' ? (JSON.parse(d) as number[]).length : new Uint8Array(d)[d.byteLength - 1]! + d.byteLength;
        io.post({ type: 'probed', checksum });
        return;
      }
      case 'cancel':
        cancelRequested = true;
        return;
      default: {
        if (waiting) {
          const w = waiting;
          waiting = null;
          w(message);
        } else answers.push(message);
      }
    }
  });

  async function start(job: WorkerJob): Promise<void> {
    cancelRequested = false;
    const offset = performance.timeOrigin - job.origin;
    const now = () => offset + performance.now();
    const cells = job.control ? new Int32Array(job.control) : null;
    // Shared memory: the main thread reads the ring as it fills. Fallback: a private ring, flushed in batches.
    const trace = job.trace ? new TraceBuffer(job.trace) : TraceBuffer.create(1 << 16, false);
    let flushed = 0;
    const flush = () => {
      if (job.trace) return;
      const written = trace.written;
      if (written === flushed) return;
      const records = new Float64Array(RECORD * (written - flushed));
      for (let i = flushed; i < written; i++) records.set(trace.records.subarray((i % trace.capacity) * RECORD, (i % trace.capacity + 1) * RECORD), (i - flushed) * RECORD);
      flushed = written;
      io.post({ type: 'trace', worker: job.worker, records }, [records.buffer]);
    };
    if (job.traceOff) trace.push = () => undefined;
    // The heartbeat: at most every BEAT_EVERY_MS, a bump of this worker's shared counter, or a message.
    let lastBeat = -Infinity;
    const alive = () => {
      const t = performance.now();
      if (t - lastBeat < BEAT_EVERY_MS) return;
      lastBeat = t;
      if (cells) Atomics.add(cells, CTRL.BEAT + job.worker, 1);
      else io.post({ type: 'beat', worker: job.worker });
    };
    // Without shared memory a worker waiting for the arbiter or a timer is idle in its event loop: beat from a timer.
    const beating = cells ? null : setInterval(alive, BEAT_EVERY_MS);
    // The GIL's waits read the clock at least once a switch interval (<= 100 ms): each read also counts as a beat.
    const rec = {
      now: () => {
        alive();
        return now();
      },
      event: (kind: number, a = 0, b = 0, c = 0) => trace.push(now(), kind, a, b, c),
    };
    const link: ArbiterLink = {
      // Flush before every GIL message: a thread about to wait would otherwise sit on events the page must draw.
      post: (m) => {
        flush();
        io.post(m);
      },
      next: () => new Promise((resolve) => (answers.length ? resolve(answers.shift()!) : (waiting = resolve))),
    };
    let gil: GilClient | null = null;
    if (job.gil >= 0) gil = cells ? sharedGilClient(cells, job.gil, job.worker, job.switchIntervalMs, job.checkMs, rec) : messageGilClient(link, job.gil, job.worker, job.switchIntervalMs, rec);
    const env: JobEnv = {
      cells,
      trace,
      gil,
      now,
      sleep: cells
        ? (ms) => {
            // In pieces, beating between them: an I/O wait may last seconds.
            const end = performance.now() + ms;
            for (let left = ms; left > 0 && Atomics.load(cells, CTRL.CANCEL) === 0; left = end - performance.now()) {
              Atomics.wait(cells, CTRL.CANCEL, 0, Math.min(left, BEAT_EVERY_MS));
              alive();
            }
          }
        : (ms) => new Promise<void>((r) => setTimeout(r, ms)),
      ...(job.trace ? {} : { tick: flush }),
      cancelled: () => {
        alive();
        return cells ? Atomics.load(cells, CTRL.CANCEL) !== 0 : cancelRequested;
      },
    };
    try {
      const result = await runJob(job, env);
      flush();
      io.post({ type: 'done', worker: job.worker, result, cancelled: env.cancelled() });
    } catch (e) {
      flush();
      const err = e instanceof Error ? e : new Error(String(e));
      io.post({ type: 'error', worker: job.worker, message: err.message, ...(err.stack ? { stack: err.stack } : {}) });
    } finally {
      if (beating !== null) clearInterval(beating);
    }
  }

  io.post({ type: 'ready' });
  // What a modelled futex call spins (condvar.ts), a few ms once per thread: after `ready`, so a worker's start
  // costs what it costs, and before any job, whose message waits behind it.
  setTimeout(() => calibrateFutexCall(clock, window), 0);
  return {
    stop() {
      stopped = true;
      cancelRequested = true;
      // A job awaiting the arbiter gets an answer that lets it see the cancel and end.
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ type: 'gil-continue' });
      }
    },
  };
}
