/**
 * Running the recorder under a chosen Python: finding it, checking it can, and reading what it writes as it goes.
 * Node only (the CLI's `record` and the dev server's live CPython runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The recorder script of the gildeck installed at `root` (it is shipped as source: no build step, no pip). */
export function recorderPath(root: string): string {
  const p = join(root, 'src', 'recorder', 'gildeck_recorder.py');
  if (!existsSync(p)) throw new PythonError(`gildeck_recorder.py is missing from ${root}/src/recorder: reinstall gildeck`);
  return p;
}

export const MIN_PYTHON: readonly [number, number] = [3, 9];

/** A problem with the interpreter or the request, said in one line. */
export class PythonError extends Error {
  override name = 'PythonError';
}

/** What the recorder is asked to run: its command-line options. */
export interface RecordRequest {
  strategy: string;
  workers: number;
  workload: string;
  seconds: number;
  switchIntervalMs: number;
  startMethod?: string;
  ioWaitMs: number;
  /** How often the recorder writes threads' lines (0: once, at the end: the run is not disturbed). */
  flushMs: number;
  /** Instead of one run: timed pairs of each strategy this Python has against sequential (`pairs` each). */
  speedups?: { pairs: number };
  /** The presenter's own function, FILE.py:NAME, called over and over instead of the workload's kernel. */
  function?: string;
}

/** The interpreter's version, or a one-line reason it cannot record. */
export function checkPython(python: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let child: ChildProcess;
    try {
      child = spawn(python, ['-c', 'import sys, platform; print("%d.%d %s" % (sys.version_info[0], sys.version_info[1], platform.python_version()))'], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (e) {
      return reject(new PythonError(`--python ${python}: cannot start it (${(e as Error).message})`));
    }
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new PythonError(e.code === 'ENOENT' ? `--python ${python}: no such interpreter (give a path or a name on PATH, e.g. --python python3)` : `--python ${python}: cannot start it (${e.message})`)),
    );
    child.on('close', (code) => {
      const m = /^(\d+)\.(\d+) (\S+)/.exec(out.trim());
      if (code !== 0 || !m) return reject(new PythonError(`--python ${python}: not a Python interpreter (it did not report a version)`));
      const [major, minor] = [Number(m[1]), Number(m[2])];
      if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
        return reject(new PythonError(`--python ${python}: Python ${m[3]} is too old; the recorder needs ${MIN_PYTHON.join('.')} or newer`));
      }
      resolve(m[3]!);
    });
  });
}

export function recorderArgs(script: string, r: RecordRequest): string[] {
  return [
    script,
    '--strategy', r.strategy,
    '--workers', String(r.workers),
    '--workload', r.workload,
    '--seconds', String(r.seconds),
    '--switch-interval', String(r.switchIntervalMs),
    '--io-wait', String(r.ioWaitMs),
    '--flush-ms', String(r.flushMs),
    ...(r.startMethod ? ['--start-method', r.startMethod] : []),
    ...(r.speedups ? ['--speedups', '--pairs', String(r.speedups.pairs)] : []),
    ...(r.function ? ['--function', r.function] : []),
  ];
}

/** A recorder running: its lines as they come, its end, and a way to stop it (SIGINT: it still ends its trace). */
export interface RecorderRun {
  readonly done: Promise<void>;
  stop(): void;
  kill(): void;
  readonly pid: number | undefined;
}

/**
 * Starts the recorder; `onLine` gets each complete line as written. `done` resolves when it exits 0 and rejects
 * with its one-line message otherwise (the recorder says what this interpreter cannot do on stderr, exit 2).
 */
export function runRecorder(python: string, script: string, r: RecordRequest, onLine: (line: string) => void, maxSeconds = r.seconds * 4 + 30): RecorderRun {
  const child = spawn(python, ['-u', ...recorderArgs(script, r)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let rest = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    const text = rest + d.toString();
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const l of lines) if (l.trim()) onLine(l);
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // A run that outlives its bound is asked to stop, then killed.
  const guard = setTimeout(() => {
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  }, maxSeconds * 1000);
  guard.unref();
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e) => reject(new PythonError(`--python ${python}: cannot start it (${e.message})`)));
    child.on('close', (code, sig) => {
      clearTimeout(guard);
      if (rest.trim()) onLine(rest);
      if (code === 0) return resolve();
      const said = err.trim().split('\n').filter(Boolean);
      // argparse and the recorder's own checks say one line; anything else is a crash, summarised.
      const last = said[said.length - 1] ?? '';
      reject(new PythonError(code === 2 && last ? last.replace(/^gildeck_recorder\.py: error: /, '') : `the recorder stopped (${sig ?? `exit ${code}`})${last ? `: ${last}` : ''}`));
    });
  });
  return { done, stop: () => void child.kill('SIGINT'), kill: () => void child.kill('SIGKILL'), pid: child.pid };
}
