import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Diagnostic, WidgetUse } from '../compiler/index.js';
import { canonicalAttributes, type ReferenceRun, referenceKey } from '../widgets/referenceRun.js';
import { commandName } from './commandName.js';

/** Where a deck keeps its reference runs: next to its Markdown, committed with it. */
export const referencesDir = (deckDir: string): string => join(deckDir, '.gildeck', 'references');

/** The file holding one widget configuration's reference run. */
export const referencePath = (deckDir: string, use: Pick<WidgetUse, 'name' | 'values'>): string => join(referencesDir(deckDir), `${referenceKey(use.name, use.values)}.json`);

/** Reads one reference file: null when there is none, an Error saying what is wrong with one that is not a run. */
export async function readReferenceFile(path: string, use: Pick<WidgetUse, 'name' | 'values'>): Promise<ReferenceRun | Error | null> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e));
  if (text === null || text instanceof Error) return text;
  let run: ReferenceRun;
  try {
    run = JSON.parse(text) as ReferenceRun;
  } catch (e) {
    return new Error(`is not valid JSON (${(e as Error).message})`);
  }
  if (typeof run !== 'object' || run === null || run.widget !== use.name || typeof run.attributes !== 'object' || !('data' in run)) {
    return new Error(`is not a reference run of widget "${use.name}"`);
  }
  if (canonicalAttributes(run.attributes) !== canonicalAttributes(use.values)) return new Error('was recorded with other attributes than its name says');
  return run;
}

const recordHint = (deckArg: string, name: string, dir: string) =>
  `run \`${commandName()} record-references${deckArg ? ` --slides ${deckArg}` : ''} --missing ${name}\` and commit ${relative(process.cwd(), dir) || '.'}/`;

/**
 * The reference runs of a deck's widget instances, by key, as the page embeds them. Once a deck has a references
 * folder, an instance without a run of its own is a warning at its position: print view would show no picture.
 */
export async function readReferences(deckDir: string, uses: readonly WidgetUse[], deckArg = ''): Promise<{ references: Record<string, ReferenceRun>; diagnostics: Diagnostic[] }> {
  const references: Record<string, ReferenceRun> = {};
  const diagnostics: Diagnostic[] = [];
  const hasFolder = !!(await stat(referencesDir(deckDir)).catch(() => null))?.isDirectory();
  if (!hasFolder) return { references, diagnostics };
  for (const use of uses) {
    // A widget that draws a recording of real Python shows it in print too: it needs no reference run.
    if (use.source?.trace) continue;
    const key = referenceKey(use.name, use.values);
    if (key in references) continue;
    const path = referencePath(deckDir, use);
    const run = await readReferenceFile(path, use);
    if (run instanceof Error) {
      diagnostics.push({ severity: 'warning', location: use.location, message: `the reference run ${path} ${run.message}; print view shows none for this widget`, hint: recordHint(deckArg, use.name, referencesDir(deckDir)) });
    } else if (run) references[key] = run;
    else {
      diagnostics.push({ severity: 'warning', location: use.location, message: `widget "${use.name}" has no reference run for these settings; print view shows none unless it ran on the device`, hint: recordHint(deckArg, use.name, referencesDir(deckDir)) });
    }
  }
  return { references, diagnostics };
}
