import { compileSeparator, separatorMatches, separatorTest } from './separator.js';

/** A slide's text as a range of offsets in its file. */
export interface SlideRange {
  start: number;
  end: number;
}

/** reveal.js markdown plugin defaults; a deck may override them in front matter like `data-separator`. */
export const DEFAULT_SEPARATOR = '\\r?\\n---\\r?\\n';
export const DEFAULT_VERTICAL_SEPARATOR = '\\r?\\n--\\r?\\n';

/** Ranges of fenced code blocks, so separators and `Note:` lines inside code stay code. */
export function fencedRanges(text: string, from = 0, to = text.length): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const line = /^.*$/gm;
  line.lastIndex = from;
  let open: { char: string; length: number; start: number } | null = null;
  for (let m = line.exec(text); m && m.index < to; m = line.exec(text)) {
    if (m[0].length === 0) line.lastIndex++;
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(m[0].replace(/\r$/, ''));
    if (!open) {
      if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) open = { char: fence[1]![0]!, length: fence[1]!.length, start: m.index };
    } else if (fence && fence[1]![0] === open.char && fence[1]!.length >= open.length && fence[2]!.trim() === '') {
      ranges.push([open.start, m.index + m[0].length]);
      open = null;
    }
  }
  if (open) ranges.push([open.start, to]);
  return ranges;
}

const inside = (ranges: Array<[number, number]>, offset: number) => ranges.some(([a, b]) => offset >= a && offset < b);

/**
 * Splits text into columns of slides the way reveal.js's markdown plugin does (same patterns, same stacking
 * rule, matched in linear time by RE2: see separator.ts), except that separators inside fenced code are left alone.
 */
export function splitSlides(text: string, from: number, separator: string, verticalSeparator: string | null): SlideRange[][] {
  const pattern = compileSeparator(separator + (verticalSeparator ? '|' + verticalSeparator : ''), true);
  const horizontal = compileSeparator(separator, false);
  const fences = fencedRanges(text, from);
  const columns: Array<SlideRange | SlideRange[]> = [];
  let last = from;
  let wasHorizontal = true;
  for (const m of separatorMatches(pattern, text, from)) {
    const found = text.slice(m.index, m.end);
    // A separator's leading newline may sit on the last line of a fence; the separator itself starts after it.
    if (inside(fences, m.index + (found.startsWith('\r\n') ? 2 : found.startsWith('\n') ? 1 : 0))) continue;
    const isHorizontal = separatorTest(horizontal, found);
    if (!isHorizontal && wasHorizontal) columns.push([]);
    const range = { start: last, end: m.index };
    if (isHorizontal && wasHorizontal) columns.push(range);
    else (columns[columns.length - 1] as SlideRange[]).push(range);
    last = m.end;
    wasHorizontal = isHorizontal;
  }
  const tail = { start: last, end: text.length };
  if (wasHorizontal) columns.push(tail);
  else (columns[columns.length - 1] as SlideRange[]).push(tail);
  return columns.map((c) => (Array.isArray(c) ? c : [c]));
}

/** Where a slide's speaker notes begin: the first line starting `Note:` or `Notes:` outside fenced code. */
export function findNotes(text: string, range: SlideRange): { notesStart: number; bodyStart: number } | null {
  const fences = fencedRanges(text, range.start, range.end);
  const re = /^notes?:[ \t]*/gim;
  re.lastIndex = range.start;
  for (let m = re.exec(text); m && m.index < range.end; m = re.exec(text)) {
    if (!inside(fences, m.index)) return { notesStart: m.index, bodyStart: m.index + m[0].length };
  }
  return null;
}
