// The worker entry, bundled on its own (as text) so it starts from a Blob URL in the browser and with
// `eval: true` under Node's worker_threads. One worker = one Python thread, interpreter thread or process.
import { createKernel } from '../kernels.js';
import { BEAT_EVERY_MS, CTRL, type FromWorker, type ToWorker, type WorkerJob } from '../protocol.js';
import { RECORD, TraceBuffer } from '../trace.js';
import { type ArbiterLink, type GilClient, messageGilClient, sharedGilClient } from './gilClient.js';
import { type JobEnv, runJob } from './run.js';

interface Port {
  post(message: FromWorker, transfer?: Transferable[]): void;
  listen(handler: (message: ToWorker) => void): void;
}

declare const require: (id: string) => { parentPort: { postMessage(m: unknown, t?: unknown[]): void; on(e: 'message', h: (m: ToWorker) => void): void } };

function port(): Port {
  const g = globalThis as unknown as { postMessage?: (m: unknown, t?: Transferable[]) => void; addEventListener?: (t: string, h: (e: MessageEvent) => void) => void; importScripts?: unknown };
  if (typeof g.importScripts === 'function' && g.postMessage && g.addEventListener) {
    const post = g.postMessage.bind(g);
    const add = g.addEventListener.bind(g);
    return { post: (m, t) => post(m, t ?? []), listen: (h) => add('message', (e) => h(e.data as ToWorker)) };
  }
  const { parentPort } = require('node:worker_threads');
  return { post: (m, t) => parentPort.postMessage(m, t as unknown[]), listen: (h) => parentPort.on('message', h) };
}

const io = port();

/** Units of work per millisecond of this kernel on this device, after a warm-up so the JIT has settled. */
function calibrate(kernel: WorkerJob['kernel'], ms: number): number {
  const k = createKernel(kernel);
  let units = 1;
  // Long enough for the optimizing JIT to finish: a rate measured on half-warm code undersizes every run.
  const warmEnd = performance.now() + Math.min(100, ms);
  while (performance.now() < warmEnd) k.run(units);
  let done = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    k.run(units);
    done += units;
    t = performance.now();
    if (t - t0 < 1) units *= 2;
  }
  return done / (t - t0);
}

type Answer = Awaited<ReturnType<ArbiterLink['next']>>;
/** Answers from the message-fallback arbiter, handed to the one job awaiting them. */
const answers: Answer[] = [];
let waiting: ((a: Answer) => void) | null = null;
let cancelRequested = false;

io.listen((message) => {
  switch (message.type) {
    case 'calibrate':
      io.post({ type: 'calibrated', kernel: message.kernel, unitsPerMs: calibrate(message.kernel, message.ms) });
      return;
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
  // The GIL's waits read the clock at least every 20 ms: each read also counts as a beat.
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
  if (job.gil >= 0) gil = cells ? sharedGilClient(cells, job.gil, job.worker, job.switchIntervalMs, rec) : messageGilClient(link, job.gil, job.worker, job.switchIntervalMs, rec);
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
