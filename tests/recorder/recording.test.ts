import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exclusiveHolds, gilHolds, gilOverlaps } from '../../src/engine/analysis.js';
import { EventKind } from '../../src/engine/trace.js';
import { recordedRun, recordingEvents, recordingLabel, recordingMisfits } from '../../src/recorder/recording.js';
import { parseRecording, RecordingError } from '../../src/recorder/read.js';
import { timelineModel } from '../../src/widgets/timeline/model.js';

const ROOT = resolve(import.meta.dirname, '../..');
const RECORDER = join(ROOT, 'src/recorder/gildeck_recorder.py');

const HEADER = {
  type: 'header', format: 'gildeck-recording', version: 1, python: '3.11.7', implementation: 'CPython', build: 'gil', gil: true,
  platform: 'Linux-x86_64', system: 'Linux', cores: 2, switchIntervalMs: 5, startMethod: null, strategy: 'threads', workers: 2,
  workload: 'countdown', unit: '1,000 decrements', chunkUs: 20, ioWaitMs: null, seconds: 1, startedAt: '2026-11-29T20:00:00Z',
};
const lines = (...objs: object[]) => objs.map((o) => JSON.stringify(o)).join('\n') + '\n';
const span = (worker: number, state: string, start: number, end: number) => ({ type: 'span', worker, state, start, end });

describe('reading a recording', () => {
  it('two threads taking turns become GIL holds that alternate, a wait before each', () => {
    const rec = parseRecording(
      lines(HEADER, span(0, 'running', 0, 5), span(1, 'gil-wait', 0, 5), span(0, 'gil-wait', 5, 10), span(1, 'running', 5, 10), span(0, 'running', 10, 15), span(1, 'gil-wait', 10, 15), { type: 'end', wallMs: 15, gilAtStart: true, gilAtEnd: true, interrupted: false }),
    );
    const events = recordingEvents(rec);
    const holds = gilHolds(events);
    expect(holds.map((h) => [h.worker, h.start, h.end])).toEqual([[0, 0, 5], [1, 5, 10], [0, 10, 15]]);
    expect(gilOverlaps(events)).toEqual([]);
    expect(events.filter((e) => e.kind === EventKind.GilRequest).map((e) => [e.worker, e.t])).toEqual([[1, 0], [0, 5], [1, 10]]);
  });

  it('preemption while holding the GIL keeps the hold: the OS took the core, not the GIL', () => {
    const rec = parseRecording(lines(HEADER, span(0, 'running', 0, 2), span(0, 'preempted', 2, 3), span(0, 'running', 3, 5)));
    expect(gilHolds(recordingEvents(rec)).map((h) => [h.start, h.end])).toEqual([[0, 5]]);
  });

  it('without a GIL (a free-threaded build) runs are progress ticks, not holds, at least one a millisecond', () => {
    const rec = parseRecording(lines({ ...HEADER, build: 'free-threaded', gil: false }, span(0, 'running', 0, 10), span(1, 'running', 0, 10)));
    const events = recordingEvents(rec);
    expect(gilHolds(events)).toEqual([]);
    const ticks = events.filter((e) => e.kind === EventKind.Progress && e.worker === 0).map((e) => e.t);
    expect(ticks.length).toBeGreaterThanOrEqual(10);
    const model = timelineModel(events, { strategy: 'threads', workers: 2, cores: 2, now: 10, running: false });
    expect(model.segments.some(([w, s]) => w === 1 && s === 'running')).toBe(true);
  });

  it('is labelled as recorded, with the interpreter, build, system and date, and says when it was cut off', () => {
    const rec = parseRecording(lines(HEADER, span(0, 'running', 0, 5)));
    expect(rec.end).toBeNull();
    const label = recordingLabel(rec.header, rec.end);
    expect(label).toBe('recorded: CPython 3.11.7 (GIL), Linux, 2 cores, 2026-11-29, cut off');
    expect(label).not.toMatch(/live|measured/i);
    expect(recordedRun(rec).mode).toBe('recorded');
  });

  it('a bad line is reported at its line, with what a recording is', () => {
    const text = lines(HEADER, span(0, 'running', 0, 5)) + '{not json\n';
    expect(() => parseRecording(text)).toThrow(RecordingError);
    try {
      parseRecording(text);
    } catch (e) {
      expect((e as RecordingError).line).toBe(3);
      expect((e as Error).message).toMatch(/not a JSON line/);
    }
    expect(() => parseRecording(lines({ ...HEADER, format: 'other' }))).toThrow(/header.*gildeck-recording.*node build\.mjs record/s);
    expect(() => parseRecording(lines(HEADER, span(5, 'running', 0, 1)))).toThrow(/worker 5 is not one of the header's 2 workers/);
    expect(() => parseRecording(lines(HEADER, span(0, 'running', 3, 1)))).toThrow(/ends \(1\) before it starts \(3\)/);
    expect(() => parseRecording('')).toThrow(/empty/);
  });
});

describe('the recorder, read back', () => {
  it('what python3 records for two threads reads back as a run whose GIL holds never overlap', () => {
    const r = spawnSync('python3', [RECORDER, '--strategy', 'threads', '--workers', '2', '--seconds', '0.3', '--flush-ms', '50'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rec = parseRecording(r.stdout);
    const run = recordedRun(rec);
    expect(run.spec).toMatchObject({ strategy: 'threads', workers: 2, workload: 'countdown', switchIntervalMs: 5 });
    expect(gilHolds(run.events).length).toBeGreaterThan(2);
    // Holds as the timeline draws them never overlap; as recorded they overlap by at most a chunk's placement.
    for (const [a, b] of exclusiveHolds(run.events, 2, null).flatMap((w, i, all) => all.slice(i + 1).flatMap((o) => w.flatMap((x) => o.map((y) => [x, y] as const))))) {
      expect(Math.min(a[1], b[1]) - Math.max(a[0], b[0])).toBeLessThanOrEqual(0);
    }
  });
});

describe('node build.mjs record', () => {
  const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'build.mjs'), ...args], { cwd, encoding: 'utf8' });

  it('writes a recording and a Chrome trace, and says what it recorded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-record-'));
    const r = cli(dir, 'record', '--seconds', '0.2', '--out', 'r.jsonl', '--chrome', 'r.json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/recorded: CPython 3\.\d+\.\d+ \(GIL\)/);
    expect(parseRecording(readFileSync(join(dir, 'r.jsonl'), 'utf8')).header.strategy).toBe('threads');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).metadata.mode).toBe('recorded');
  });

  it('a missing interpreter, a strategy this Python cannot run, or a file it did not write: one line, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-record-'));
    const missing = cli(dir, 'record', '--python', 'no-such-python', '--out', 'a.jsonl');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--python no-such-python: no such interpreter/);
    expect(missing.stderr).not.toMatch(/at .*\.(ts|mjs|js):\d+/);
    const sub = cli(dir, 'record', '--strategy', 'subinterpreters', '--out', 'b.jsonl');
    expect(sub.status).toBe(2);
    expect(sub.stderr).toMatch(/subinterpreters need Python 3\.14 or newer/);
    expect(existsSync(join(dir, 'a.jsonl')) || existsSync(join(dir, 'b.jsonl'))).toBe(false);
    writeFileSync(join(dir, 'mine.jsonl'), 'my notes\n');
    const theirs = cli(dir, 'record', '--out', 'mine.jsonl');
    expect(theirs.status).toBe(2);
    expect(theirs.stderr).toMatch(/exists and is not a recording gildeck wrote/);
    expect(readFileSync(join(dir, 'mine.jsonl'), 'utf8')).toBe('my notes\n');
  });
});

describe('switches placed to within a chunk', () => {
  it('two holders that seem to overlap by part of a chunk are split at its middle: a hold never starts before the last one ended', () => {
    const rec = parseRecording(lines(HEADER, span(0, 'running', 0, 5.01), span(0, 'gil-wait', 5.01, 10), span(1, 'gil-wait', 0, 4.99), span(1, 'running', 4.99, 10)));
    const holds = gilHolds(recordingEvents(rec));
    expect(holds.map((h) => [h.worker, h.start, h.end])).toEqual([[0, 0, 5], [1, 5, 10]]);
    expect(gilOverlaps(recordingEvents(rec))).toEqual([]);
  });
});

describe("a presenter's own function", () => {
  it('is recorded like a kernel, labelled with its file and name, and fits whatever workload the widget names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-fn-'));
    writeFileSync(join(dir, 'mine.py'), 'def work():\n    s = 0\n    for i in range(300):\n        s += i * i\n    return s\n');
    const r = spawnSync('python3', [RECORDER, '--function', join(dir, 'mine.py:work'), '--workers', '2', '--seconds', '0.2', '--flush-ms', '0'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rec = parseRecording(r.stdout);
    expect(rec.header.workload).toBe('function');
    expect(rec.header.unit).toBe('one call of work');
    expect(recordingLabel(rec.header, rec.end)).toMatch(/^recorded: CPython 3\.\d+\.\d+ \(GIL\), running mine\.py:work, Linux/);
    expect(recordingMisfits({ strategy: 'threads', workers: 2, workload: 'primes' }, rec.header)).toEqual([]);
    expect(gilHolds(recordedRun(rec).events).length).toBeGreaterThan(2);
    const missing = spawnSync('python3', [RECORDER, '--function', join(dir, 'mine.py:nope')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/mine\.py has no function nope/);
    expect(missing.stdout).toBe('');
  });
});
