import { readFile, realpath } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, WidgetUse } from '../compiler/index.js';
import { recordingMisfits } from '../recorder/recording.js';
import { WIDGETS } from '../widgets/registry.js';
import { parseRecording, RecordingError } from '../recorder/read.js';
import { commandName } from './commandName.js';

/**
 * The recordings a deck's widgets draw (`trace=`), read and checked at build time so a bad one is a build error at
 * the widget, not a blank widget on stage: the file exists in the deck's folder or the project's (the deck's
 * wins, as for assets), lies inside them (a link out is refused), is a recording, and fits the widget's attributes.
 */
export async function readRecordings(deckDir: string, root: string, allowed: readonly string[], uses: readonly WidgetUse[]): Promise<{ recordings: Record<string, string>; diagnostics: Diagnostic[] }> {
  const recordings: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  const error = (use: WidgetUse, message: string, hint: string) => diagnostics.push({ severity: 'error', location: use.location, message: `trace="${use.source?.trace}": ${message}`, hint });
  // What each widget names: its trace= (a run to draw), and any attribute that is a recording (e.g. compare's python=).
  const wanted = uses.flatMap((use) => {
    const attrs = WIDGETS.get(use.name)?.attributes ?? {};
    const named = Object.entries(attrs).flatMap(([name, a]) => (a.recording && typeof use.values[name] === 'string' && use.values[name] ? [{ use, attribute: name, path: use.values[name] as string, kind: a.recording }] : []));
    return [...(use.source?.trace ? [{ use, attribute: 'trace', path: use.source.trace, kind: 'run' as const }] : []), ...named];
  });
  for (const { use, attribute, path, kind } of wanted) {
    const error = (message: string, hint: string) => diagnostics.push({ severity: 'error', location: use.location, message: `${attribute}="${path}": ${message}`, hint });
    const found = await firstFile([join(deckDir, path), join(root, path)]);
    if (!found) {
      error(`no such file in ${relative(process.cwd(), deckDir) || '.'}/ or the project`, `record it with \`${commandName()} record${kind === 'speedups' ? ' --speedups' : ''} --out ${path}\`, or fix the path`);
      continue;
    }
    const real = await realpath(found.path);
    if (!allowed.some((a) => real === a || real.startsWith(a + sep))) {
      error(`is a link to ${real}, outside the project`, 'copy the recording into the deck instead of linking it');
      continue;
    }
    try {
      const rec = parseRecording(found.text);
      const misfits = recordingMisfits(use.values, rec.header, kind);
      if (misfits.length) error(`does not fit this ${use.name} widget: ${misfits.join('; ')}`, kind === 'speedups' ? `record them: ${commandName()} record --speedups --out ${path}` : `or record one that fits: ${commandName()} record --strategy ${String(use.values.strategy ?? 'threads')} --workers ${String(use.values.workers)} --workload ${String(use.values.workload)} --out ${path}`);
      else recordings[path] = found.text;
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      error(`${relative(process.cwd(), found.path)}:${e.line}:${e.column}: ${e.message}`, `record it again with \`${commandName()} record\``);
    }
  }
  return { recordings, diagnostics };
}

async function firstFile(paths: string[]): Promise<{ path: string; text: string } | null> {
  for (const p of paths) {
    const text = await readFile(resolve(p), 'utf8').catch(() => null);
    if (text !== null) return { path: p, text };
  }
  return null;
}
