/**
 * Real Python, running now: the dev server (`serve --python`) runs the recorder and streams its lines, which are
 * read back as they come (src/recorder/recording.ts) into the events the widget's model reads. Only where the page
 * says such a server is there (`#gildeck-cpython`, written by serve); elsewhere widgets fall back (see liveElement).
 */
import { assembleRecording, recordedRun, recordingEvents, type Recording, type RecordingLine } from '../recorder/recording.js';
import type { RunSpec } from '../engine/plan.js';
import type { TraceSource } from './source.js';

export interface CpythonInfo {
  python: string;
  version: string;
  endpoint: string;
}

/** The live-Python server this page was served by, or null (a static host, file://, a built deck). */
export function pageCpython(): CpythonInfo | null {
  const text = document.getElementById('gildeck-cpython')?.textContent;
  if (!text) return null;
  const info = JSON.parse(text) as Partial<CpythonInfo>;
  return typeof info.endpoint === 'string' && typeof info.version === 'string' ? (info as CpythonInfo) : null;
}

/** The recorder's request for a widget's run: `seconds` is the whole run's (a spec may give it per worker). */
export function liveQuery(spec: RunSpec): URLSearchParams {
  const seconds = (spec.seconds ?? 1) * (spec.perWorker ? spec.workers : 1);
  return new URLSearchParams({
    strategy: spec.strategy,
    workers: String(spec.workers),
    workload: spec.workload,
    seconds: String(seconds),
    switch: String(spec.switchIntervalMs ?? 5),
    io: String(spec.ioWaitMs ?? 1),
  });
}

export function cpythonSource(info: CpythonInfo, cores: number): TraceSource {
  return {
    // The server runs on this machine (loopback only): its cores are the page's.
    host: { cores, sharedMemory: false },
    mode: 'cpython',
    async play(spec, signal, onEvents) {
      // Aborting the fetch closes the stream; the server then stops the Python run (no orphan).
      const res = await fetch(`${info.endpoint}?${liveQuery(spec)}`, { signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`the dev server could not start Python (${res.status})`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const lines: RecordingLine[] = [];
      let rest = '';
      let rec: Recording | null = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const parts = (rest + value).split('\n');
        rest = parts.pop()!;
        for (const line of parts) {
          if (!line.trim()) continue;
          // The dev server checked each line (src/cli/cpythonRuns.ts) before sending it.
          const obj = JSON.parse(line) as RecordingLine | { type: 'stream-end' } | { type: 'stream-fail'; message: string };
          if (obj.type === 'stream-fail') throw new Error(`Python: ${obj.message}`);
          if (obj.type === 'stream-end') {
            if (!rec) throw new Error('Python wrote no recording');
            return recordedRun(rec, 'cpython');
          }
          lines.push(obj);
        }
        if (lines.length) {
          rec = assembleRecording(lines);
          onEvents(recordingEvents(rec));
        }
      }
      throw new Error('the dev server stopped before Python finished');
    },
    probes: null,
  };
}
