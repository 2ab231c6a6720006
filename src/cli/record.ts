import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { forcedSlicesMs, gilHolds, handoffsUs } from '../engine/analysis.js';
import { toChromeTrace } from '../engine/chromeTrace.js';
import { STRATEGY_NAMES, WORKLOADS } from '../engine/index.js';
import { checkPython, PythonError, type RecordRequest, recorderPath, runRecorder } from '../recorder/python.js';
import { interpreterLabel, recordedRun, recordedWhere, recordingLabel } from '../recorder/recording.js';
import { parseRecording, RECORDING_FORMAT, RecordingError } from '../recorder/read.js';
import { median } from '../stats.js';
import { pythonFigures } from '../widgets/compare/model.js';
import { formatMeasured } from '../widgets/speedup/model.js';
import { UsageError } from './deckFiles.js';
import { checkChoice } from './trace.js';

export const START_METHODS = ['fork', 'forkserver', 'spawn'] as const;

/** The recorder's request (without `flushMs`: a recording written to a file is written at the end), and where. */
export interface RecordOptions extends Omit<RecordRequest, 'flushMs'> {
  root: string;
  python: string;
  out: string;
  chrome?: string;
}

/** An existing file at `path` that gildeck did not write is never replaced. */
async function mayReplace(path: string, isOurs: (text: string) => boolean, what: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (text !== null && !isOurs(text)) throw new UsageError(`${path} exists and is not ${what} gildeck wrote: choose another --out (gildeck never replaces a file it did not create)`);
}

/** Writes beside the target, then renames: a crash leaves the previous file whole. */
async function writeWhole(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    // `--out assets/traces/x.jsonl` in a project that has no assets/traces yet (a starter talk's).
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, text);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

const isRecording = (text: string) => text.slice(0, 200).includes(`"format":"${RECORDING_FORMAT}"`);
const isChromeTrace = (text: string) => /"generator":\s*"gildeck"/.test(text.slice(-2000)) || /"generator":\s*"gildeck"/.test(text);

/**
 * Runs the recorder under `--python` and writes its recording (and, with --chrome, a Chrome trace for Perfetto).
 * The recorder writes everything at the end of its run (nothing it does during the run disturbs it). A bad
 * interpreter, a too-old Python or a strategy it cannot run: one line, nothing written.
 */
export async function recordCommand(o: RecordOptions): Promise<void> {
  const strategy = checkChoice('strategy', o.strategy, STRATEGY_NAMES);
  const workload = checkChoice('workload', o.workload, WORKLOADS);
  if (o.startMethod !== undefined) checkChoice('start-method', o.startMethod, START_METHODS);
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) throw new UsageError('--workers must be a whole number from 1 to 64');
  if (!(o.seconds > 0 && o.seconds <= 600)) throw new UsageError('--seconds must be more than 0 and at most 600');
  if (!(o.switchIntervalMs > 0 && o.switchIntervalMs <= 1000)) throw new UsageError('--switch-interval must be a number of milliseconds, more than 0 and at most 1000');
  if (!(o.ioWaitMs >= 0) || !Number.isFinite(o.ioWaitMs)) throw new UsageError('--io-wait must be a number of milliseconds, 0 or more (e.g. --io-wait 1)');
  if (!o.out.endsWith('.json') && !o.out.endsWith('.jsonl')) throw new UsageError(`--out ${o.out}: a recording is JSON lines; name it .jsonl (e.g. --out assets/traces/threads-2.jsonl)`);
  await mayReplace(o.out, isRecording, 'a recording');
  if (o.chrome) await mayReplace(o.chrome, isChromeTrace, 'a Chrome trace');
  if (o.speedups && o.chrome) throw new UsageError('--chrome writes one run; --speedups records timed pairs: leave one of them out');
  if (o.speedups && !(Number.isInteger(o.speedups.pairs) && o.speedups.pairs >= 2 && o.speedups.pairs <= 50)) throw new UsageError('--pairs must be a whole number from 2 to 50');

  try {
    const version = await checkPython(o.python);
    const lines: string[] = [];
    console.log(o.speedups ? `timing speedups (${o.speedups.pairs} pairs each, 2 workers, primes) under ${o.python} (Python ${version})...` : `recording ${strategy}, ${o.workers} workers, ${workload} under ${o.python} (Python ${version})...`);
    const run = runRecorder(o.python, recorderPath(o.root), { ...o, strategy, workload, flushMs: 0 }, (l) => lines.push(l), o.speedups ? o.seconds * o.speedups.pairs * 2 * 6 + 60 : undefined);
    // Ctrl-C stops the run; the recorder still ends its recording, which is then written.
    const onInt = () => run.stop();
    process.once('SIGINT', onInt);
    try {
      await run.done;
    } finally {
      process.off('SIGINT', onInt);
    }
    const text = lines.join('\n') + '\n';
    const recording = parseRecording(text);
    await writeWhole(o.out, text);
    if (o.speedups) {
      const figures = pythonFigures(interpreterLabel(recording.header), recordedWhere(recording.header), recording.pairs);
      console.log(`${figures.interpreter}, ${figures.label}`);
      for (const [column, m] of Object.entries(figures.speedups)) console.log(`  ${column.padEnd(16)} ${formatMeasured(m)}${m.verdict === 'noisy' ? ' (noisy: the machine was busy?)' : ''}`);
      console.log(`wrote ${o.out} (the compare table shows it with python=${o.out})`);
      return;
    }
    const result = recordedRun(recording);
    const slices = forcedSlicesMs(result.events);
    const handoffs = handoffsUs(result.events);
    console.log(`${recordingLabel(recording.header, recording.end)}: ${result.wallMs.toFixed(0)} ms wall, ${recording.spans.length} spans`);
    // A hand-off shorter than a chunk is below what the recorder can place: said so, not shown as a figure.
    const resolutionUs = recording.header.resolutionUs ?? recording.header.chunkUs ?? 0;
    const handoff = !handoffs.length ? '-' : median(handoffs) < resolutionUs ? `under the recorder's resolution (${resolutionUs.toFixed(0)} us)` : `p50 ${median(handoffs).toFixed(0)} us`;
    if (gilHolds(result.events).length) console.log(`GIL: ${slices.length} forced switches, slice p50 ${slices.length ? median(slices).toFixed(2) : '-'} ms, hand-off ${handoff}`);
    console.log(`wrote ${o.out}`);
    if (o.chrome) {
      await writeWhole(o.chrome, JSON.stringify(toChromeTrace(result)));
      console.log(`wrote ${o.chrome} (open it at ui.perfetto.dev)`);
    }
  } catch (e) {
    if (e instanceof PythonError) throw new UsageError(e.message);
    if (e instanceof RecordingError) throw new UsageError(`the recorder wrote an unreadable recording (line ${e.line}): ${e.message}`);
    throw e;
  }
}
