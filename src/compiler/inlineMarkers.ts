import { fencedRanges } from './slides.js';

/**
 * How many inline markers (emphasis, links, directives, code, strikethrough, HTML, entities) one paragraph may
 * hold. micromark matches them in time quadratic in the paragraph (`*a` repeated over 40 KB took 2.5 s, `]` 6 s,
 * a 3.4 MB line of code spans 78 s); prose has a few dozen.
 */
export const MAX_INLINE_MARKERS = 2000;

export const MARKER_CHARACTERS = '* _ [ ] : ` ~ < &';
const MARKERS = new Set(MARKER_CHARACTERS.split(' '));
/** CommonMark's HTML block starts, kinds 1 to 6: comments, `<script>`, `<div>` and the other block-level tags. */
const HTML_BLOCK_START =
  /^[ \t>]*<(?:!--|\?|![A-Za-z]|!\[CDATA\[|\/?(?:script|pre|style|textarea|address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[\s/>]|$))/i;
/** Kind 7: a line holding one complete tag and nothing else, such as `<svg viewBox="0 0 10 10">`. */
const LONE_TAG = /^[ \t>]*(?:<\/[A-Za-z][\w-]*\s*>|<[A-Za-z][\w-]*(?:\s+[^\s"'=<>`/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>)[ \t]*\r?$/;
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
      if (start === -1) html = HTML_BLOCK_START.test(line) || LONE_TAG.test(line);
      if (start === -1 || BLOCK_START.test(line)) {
        start = lineStart;
        count = 0;
      }
      if (!html) {
        for (let i = 0; i < line.length; i++) {
          const c = line[i]!;
          if (c === '\\') i++;
          else if (MARKERS.has(c) && ++count > MAX_INLINE_MARKERS) return measure(text, start, to);
        }
      }
    }
    lineStart = end + 1;
  }
  return null;
}

/** The markers of the paragraph from `start`, for the message. */
function measure(text: string, start: number, to: number): { offset: number; count: number } {
  const blank = /\n[ \t>]*\r?\n/g;
  blank.lastIndex = start;
  const end = Math.min(to, blank.exec(text)?.index ?? to);
  let count = 0;
  for (let i = start; i < end; i++) if (text[i] === '\\') i++;
  else if (MARKERS.has(text[i]!)) count++;
  return { offset: start, count };
}
