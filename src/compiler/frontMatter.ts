import { isMap, isScalar, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import * as z from 'zod/mini';
import type { Diagnostics } from './diagnostics.js';
import { slowRegExpProblem } from './safeRegExp.js';
import type { SourceFile } from './source.js';
import { REVEAL_NUMBERS, revealOptions, type RevealOptions, TRANSITIONS as transitions } from './revealOptions.js';
import { didYouMean } from './suggest.js';

/** Why a separator is not a regular expression, or null when it is one. */
function regExpProblem(source: string): string | null {
  try {
    new RegExp(source, 'mg');
  } catch (e) {
    return (e as Error).message;
  }
  return slowRegExpProblem(source);
}
const regExpSource = z.string().check(z.refine((s: string) => regExpProblem(s) === null));

const deckKeys = {
  title: z.string(),
  subtitle: z.string(),
  author: z.string(),
  event: z.string(),
  date: z.string(),
  theme: z.enum(['dark', 'light']),
  separator: regExpSource,
  verticalSeparator: regExpSource,
  titleSlide: z.boolean(),
  agenda: z.boolean(),
};

const schema = z.strictObject(
  Object.fromEntries(
    Object.entries({ ...deckKeys, ...revealOptions }).map(([k, v]) => [k, z.optional(v as z.ZodMiniType)]),
  ),
);

type DeckKeys = { [K in keyof typeof deckKeys]?: z.infer<(typeof deckKeys)[K]> };
export type { RevealOptions };

export interface FrontMatter extends DeckKeys {
  reveal: RevealOptions;
}

const describe: Record<string, string> = {
  theme: 'dark or light',
  transition: transitions.join(', '),
  backgroundTransition: transitions.join(', '),
  transitionSpeed: 'default, fast or slow',
  slideNumber: 'true, false, "h.v", "h/v", "c" or "c/t"',
  navigationMode: 'default, linear or grid',
  separator: 'a regular expression in a string, without nested repetition or backreferences',
  verticalSeparator: 'a regular expression in a string, without nested repetition or backreferences',
};
for (const k of Object.keys(deckKeys)) describe[k] ??= k === 'titleSlide' || k === 'agenda' ? 'true or false' : 'a string (quote it if it looks like a number or date)';
for (const [k, v] of Object.entries(revealOptions)) describe[k] ??= v instanceof z.ZodMiniBoolean ? 'true or false' : `a number from ${REVEAL_NUMBERS[k as keyof typeof REVEAL_NUMBERS].min} to ${REVEAL_NUMBERS[k as keyof typeof REVEAL_NUMBERS].max}`;

export const FRONT_MATTER_KEYS = [...Object.keys(deckKeys), ...Object.keys(revealOptions)];

/** yaml's own default, stated: each alias may expand to at most this many nodes' worth of the document. */
const MAX_ALIAS_COUNT = 100;

/** Where the front matter block is in a file, if the file opens with one. */
export function findFrontMatter(text: string): { yamlStart: number; yamlEnd: number; bodyStart: number } | null {
  const open = /^---[ \t]*\r?\n/.exec(text);
  if (!open) return null;
  const close = /^(---|\.\.\.)[ \t]*(\r?\n|$)/m;
  close.lastIndex = 0;
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return null;
  const yamlStart = open[0].length;
  return { yamlStart, yamlEnd: yamlStart + m.index, bodyStart: yamlStart + m.index + m[0].length };
}

/** Parses and validates a YAML front matter block; every problem is reported with its position. */
export function parseFrontMatter(file: SourceFile, yamlStart: number, yamlEnd: number, diagnostics: Diagnostics): FrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text.slice(yamlStart, yamlEnd), { lineCounter, prettyErrors: false });
  const at = (offset: number) => file.locationAt(yamlStart + offset);
  for (const e of doc.errors) diagnostics.error(at(e.pos[0]), `front matter is not valid YAML: ${e.message.split('\n')[0]}`, 'write one `key: value` per line');
  if (doc.errors.length) return { reveal: {} };
  let data: unknown;
  try {
    // yaml refuses aliases that expand past its limit (an "alias bomb"); say where, rather than throw.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (e) {
    let alias: YamlNode | undefined;
    visit(doc, { Alias: (_, node) => ((alias = node), visit.BREAK) });
    diagnostics.error(at(alias?.range?.[0] ?? 0), `front matter aliases expand too far (${(e as Error).message})`, 'write the values out instead of repeating `*alias` references');
    return { reveal: {} };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.error(at(0), 'front matter must be a mapping of keys to values', 'write e.g. `title: My talk`');
    return { reveal: {} };
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const contents = doc.contents;
    const keyNode = (key: string): YamlNode | undefined =>
      isMap(contents) ? (contents.items.find((p) => isScalar(p.key) && p.key.value === key)?.key as YamlNode | undefined) : undefined;
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          diagnostics.error(
            at(keyNode(key)?.range?.[0] ?? 0),
            `unknown front matter key "${key}"`,
            `${didYouMean(key, FRONT_MATTER_KEYS)}known keys: ${FRONT_MATTER_KEYS.join(', ')}`,
          );
        }
        continue;
      }
      const key = String(issue.path[0]);
      const node = doc.getIn(issue.path as (string | number)[], true) as YamlNode | undefined;
      const value = (data as Record<string, unknown>)[key];
      const reason = typeof value === 'string' && regExpSource === deckKeys[key as keyof typeof deckKeys] ? regExpProblem(value) : null;
      diagnostics.error(
        at(node?.range?.[0] ?? keyNode(key)?.range?.[0] ?? 0),
        `front matter "${key}" must be ${describe[key] ?? 'valid'}, not ${JSON.stringify(value)}${reason ? ` (${reason})` : ''}`,
        `write e.g. \`${key}: ${example(key)}\``,
      );
    }
    return { reveal: {} };
  }
  const out: FrontMatter = { reveal: {} };
  for (const [k, v] of Object.entries(result.data as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (k in revealOptions) (out.reveal as Record<string, unknown>)[k] = v;
    else (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

function example(key: string): string {
  const ex: Record<string, string> = { theme: 'dark', transition: 'slide', slideNumber: 'c/t', navigationMode: 'linear', transitionSpeed: 'fast', backgroundTransition: 'fade', date: '"2026-05-14"', separator: '"^\\r?\\n---\\r?\\n$"', verticalSeparator: '"^\\r?\\n--\\r?\\n$"' };
  if (ex[key]) return ex[key];
  return describe[key] === 'true or false' ? 'true' : key in REVEAL_NUMBERS ? String(REVEAL_NUMBERS[key as keyof typeof REVEAL_NUMBERS].example) : `"..."`;
}
