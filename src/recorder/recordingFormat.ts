/**
 * The recording format (what gildeck_recorder.py writes, one JSON object per line), checked line by line with
 * positioned errors. The build, the CLI and the dev server check recordings here; the page reads only what they
 * checked (recording.ts), so the checker stays out of the page's bundle.
 */
import * as z from 'zod/mini';
import { STRATEGIES, type Strategy } from '../engine/strategies.js';
import { WORKLOADS } from '../engine/names.js';

export const RECORDING_FORMAT = 'gildeck-recording';
export const RECORDING_VERSION = 1;

const header = z.object({
  type: z.literal('header'),
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  python: z.string(),
  implementation: z.string(),
  build: z.enum(['gil', 'free-threaded']),
  gil: z.boolean(),
  platform: z.string(),
  system: z.string(),
  cores: z.number().check(z.int(), z.positive()),
  switchIntervalMs: z.number().check(z.positive()),
  startMethod: z.nullable(z.string()),
  strategy: z.enum(Object.keys(STRATEGIES) as [Strategy, ...Strategy[]]),
  workers: z.number().check(z.int(), z.positive()),
  /** One of the deck's kernels, or `function`: the presenter's own (`function` says which, FILE.py:NAME). */
  workload: z.enum([...WORKLOADS, 'function']),
  function: z.optional(z.string()),
  unit: z.optional(z.nullable(z.string())),
  chunkUs: z.optional(z.nullable(z.number())),
  /** How far apart two holders may seem to overlap: a chunk plus the shortest time off the CPU that is seen. */
  resolutionUs: z.optional(z.number()),
  ioWaitMs: z.nullable(z.number()),
  seconds: z.number(),
  startedAt: z.string(),
  /** `run`: what each worker did (spans); `speedups`: timed pairs against sequential runs (record --speedups). */
  kind: z.optional(z.enum(['run', 'speedups'])),
});
const worker = z.object({ type: z.literal('worker'), worker: z.number().check(z.int(), z.nonnegative()), pid: z.number(), tid: z.number(), interp: z.number() });
export const SPAN_STATES = ['running', 'gil-wait', 'preempted', 'waiting', 'io'] as const;
const span = z.object({ type: z.literal('span'), worker: z.number().check(z.int(), z.nonnegative()), state: z.enum(SPAN_STATES), start: z.number(), end: z.number() });
const progress = z.object({ type: z.literal('progress'), worker: z.number().check(z.int(), z.nonnegative()), t: z.number(), units: z.number() });
const workerEnd = z.object({ type: z.literal('worker-end'), worker: z.number(), units: z.number(), runQueueMs: z.nullable(z.number()), full: z.boolean() });
const pair = z.object({ type: z.literal('pair'), strategy: z.enum(Object.keys(STRATEGIES) as [Strategy, ...Strategy[]]), workers: z.number().check(z.int(), z.positive()), seqMs: z.number().check(z.positive()), wallMs: z.number().check(z.positive()) });
const end = z.object({ type: z.literal('end'), wallMs: z.number(), gilAtStart: z.boolean(), gilAtEnd: z.boolean(), interrupted: z.boolean() });

export type RecordingHeader = z.infer<typeof header>;
/** One line of a recording, as checked. */
export type CheckedLine = z.infer<typeof LINE>;
/** A problem in a recording, at its line and column (1-based), with what to do about it. */
export class RecordingError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

const LINE = z.discriminatedUnion('type', [header, worker, span, progress, workerEnd, pair, end]);

/**
 * A recording's JSON lines, each checked; the first bad one is reported with its position. (`parseRecording` in
 * read.ts makes them a recording; the page reads lines checked here, without this checker.)
 */
export function checkRecording(text: string): CheckedLine[] {
  const checked: CheckedLine[] = [];
  let head: RecordingHeader | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new RecordingError(i + 1, 1, `not a JSON line (${(e as Error).message}): a recording is what gildeck_recorder.py writes, one JSON object per line`);
    }
    const parsed = LINE.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? ` at "${issue.path.join('.')}"` : '';
      throw new RecordingError(i + 1, 1, `not a gildeck recording line${where}: ${issue.message}${i === 0 ? ` (a recording starts with a "header" line of format "${RECORDING_FORMAT}" version ${RECORDING_VERSION}; record one with \`node build.mjs record\`)` : ''}`);
    }
    const v = parsed.data;
    if (v.type === 'header') {
      if (i !== 0 || head) throw new RecordingError(i + 1, 1, 'a recording has one header, on its first line');
      head = v;
    } else if (!head) throw new RecordingError(i + 1, 1, `the first line must be the header (format "${RECORDING_FORMAT}"), not "${v.type}"`);
    else {
      const h: RecordingHeader = head;
      if ((v.type === 'worker' || v.type === 'span' || v.type === 'progress') && v.worker >= h.workers) throw new RecordingError(i + 1, 1, `worker ${v.worker} is not one of the header's ${h.workers} workers`);
      if (v.type === 'span' && !(v.end >= v.start)) throw new RecordingError(i + 1, 1, `a span ends (${v.end}) before it starts (${v.start})`);
    }
    checked.push(v);
  });
  if (!head) throw new RecordingError(1, 1, 'empty: a recording starts with a "header" line; record one with `node build.mjs record`');
  return checked;
}

/** Why one line is not a recording line (null when it is): what the dev server checks before streaming a line. */
export function recordingLineProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `not a JSON line (${(e as Error).message})`;
  }
  const parsed = LINE.safeParse(value);
  return parsed.success ? null : `not a gildeck recording line: ${parsed.error.issues[0]!.message}`;
}
