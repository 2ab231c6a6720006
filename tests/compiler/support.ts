import type { ElementContent, Root as HastRoot, RootContent } from 'hast';
import { type CompileResult, compileDeck, renderSlides } from '../../src/compiler/index.js';
import type { Diagnostic } from '../../src/compiler/diagnostics.js';
import { formatLocation } from '../../src/compiler/source.js';

type Diagnosed = { diagnostics: Diagnostic[] };

/** Joins lines with `\n`, so a test's source reads line by line and positions can be counted. */
export const lines = (...ls: string[]): string => ls.join('\n');

/** Compiles files given as `{ 'a.md': text }`, in that order. */
export function compile(files: Record<string, string> | string): CompileResult {
  const entries = typeof files === 'string' ? [['deck.md', files] as const] : Object.entries(files);
  return compileDeck(entries.map(([path, text]) => ({ path, text })));
}

/** Diagnostics as `file:line:col severity: message`, the way they read in a terminal (without hints). */
export const problems = (r: Diagnosed): string[] =>
  r.diagnostics.map((d) => `${formatLocation(d.location)} ${d.severity}: ${d.message}`);

export const errors = (r: Diagnosed) => r.diagnostics.filter((d) => d.severity === 'error');
export const warnings = (r: Diagnosed) => r.diagnostics.filter((d) => d.severity === 'warning');

/** The only diagnostic of a compile; fails when there is not exactly one. */
export function only(r: Diagnosed): Diagnostic {
  if (r.diagnostics.length !== 1) throw new Error(`expected one diagnostic, got:\n${problems(r).join('\n') || '(none)'}`);
  return r.diagnostics[0]!;
}

export const where = (d: { location: { file: string; line: number; column: number } }) => formatLocation(d.location);

/** The text of a hast tree, whitespace collapsed. */
export function text(node: HastRoot | RootContent | ElementContent | null): string {
  if (!node) return '';
  const raw = (n: HastRoot | RootContent | ElementContent): string =>
    n.type === 'text' ? n.value : 'children' in n ? (n.children as RootContent[]).map(raw).join(' ') : '';
  return raw(node).replace(/\s+/g, ' ').trim();
}

/** The deck's slides as their text: a string per horizontal slide, an array for a vertical stack. */
export function outline(r: CompileResult): Array<string | string[]> {
  return r.deck.columns.map((column) => (column.length === 1 ? text(column[0]!.content) : column.map((s) => text(s.content))));
}

export const html = (r: CompileResult): string => renderSlides(r.deck);
