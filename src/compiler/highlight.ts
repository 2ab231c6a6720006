import type { Element, ElementContent, Root as HastRoot, Text } from 'hast';
import { common, createLowlight } from 'lowlight';

// Grammars are registered on first use: registering all of highlight.js's common ones costs ~50 ms per build.
const lowlight = createLowlight({ python: common.python! });
let allRegistered = false;
function ensureLanguage(lang: string): void {
  if (lowlight.registered(lang) || allRegistered) return;
  // Own keys only: a fence like ```constructor must not find Object's members.
  const grammar = Object.hasOwn(common, lang) ? (common as Record<string, (typeof common)[string]>)[lang] : undefined;
  if (grammar) lowlight.register({ [lang]: grammar });
  else {
    // An alias such as `py` or `js`: only the grammars themselves know their aliases.
    lowlight.register(common);
    allRegistered = true;
  }
}

/** reveal.js's code-step syntax after the language: `[1|3-4]`, `[5: 1,3]` (start numbering at 5). */
const STEP_SYNTAX = /\[\s*((\d*):)?\s*([\s\d,|-]*)\]/;

export interface CodeInfo {
  lang: string;
  /** Highlighted lines per step; null when the block shows no line numbers. */
  steps: number[][] | null;
  startFrom: number;
  raw: string | null;
}

export const MAX_CODE_STEPS = 100;

/** The class every code block's `<code>` carries, highlighted or not; the code's stylesheet is for it. */
export const CODE_CLASS = 'hljs';

/** Whether a slide shows a code block (the page then has the code's start stylesheet). */
export function hasCodeBlock(node: HastRoot | ElementContent): boolean {
  if (node.type === 'element') {
    // hast keeps a class attribute as a list, whether it came from Markdown or from HTML in a slide.
    const cls = node.properties.className;
    if (Array.isArray(cls) && cls.includes(CODE_CLASS)) return true;
  }
  return 'children' in node && (node.children as ElementContent[]).some(hasCodeBlock);
}
export const MAX_CODE_LINE = 10_000;
/** highlight.js takes time quadratic in a line's length on some grammars (bash over a line of digits). */
export const MAX_HIGHLIGHT_LINE = 2000;

const ellipsis = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}...` : s);

/** Why a block is shown without highlighting, or null when it can be highlighted. */
export function highlightSkipReason(code: string): string | null {
  let longest = 0;
  for (let start = 0; start <= code.length; ) {
    const nl = code.indexOf('\n', start);
    const end = nl === -1 ? code.length : nl;
    longest = Math.max(longest, end - start);
    start = end + 1;
  }
  return longest > MAX_HIGHLIGHT_LINE ? `a line of ${longest} characters (highlighting stops at ${MAX_HIGHLIGHT_LINE})` : null;
}

/** Splits an info string like `python [1|3-4]` into a language and steps. Returns an error message if malformed. */
export function parseCodeInfo(lang: string | null | undefined, meta: string | null | undefined): CodeInfo | { error: string } {
  const info = `${lang ?? ''} ${meta ?? ''}`.trim();
  if (!info.includes('[')) return { lang: info.split(/\s+/)[0] ?? '', steps: null, startFrom: 1, raw: null };
  const m = STEP_SYNTAX.exec(info);
  const rest = m ? info.replace(m[0], '').trim() : info;
  if (!m || rest.includes('[') || rest.includes(']')) {
    return { error: `code steps "${info.slice(info.indexOf('['))}" are not reveal.js step syntax` };
  }
  const raw = m[3]!.trim();
  const written = `"${ellipsis(info.slice(info.indexOf('[')), 40)}"`;
  // Each step repeats the whole block in the page, and a range is expanded line by line: both need a bound.
  const stepCount = raw.split('|').length;
  if (stepCount > MAX_CODE_STEPS) return { error: `code steps ${written} are ${stepCount} steps; a block may have at most ${MAX_CODE_STEPS}` };
  const biggest = Math.max(0, ...(raw.match(/\d+/g) ?? []).map(Number));
  if (biggest > MAX_CODE_LINE) return { error: `code steps ${written} name line ${biggest}; steps may name lines up to ${MAX_CODE_LINE}` };
  const steps = raw.split('|').map((step) =>
    step
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean)
      .flatMap((r) => {
        const [a, b] = r.split('-').map((n) => Number.parseInt(n, 10));
        if (a === undefined || Number.isNaN(a)) return [];
        const end = b === undefined || Number.isNaN(b) ? a : b;
        return Array.from({ length: Math.max(0, end - a + 1) }, (_, i) => a + i);
      }),
  );
  return { lang: rest.split(/\s+/)[0] ?? '', steps, startFrom: m[2] ? Number.parseInt(m[2], 10) : 1, raw };
}

/** Splits highlighted tokens into one array of nodes per source line, re-opening spans that cross a newline. */
function splitLines(nodes: ElementContent[]): ElementContent[][] {
  const lines: ElementContent[][] = [[]];
  const walk = (list: ElementContent[], wrap: (c: ElementContent[]) => ElementContent[]) => {
    for (const node of list) {
      if (node.type === 'text') {
        node.value.split('\n').forEach((part, i) => {
          if (i > 0) lines.push([]);
          if (part) lines[lines.length - 1]!.push(...wrap([{ type: 'text', value: part }]));
        });
      } else if (node.type === 'element') {
        const shell = (c: ElementContent[]): ElementContent[] => wrap([{ ...node, children: c }]);
        walk(node.children, shell);
      }
    }
  };
  walk(nodes, (c) => c);
  return lines;
}

export function isKnownLanguage(lang: string): boolean {
  if (lang === '') return false;
  ensureLanguage(lang);
  return lowlight.registered(lang);
}

/**
 * Highlights code at build time and lays it out as reveal.js would after its highlight plugin ran: one `<code>`
 * per step, later steps as fragments stacked over the first, so steps work without shipping a highlighter.
 */
export function highlightCode(code: string, info: CodeInfo, highlight = true): Element[] {
  const tokens: ElementContent[] = highlight && isKnownLanguage(info.lang)
    ? (lowlight.highlight(info.lang, code).children as ElementContent[])
    : [{ type: 'text', value: code } as Text];
  const lines = splitLines(tokens);
  const steps = info.steps ?? [[]];
  return steps.map((highlighted, step): Element => {
    const properties: Element['properties'] = {
      className: [CODE_CLASS, ...(info.lang ? [`language-${info.lang}`] : []), ...(step > 0 ? ['fragment'] : [])],
    };
    if (info.steps) {
      properties.dataLineNumbers = info.raw ?? '';
      properties.style = `counter-reset: gd-line ${info.startFrom - 1}`;
    }
    if (highlighted.length) properties.className = [...(properties.className as string[]), 'has-highlights'];
    if (step > 0) properties.dataCodeStep = String(step + 1);
    const children: ElementContent[] = [];
    lines.forEach((line, i) => {
      if (i > 0) children.push({ type: 'text', value: '\n' });
      // As reveal.js's highlight plugin: step numbers count lines within the block, whatever `[5: ...]` displays.
      const lit = highlighted.includes(i + 1);
      children.push({
        type: 'element',
        tagName: 'span',
        properties: { className: lit ? ['line', 'highlight-line'] : ['line'] },
        children: line,
      });
    });
    return { type: 'element', tagName: 'code', properties, children };
  });
}

export type { HastRoot };
