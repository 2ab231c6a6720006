/**
 * Recordings of real Python that the page carries for widgets with `trace=` (embedded by the build, checked
 * there), and the source that plays one: the widget's own model and view draw it, labelled as recorded.
 */
import { assembleRecording, recordedRun, type Recording, type RecordingLine } from '../recorder/recording.js';
import type { TraceSource } from './source.js';

let embedded: Record<string, string> | null = null;
const parsed = new Map<string, Recording>();

/** The recording the page embeds under `path`; throws (shown in the widget) when the page has none. */
export function pageRecording(path: string): Recording {
  const known = parsed.get(path);
  if (known) return known;
  embedded ??= JSON.parse(document.getElementById('gildeck-recordings')?.textContent ?? '{}') as Record<string, string>;
  const text = embedded[path];
  if (text === undefined) throw new Error(`the recording ${path} is not in this page: build the deck with gildeck (it embeds the recordings widgets name)`);
  // Checked by the build that embedded it (src/cli/recordings.ts).
  const rec = assembleRecording(text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RecordingLine));
  parsed.set(path, rec);
  return rec;
}

/**
 * Plays one recording for whatever run the widget asks for (the build checked that it fits the widget's
 * attributes). It measures nothing here: no probes, and the host is the recording's machine (its cores bound how
 * many lanes ran at once).
 */
export function recordingSource(rec: Recording): TraceSource {
  const run = recordedRun(rec);
  return {
    host: { cores: rec.header.cores, sharedMemory: false },
    mode: 'recorded',
    async play(_spec, signal, onEvents) {
      if (signal.aborted) throw signal.reason;
      onEvents(run.events);
      return run;
    },
    probes: null,
  };
}

/** The page's recording at `path`, or null where there is none to read (no path; no page, as in Node). */
export function optionalPageRecording(path: string): Recording | null {
  if (!path || typeof document === 'undefined') return null;
  return pageRecording(path);
}
