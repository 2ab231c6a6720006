import { isMap, isScalar, Lexer, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import * as z from 'zod/mini';
import type { Diagnostics } from './diagnostics.js';
import type { SourceFile } from './source.js';
import { REVEAL_NUMBERS, revealOptions, type RevealOptions, TRANSITIONS as transitions } from './revealOptions.js';
import { separatorProblem } from './separator.js';
import { THEME_DESCRIBE, themeKeys, themeValueProblem, type ThemeFile } from './deckTheme.js';
import { describeKiosk, KIOSK_KEYS, KIOSK_NUMBERS, type KioskKey, type KioskOptions } from './kioskOptions.js';
import { didYouMean } from '../suggest.js';

const kioskNumber = (k: KioskKey) => z.optional(z.number().check(z.gte(KIOSK_NUMBERS[k].min), z.lte(KIOSK_NUMBERS[k].max)));
const kioskOptions = z.strictObject(Object.fromEntries(KIOSK_KEYS.map((k) => [k, kioskNumber(k)])) as Record<KioskKey, ReturnType<typeof kioskNumber>>);

const regExpSource = z.string().check(z.refine((s: string) => separatorProblem(s) === null));

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
  ...themeKeys,
  kiosk: kioskOptions,
};

const schema = z.strictObject(
  Object.fromEntries(
    Object.entries({ ...deckKeys, ...revealOptions }).map(([k, v]) => [k, z.optional(v as z.ZodMiniType)]),
  ),
);

type DeckKeys = { [K in Exclude<keyof typeof deckKeys, 'kiosk'>]?: z.infer<(typeof deckKeys)[K]> };
export type { RevealOptions };

export interface FrontMatter extends DeckKeys {
  /** reveal.js options, and the kiosk's settings (a plugin's own key in reveal's config, as reveal.js plugins do). */
  reveal: RevealOptions & { kiosk?: KioskOptions };
  /** Files the theme keys name (logo, fonts, style), with where each is written. */
  themeFiles?: ThemeFile[];
}

const describe: Record<string, string> = {
  theme: 'dark or light',
  transition: transitions.join(', '),
  backgroundTransition: transitions.join(', '),
  transitionSpeed: 'default, fast or slow',
  slideNumber: 'true, false, "h.v", "h/v", "c" or "c/t"',
  navigationMode: 'default, linear or grid',
  showNotes: 'true, false or separate-page',
  separator: 'a regular expression in a string (RE2 syntax: no backreferences or lookaround)',
  verticalSeparator: 'a regular expression in a string (RE2 syntax: no backreferences or lookaround)',
  kiosk: `a mapping of ${KIOSK_KEYS.join(', ')}`,
};
for (const [k, v] of Object.entries(THEME_DESCRIBE)) describe[k] = v.describe;
for (const k of Object.keys(deckKeys)) describe[k] ??= k === 'titleSlide' || k === 'agenda' ? 'true or false' : 'a string (quote it if it looks like a number or date)';
for (const [k, v] of Object.entries(revealOptions)) describe[k] ??= v instanceof z.ZodMiniBoolean ? 'true or false' : `a number from ${REVEAL_NUMBERS[k as keyof typeof REVEAL_NUMBERS].min} to ${REVEAL_NUMBERS[k as keyof typeof REVEAL_NUMBERS].max}`;

export const FRONT_MATTER_KEYS = [...Object.keys(deckKeys), ...Object.keys(revealOptions)];

/** yaml's own default, stated: each alias may expand to at most this many nodes' worth of the document. */
const MAX_ALIAS_COUNT = 100;

/** How deep front matter may nest; yaml recurses per level and runs out of stack near a thousand. */
export const MAX_NESTING = 100;

/** Past this many diagnostics of one kind (unknown keys, repeated keys, YAML errors), one more counts the rest. */
export const MAX_OF_A_KIND = 20;

/** Reports the first MAX_OF_A_KIND problems, each at its offset, then one counting the rest (`and N more ...`). */
function reportCapped(problems: ReadonlyArray<{ offset: number; message: string; hint: string }>, more: (n: number) => string, hint: string, report: (offset: number, message: string, hint: string) => void): void {
  for (const p of problems.slice(0, MAX_OF_A_KIND)) report(p.offset, p.message, p.hint);
  const n = problems.length - MAX_OF_A_KIND;
  if (n > 0) report(problems[MAX_OF_A_KIND]!.offset, more(n), hint);
}

/**
 * Where the front matter first nests deeper than MAX_NESTING, found with yaml's lexer, which does not recurse.
 * Depth counts open `[`/`{`, plus, on each line, its indentation and block indicators (`- - x`): an upper bound
 * on block nesting, which needs at least one more column or indicator per level.
 */
function tooDeep(yaml: string): number | null {
  let flow = 0;
  let line = 0;
  let offset = 0;
  let lineStart = true;
  for (const token of new Lexer().lex(yaml)) {
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '\n' || token === '\r\n') line = 0;
    else if (lineStart && /^ +$/.test(token)) line += token.length;
    else if (flow === 0 && (token === '-' || token === '?' || token === ':')) line++;
    lineStart = token === '\n' || token === '\r\n';
    if (flow + line > MAX_NESTING) return offset;
    // The lexer's markers for a document, a scalar and a flow end are not in the text.
    if (token !== '\x02' && token !== '\x1f' && token !== '\x18') offset += token.length;
  }
  return null;
}

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
  const at = (offset: number) => file.locationAt(yamlStart + offset);
  const yaml = file.text.slice(yamlStart, yamlEnd);
  const deep = tooDeep(yaml);
  if (deep !== null) {
    diagnostics.error(at(deep), `front matter nests deeper than ${MAX_NESTING} levels`, 'write one `key: value` per line, with plain values');
    return { reveal: {} };
  }
  const lineCounter = new LineCounter();
  // yaml's own check for repeated keys scans the map per key (32,000 keys took seconds); duplicateKeys is linear.
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const report = (offset: number, message: string, hint: string) => diagnostics.error(at(offset), message, hint);
  const perLine = 'write one `key: value` per line';
  const yamlErrors = doc.errors.map((e) => ({ offset: e.pos[0], message: `front matter is not valid YAML: ${e.message.split('\n')[0]}`, hint: perLine }));
  reportCapped(yamlErrors, (n) => `and ${n} more YAML error${n === 1 ? '' : 's'} in the front matter`, 'fix the first ones; later errors often follow from them', report);
  if (doc.errors.length) return { reveal: {} };
  const repeated = duplicateKeys(doc).map(({ offset, key }) => ({ offset, message: `front matter is not valid YAML: Map keys must be unique ("${key}" is written twice)`, hint: perLine }));
  reportCapped(repeated, (n) => `and ${n} more repeated front matter key${n === 1 ? '' : 's'}`, perLine, report);
  if (repeated.length) return { reveal: {} };
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
    // Key nodes by name, built once: a lookup per reported key would make many unknown keys quadratic.
    const keyNodes = new Map<string, YamlNode>();
    if (isMap(doc.contents)) for (const p of doc.contents.items) if (isScalar(p.key) && !keyNodes.has(String(p.key.value))) keyNodes.set(String(p.key.value), p.key);
    const keyNode = (key: string): YamlNode | undefined => keyNodes.get(key);
    for (const issue of result.error.issues) {
      if (issue.path[0] === 'kiosk') {
        kioskProblem(issue, doc, data as Record<string, unknown>, report);
        continue;
      }
      if (issue.code === 'unrecognized_keys' && issue.path.length) {
        const map = doc.getIn(issue.path as (string | number)[], true);
        for (const key of issue.keys) {
          const node = isMap(map) ? map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key as YamlNode | undefined : undefined;
          diagnostics.error(at(node?.range?.[0] ?? 0), `unknown font role "${key}" in "${issue.path.join('.')}"`, `the roles are ${FONT_ROLE_LIST}: write e.g. \`fonts: ${THEME_DESCRIBE.fonts.example}\``);
        }
        continue;
      }
      if (issue.code === 'unrecognized_keys') {
        const known = `known keys: ${FRONT_MATTER_KEYS.join(', ')}`;
        // Suggestions only for the keys reported one by one.
        const unknown = issue.keys.map((key, i) => ({ offset: keyNode(key)?.range?.[0] ?? 0, message: `unknown front matter key "${key}"`, hint: i < MAX_OF_A_KIND ? `${didYouMean(key, FRONT_MATTER_KEYS)}${known}` : known }));
        reportCapped(unknown, (n) => `and ${n} more unknown front matter key${n === 1 ? '' : 's'}`, known, report);
        continue;
      }
      const key = String(issue.path[0]);
      const node = doc.getIn(issue.path as (string | number)[], true) as YamlNode | undefined;
      const nested = doc.getIn(issue.path as (string | number)[]);
      const theme = themeValueProblem(issue.path, nested);
      if (theme) {
        diagnostics.error(at(node?.range?.[0] ?? keyNode(key)?.range?.[0] ?? 0), `front matter "${issue.path.join('.')}": ${theme.message}`, theme.hint);
        continue;
      }
      const value = (data as Record<string, unknown>)[key];
      const reason = typeof value === 'string' && regExpSource === deckKeys[key as keyof typeof deckKeys] ? separatorProblem(value) : null;
      diagnostics.error(
        at(node?.range?.[0] ?? keyNode(key)?.range?.[0] ?? 0),
        `front matter "${key}" must be ${describe[key] ?? 'valid'}, not ${JSON.stringify(value)}${reason ? ` (${reason})` : ''}`,
        `write e.g. \`${key}: ${example(key)}\`${reason ? ' (separators are matched with RE2, in linear time: no backreferences like \\1, no lookaround like (?=...))' : ''}`,
      );
    }
    return { reveal: {} };
  }
  const out: FrontMatter = { reveal: {} };
  for (const [k, v] of Object.entries(result.data as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (k in revealOptions || k === 'kiosk') (out.reveal as Record<string, unknown>)[k] = v;
    else (out as unknown as Record<string, unknown>)[k] = v;
  }
  const themeFiles = themeFileLocations(out, doc, at);
  if (themeFiles.length) out.themeFiles = themeFiles;
  return out;
}

const FONT_ROLE_LIST = Object.keys(themeKeys.fonts.def.shape).join(', ');

/** The files the theme keys name, each at its value in the front matter. */
function themeFileLocations(meta: FrontMatter, doc: ReturnType<typeof parseDocument>, at: (offset: number) => ThemeFile['location']): ThemeFile[] {
  const found: ThemeFile[] = [];
  const add = (path: string[], url: string | undefined, kind: ThemeFile['kind']) => {
    if (url) found.push({ url: url.trim(), kind, location: at((doc.getIn(path, true) as YamlNode | undefined)?.range?.[0] ?? 0) });
  };
  add(['logo'], meta.logo, 'logo');
  for (const [role, url] of Object.entries(meta.fonts ?? {})) add(['fonts', role], url, 'font');
  add(['style'], meta.style, 'style');
  return found;
}

/** A problem inside `kiosk:`, at the key or value it is about. */
function kioskProblem(issue: z.core.$ZodIssue, doc: ReturnType<typeof parseDocument>, data: Record<string, unknown>, report: (offset: number, message: string, hint: string) => void): void {
  const offsetOf = (path: (string | number)[]) => (doc.getIn(path, true) as YamlNode | undefined)?.range?.[0] ?? 0;
  const keyOffset = (name: string) => {
    const map = doc.getIn(['kiosk'], true);
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === name) : undefined;
    return (isScalar(pair?.key) ? pair.key.range?.[0] : undefined) ?? offsetOf(['kiosk']);
  };
  const example = 'kiosk: { idle: 60, hold: 8000 }';
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) report(keyOffset(key), `unknown kiosk setting "kiosk.${key}"`, `${didYouMean(key, KIOSK_KEYS)}kiosk settings: ${KIOSK_KEYS.join(', ')}`);
    return;
  }
  const key = issue.path[1];
  if (typeof key === 'string' && key in KIOSK_NUMBERS) {
    const k = key as KioskKey;
    const value = (data.kiosk as Record<string, unknown>)[k];
    report(offsetOf(['kiosk', k]), `front matter "kiosk.${k}" must be ${describeKiosk(k)}, not ${JSON.stringify(value)}`, `write e.g. \`kiosk: { ${k}: ${KIOSK_NUMBERS[k].default} }\` (the default)`);
    return;
  }
  report(offsetOf(['kiosk']), `front matter "kiosk" must be ${describe.kiosk}, not ${JSON.stringify(data.kiosk)}`, `write e.g. \`${example}\``);
}

/** Each key repeated within one mapping, at the repeat; a set per mapping keeps it linear. */
function duplicateKeys(doc: ReturnType<typeof parseDocument>): Array<{ offset: number; key: string }> {
  const found: Array<{ offset: number; key: string }> = [];
  visit(doc, {
    Map: (_, map) => {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        if (seen.has(pair.key.value)) found.push({ offset: pair.key.range?.[0] ?? 0, key: String(pair.key.value) });
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}

function example(key: string): string {
  const ex: Record<string, string> = { ...Object.fromEntries(Object.entries(THEME_DESCRIBE).map(([k, v]) => [k, v.example])), theme: 'dark', transition: 'slide', slideNumber: 'c/t', navigationMode: 'linear', showNotes: 'separate-page', transitionSpeed: 'fast', backgroundTransition: 'fade', date: '"2026-05-14"', separator: '"^\\r?\\n---\\r?\\n$"', verticalSeparator: '"^\\r?\\n--\\r?\\n$"' };
  if (ex[key]) return ex[key];
  return describe[key] === 'true or false' ? 'true' : key in REVEAL_NUMBERS ? String(REVEAL_NUMBERS[key as keyof typeof REVEAL_NUMBERS].example) : `"..."`;
}
