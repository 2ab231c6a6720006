import { fencedRanges } from './slides.js';

/**
 * How deep Markdown and HTML may nest. The parsers and tree walkers recurse once per level, so a deck nested
 * thousands deep would overflow the stack (or take minutes in micromark's container tokenizer); no slide needs
 * more than a few dozen levels.
 */
export const MAX_NESTING = 100;

export const nestingMessage = `nesting deeper than ${MAX_NESTING} levels`;
export const nestingHint = 'flatten the quotes, lists or HTML elements here; a slide rarely needs more than a few levels';

const isBlank = (c: number) => c === 32 || c === 9;

/**
 * The offset of the first line (outside fenced code) that opens more than MAX_NESTING block containers (`>`, `-`,
 * `1.`, `:::name`), or -1. Checked on the text because micromark spends time quadratic in a line's container count before any
 * tree exists to measure.
 */
export function deepContainerLine(text: string, from = 0, to = text.length): number {
  const fences = fencedRanges(text, from, to);
  let fence = 0;
  let directives = 0;
  for (let start = from; start < to; ) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 || nl > to ? to : nl;
    while (fence < fences.length && fences[fence]![1] <= start) fence++;
    const inFence = fence < fences.length && fences[fence]![0] <= start;
    if (!inFence) {
      if (end - start > MAX_NESTING && containerCount(text, start, end) > MAX_NESTING) return start;
      // Container directives nest until a bare `:::` closes them.
      const fenceLine = /^[ \t]*:{3,}(\S?)/.exec(text.slice(start, Math.min(end, start + 200)));
      if (fenceLine) directives = fenceLine[1] ? directives + 1 : Math.max(0, directives - 1);
      if (directives > MAX_NESTING) return start;
    }
    start = end + 1;
  }
  return -1;
}

/** Container markers at the start of a line: `> - 1. > ` counts 4; indentation counts a level per two columns. */
function containerCount(text: string, start: number, end: number): number {
  let i = start;
  let columns = 0;
  for (; i < end && isBlank(text.charCodeAt(i)); i++) columns += text.charCodeAt(i) === 9 ? 4 : 1;
  // Lists also nest by indentation, two or more columns a level.
  let count = Math.floor(columns / 2);
  for (;;) {
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (i >= end) return count;
    if (c === 62 /* > */) {
      count++;
      i++;
      continue;
    }
    if ((c === 45 || c === 42 || c === 43) /* - * + */ && (i + 1 >= end || isBlank(text.charCodeAt(i + 1)))) {
      count++;
      i += 1;
      continue;
    }
    let d = i;
    while (d < end && d - i < 9 && text.charCodeAt(d) >= 48 && text.charCodeAt(d) <= 57) d++;
    const after = text.charCodeAt(d);
    if (d > i && (after === 46 || after === 41) /* . ) */ && (d + 1 >= end || isBlank(text.charCodeAt(d + 1)))) {
      count++;
      i = d + 1;
      continue;
    }
    return count;
  }
}

interface Tree {
  children?: Tree[];
  position?: { start: { offset?: number } } | undefined;
}

/** The first node nested deeper than MAX_NESTING in a tree (walked without recursion), or null. */
export function tooDeepNode<T extends Tree>(root: T): T | null {
  const stack: Array<[Tree, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) return node as T;
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, depth + 1]);
  }
  return null;
}

/** Whether an error is the engine's stack overflow, which deep nesting the checks above missed would cause. */
export const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);
