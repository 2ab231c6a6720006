import { relative } from 'node:path';
import { compileDeck, formatDiagnostic, type WidgetUse } from '../compiler/index.js';
import { Engine } from '../engine/index.js';
import { nodeHost } from '../engine/nodeHost.js';
import { referenceKey } from '../widgets/referenceRun.js';
import { LIVE_WIDGETS } from '../widgets/registry.js';
import { type PlayedRun, runsTrace } from '../widgets/runTrace.js';
import { engineSource, type TraceSource } from '../widgets/source.js';
import { driveWidget } from '../widgets/work.js';
import { readDeckFiles, UsageError } from './deckFiles.js';
import { ExportError } from './exportDeck.js';
import { checkExportTarget, TRACE, writeExport } from './exportFile.js';
import { bundleWorker } from './workerBundle.js';

export interface TraceOptions {
  root: string;
  slides: string;
  out: string;
  /** Only these widgets (by name); every widget of the deck when empty. */
  only?: readonly string[];
  log?: (line: string) => void;
}

/** A source that keeps every run it plays, labelled, for the trace. */
function recording(source: TraceSource, runs: PlayedRun[], label: () => string): TraceSource {
  return { ...source, play: async (spec, signal, onEvents) => {
    const run = await source.play(spec, signal, onEvents);
    runs.push({ spec, run, label: label() });
    return run;
  } };
}

/**
 * `export trace`: runs each widget instance of the deck once, with its own attributes, on Node worker threads (as
 * `record-references` does) and writes every engine run they made as one Chrome Trace JSON for Perfetto: a process
 * per run, named for its widget, where it is in the slides and which of its runs it was.
 */
export async function exportTrace(opts: TraceOptions): Promise<{ runs: number; widgets: number; events: number; bytes: number }> {
  const log = opts.log ?? console.log;
  const only = opts.only ?? [];
  for (const n of only) if (!LIVE_WIDGETS.has(n)) throw new UsageError(`"${n}" is not a live widget; live widgets: ${[...LIVE_WIDGETS.keys()].join(', ')}`);
  await checkExportTarget(opts.out, TRACE);
  const compiled = compileDeck(await readDeckFiles(opts.slides));
  if (!compiled.ok) {
    for (const d of compiled.diagnostics) console.error(formatDiagnostic(d));
    throw new ExportError('the deck does not compile (errors above); nothing was exported');
  }
  // One run per configuration, as print view and the reference runs have them.
  const seen = new Set<string>();
  const uses = compiled.deck.columns.flat().flatMap((s) => s.widgets).filter((u: WidgetUse) => {
    const key = referenceKey(u.name, u.values);
    if ((only.length && !only.includes(u.name)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!uses.length) throw new ExportError(only.length ? `the deck has no ${only.join(' or ')} widget` : 'the deck has no live widget: there is nothing to trace');
  const engine = new Engine(nodeHost(await bundleWorker(opts.root)));
  const runs: PlayedRun[] = [];
  try {
    for (const use of uses) {
      const where = `${relative(process.cwd(), use.location.file)}:${use.location.line}`;
      const first = runs.length;
      const t0 = performance.now();
      await driveWidget(LIVE_WIDGETS.get(use.name)!, use.values, recording(engineSource(engine), runs, () => `${use.name} at ${where}, run ${runs.length - first + 1}`));
      log(`${use.name} at ${where}: ${runs.length - first} run${runs.length - first === 1 ? '' : 's'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await engine.dispose();
  }
  const trace = runsTrace(compiled.deck.meta.title ?? 'deck', runs);
  const json = JSON.stringify(trace);
  await writeExport(opts.out, json, TRACE);
  return { runs: runs.length, widgets: uses.length, events: trace.traceEvents.length, bytes: Buffer.byteLength(json) };
}
