import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BuildRequest {
  root: string;
  project?: string;
  slides: string;
  out: string;
}

/** What one build in the worker came to; `errors` are formatted `file:line:col` lines, shown over the page. */
export type BuildOutcome = { ok: true } | { ok: false; errors: string[]; cancelled?: true };

interface Running {
  worker: Worker;
  waiting: Map<number, (outcome: BuildOutcome) => void>;
  /** When the last build was sent. */
  since: number;
  cancelled: boolean;
  /** Child processes (esbuild) the worker has running: killed if it is terminated before it stops them. */
  children: Set<number>;
}

/**
 * The worker's side, run from source text so it needs no file of its own in the CLI bundle. It loads the CLI the way
 * build.mjs does (re-bundled when src/ changed), keeps one runtime bundler between builds, and answers each build
 * message with an outcome. `serve` starts a fresh worker after a source change, so new compiler code is picked up.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// esbuild runs as a child process. One spawned by this thread is reaped only while this thread runs: a thread that
// ends with it still alive leaves a zombie for the life of serve. So every child is tracked, stopped and awaited
// after each build (and its pid sent to serve, which kills it if this thread is terminated mid-build).
const childProcess = require('node:child_process');
const children = new Set();
const spawn = childProcess.spawn;
childProcess.spawn = function (...args) {
  const child = spawn.apply(this, args);
  if (child.pid !== undefined && child.exitCode === null) {
    children.add(child);
    parentPort.postMessage({ type: 'child', pid: child.pid });
    child.once('exit', () => {
      children.delete(child);
      parentPort.postMessage({ type: 'child-exit', pid: child.pid });
    });
  }
  return child;
};
async function stopChildren() {
  // The same module instance the CLI imports (ESM shares CommonJS modules through require's cache), so its
  // service forgets the stopped child and starts a new one when needed.
  try {
    await require(require.resolve('esbuild', { paths: [workerData.root] })).stop();
  } catch {}
  await Promise.all([...children].map((child) => new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill();
  })));
}
const loaded = import(workerData.entry).then(async ({ loadGildeck }) => {
  const cli = await loadGildeck();
  await stopChildren(); // a compile that is abandoned must find no esbuild process to leave behind
  return { cli, bundler: new cli.RuntimeBundler(workerData.root) };
});
parentPort.on('message', async (msg) => {
  if (msg.type === 'dispose') {
    const { bundler } = await loaded.catch(() => ({}));
    await bundler?.dispose().catch(() => undefined);
    await stopChildren();
    return parentPort.postMessage({ type: 'disposed' });
  }
  try {
    const { cli, bundler } = await loaded;
    const summary = await cli.buildDeck({ ...msg.request, bundler });
    // This worker bundles the runtime once (a source change starts a new worker), so esbuild is not kept: a worker
    // terminated during a later compile then leaves no esbuild process behind.
    await bundler.dispose();
    await stopChildren();
    cli.printSummary(summary, msg.request.out);
    const errors = summary.diagnostics.filter((d) => d.severity === 'error').map(cli.formatDiagnostic);
    parentPort.postMessage({ type: 'built', id: msg.id, outcome: summary.ok ? { ok: true } : { ok: false, errors } });
  } catch (e) {
    await stopChildren();
    // A UsageError is a message for the user, and an esbuild failure (a source file that does not parse) already
    // names file:line:col; anything else is a bug, so its stack is worth showing.
    const plain = e instanceof Error && (e.name === 'UsageError' || e.name === 'OutputError' || e.name === 'LoadError' || Array.isArray(e.errors));
    const text = e instanceof Error ? (plain ? e.message : (e.stack ?? e.message)) : String(e);
    console.error((plain ? 'error: ' : 'rebuild failed: ') + text);
    parentPort.postMessage({ type: 'built', id: msg.id, outcome: { ok: false, errors: [text] } });
  }
});
`;

type Reply = { type: 'built'; id: number; outcome: BuildOutcome } | { type: 'disposed' } | { type: 'child' | 'child-exit'; pid: number };

/**
 * Runs builds on a worker thread, so a slow compile never holds up serve's answers. One build at a time; a worker
 * that dies fails its build with a message and is replaced on the next one.
 */
export class BuildWorker {
  private current: Running | null = null;
  private nextId = 1;
  private stopped = false;

  constructor(private readonly root: string) {}

  build(request: BuildRequest): Promise<BuildOutcome> {
    // After stop, a build still queued must not start a worker that nothing would end.
    if (this.stopped) return Promise.resolve({ ok: false, errors: [], cancelled: true });
    const running = (this.current ??= this.start());
    const { worker, waiting } = running;
    const id = this.nextId++;
    running.since = performance.now();
    return new Promise((done) => {
      waiting.set(id, done);
      worker.postMessage({ type: 'build', id, request });
    });
  }

  /** Ends the current worker (after it finishes its build, or within `graceMs`); the next build starts a new one. */
  async restart(graceMs = 2000): Promise<void> {
    const running = this.current;
    this.current = null;
    if (running) await retire(running, graceMs);
  }

  /**
   * Abandons a build that has already run `afterMs` (a newer edit makes it moot, and a pathological slide should not
   * hold up its own fix): the worker is terminated and the build resolves as cancelled. Returns whether it did.
   */
  cancelSlow(afterMs: number): boolean {
    const running = this.current;
    if (!running || running.waiting.size === 0 || performance.now() - running.since < afterMs) return false;
    running.cancelled = true;
    this.current = null;
    // While esbuild runs the thread is free, so it is asked to stop its child first (the child of a terminated thread
    // is never reaped); a compile runs with no child, and is stopped at once.
    void (running.children.size ? retire(running, 2000) : terminate(running));
    return true;
  }

  /** Ends the worker for good: builds asked for later resolve as cancelled. */
  stop(graceMs?: number): Promise<void> {
    this.stopped = true;
    return this.restart(graceMs);
  }

  private start(): Running {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root: this.root, entry: pathToFileURL(join(this.root, 'build.mjs')).href } });
    const started: Running = { worker, waiting: new Map(), since: 0, cancelled: false, children: new Set() };
    worker.on('message', (m: Reply) => {
      if (m.type === 'child') started.children.add(m.pid);
      if (m.type === 'child-exit') started.children.delete(m.pid);
      if (m.type !== 'built') return;
      started.waiting.get(m.id)?.(started.cancelled ? { ok: false, errors: [], cancelled: true } : m.outcome);
      started.waiting.delete(m.id);
    });
    const fail = (why: string) => {
      if (this.current === started) this.current = null;
      for (const done of started.waiting.values()) {
        done(started.cancelled ? { ok: false, errors: [], cancelled: true } : { ok: false, errors: [`the build stopped: ${why}; save a file to build again`] });
      }
      started.waiting.clear();
    };
    worker.on('error', (e) => fail(e.stack ?? e.message));
    worker.on('exit', (code) => fail(`the build worker exited with code ${code}`));
    return started;
  }
}

/** Asks a worker to dispose of its bundler and child processes, then terminates it (after `graceMs` at the latest). */
async function retire(running: Running, graceMs: number): Promise<void> {
  const { worker } = running;
  const disposed = new Promise<void>((done) => {
    worker.on('message', (m: Reply) => m.type === 'disposed' && done());
    worker.once('exit', () => done());
  });
  worker.postMessage({ type: 'dispose' });
  const timer = setTimeout(() => void terminate(running), graceMs);
  await disposed;
  clearTimeout(timer);
  await terminate(running);
}

/** Terminates a worker and kills the child processes it had not stopped (they would outlive it). */
async function terminate(running: Running): Promise<void> {
  await running.worker.terminate();
  for (const pid of running.children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  running.children.clear();
}
