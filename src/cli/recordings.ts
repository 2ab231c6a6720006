import { readFile, realpath } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, WidgetUse } from '../compiler/index.js';
import { recordingMisfits } from '../recorder/recording.js';
import { parseRecording, RecordingError } from '../recorder/recordingFormat.js';
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
  for (const use of uses) {
    const path = use.source?.trace;
    if (!path) continue;
    const found = await firstFile([join(deckDir, path), join(root, path)]);
    if (!found) {
      error(use, `no such file in ${relative(process.cwd(), deckDir) || '.'}/ or the project`, `record it with \`${commandName()} record --out ${path}\`, or fix the path`);
      continue;
    }
    const real = await realpath(found.path);
    if (!allowed.some((a) => real === a || real.startsWith(a + sep))) {
      error(use, `is a link to ${real}, outside the project`, 'copy the recording into the deck instead of linking it');
      continue;
    }
    try {
      const rec = parseRecording(found.text);
      const misfits = recordingMisfits(use.values, rec.header);
      if (misfits.length) error(use, `does not fit this ${use.name} widget: ${misfits.join('; ')}`, `or record one that fits: ${commandName()} record --strategy ${String(use.values.strategy ?? 'threads')} --workers ${String(use.values.workers)} --workload ${String(use.values.workload)} --out ${path}`);
      else recordings[path] = found.text;
    } catch (e) {
      if (!(e instanceof RecordingError)) throw e;
      error(use, `${relative(process.cwd(), found.path)}:${e.line}:${e.column}: ${e.message}`, `record it again with \`${commandName()} record\``);
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
