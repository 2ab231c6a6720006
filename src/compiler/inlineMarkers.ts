import { fencedRanges } from './slides.js';

/**
 * How many emphasis, link and directive markers (`* _ [ ] :`) one paragraph may hold. micromark matches them in
 * time quadratic in the paragraph (`*a` repeated over 40 KB took 2.5 s, `]` repeated 6 s); prose has a few dozen.
 */
export const MAX_INLINE_MARKERS = 2000;

const MARKERS = new Set(['*', '_', '[', ']', ':']);
/** A line that starts its own inline content: a list item, a heading or a table row. */
const BLOCK_START = /^[ \t>]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t]|\|)/;

/** The first paragraph (outside fenced code and HTML blocks) with more markers than the limit: its offset and count. */
export function crowdedParagraph(text: string, from = 0, to = text.length): { offset: number; count: number } | null {
  const fences = fencedRanges(text, from, to);
  let fence = 0;
  let start = -1;
  let count = 0;
  let html = false;
  for (let lineStart = from; lineStart < to; ) {
    const nl = text.indexOf('\n', lineStart);
    const end = nl === -1 || nl > to ? to : nl;
    while (fence < fences.length && fences[fence]![1] <= lineStart) fence++;
    const line = text.slice(lineStart, end);
    if (fence < fences.length && fences[fence]![0] <= lineStart) {
      start = -1;
    } else if (/^[ \t>]*\r?$/.test(line)) {
      start = -1;
      html = false;
    } else {
      // HTML blocks are not parsed for emphasis or links; an inline SVG may hold thousands of these characters.
      if (start === -1) html = /^[ \t>]*</.test(line);
      if (start === -1 || BLOCK_START.test(line)) {
        start = lineStart;
        count = 0;
      }
      if (!html) {
        for (let i = 0; i < line.length; i++) {
          const c = line[i]!;
          if (c === '\\') i++;
          else if (MARKERS.has(c) && ++count > MAX_INLINE_MARKERS) return { offset: start, count: countAll(text, start, to) };
        }
      }
    }
    lineStart = end + 1;
  }
  return null;
}

/** Markers from `start` to the paragraph's end, for the message. */
function countAll(text: string, start: number, to: number): number {
  const blank = /\n[ \t>]*\r?\n/g;
  blank.lastIndex = start;
  const end = Math.min(to, blank.exec(text)?.index ?? to);
  let n = 0;
  for (let i = start; i < end; i++) if (text[i] === '\\') i++;
  else if (MARKERS.has(text[i]!)) n++;
  return n;
}
