import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Code, Nodes as MdastNodes, Parent as MdastParent, Root as MdastRoot } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { toHast } from 'mdast-util-to-hast';
import { toString } from 'mdast-util-to-string';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import rehypeRaw from 'rehype-raw';
import { unified } from 'unified';
// Before any parse: a linear replacement for a quadratic step inside micromark.
import './micromarkEditMap.js';
import { parseAttributes, SOURCE_ATTRIBUTES, type SourceAttributes } from '../widgets/attributes.js';
import { elementName, WIDGETS } from '../widgets/registry.js';
import type { ActKind, WidgetUse } from './deck.js';
import type { Diagnostics } from './diagnostics.js';
import { highlightCode, highlightSkipReason, parseCodeInfo } from './highlight.js';
import { crowdedParagraph, MARKER_CHARACTERS, MAX_INLINE_MARKERS } from './inlineMarkers.js';
import { deepContainerLine, isStackOverflow, nestingHint, nestingMessage, tooDeepNode } from './nesting.js';
import type { Location, SourceFile } from './source.js';
import { closest, didYouMean } from '../suggest.js';

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);
// hast-util-raw keeps source positions only when given the file, which unified hands to rehype-raw.
const reparser = unified().use(rehypeRaw);

/** Past this, micromark's time per slide grows faster than its size (mostly garbage collection); no slide needs it. */
export const MAX_SLIDE = 100_000;

export const ACT_DIRECTIVES: readonly ActKind[] = ['prologue', 'act', 'finale'];
const DIRECTIVE_NAMES = [...ACT_DIRECTIVES, ...WIDGETS.keys()];

/** An act directive found in a slide: `::act[Unmasking the Villain]{subtitle="..."}`. */
export interface ActMark {
  kind: ActKind;
  title: string;
  subtitle: string | null;
  location: Location;
}

export interface ParsedMarkdown {
  hast: HastRoot;
  acts: ActMark[];
  widgets: Omit<WidgetUse, 'id'>[];
}

interface Context {
  file: SourceFile;
  base: number;
  diagnostics: Diagnostics;
  /** Whether directives are allowed (not in speaker notes). */
  directives: boolean;
}

/** Parses one slide's (or its notes') Markdown into HTML's tree, applying directives and build-time highlighting. */
export function parseMarkdown(file: SourceFile, start: number, end: number, diagnostics: Diagnostics, directives = true): ParsedMarkdown {
  const ctx: Context = { file, base: start, diagnostics, directives };
  const text = file.text.slice(start, end);
  const acts: ActMark[] = [];
  const widgets: Omit<WidgetUse, 'id'>[] = [];
  // Input the parsers would take minutes or the whole stack on is refused before parsing, with where and why.
  const refuse = (offset: number, message: string, hint: string): ParsedMarkdown => {
    diagnostics.error(file.locationAt(start + offset), message, hint);
    return { hast: { type: 'root', children: [] }, acts, widgets };
  };
  const tooDeep = (offset: number) => refuse(offset, nestingMessage, nestingHint);
  if (text.length > MAX_SLIDE) {
    const what = directives ? 'slide' : "slide's notes";
    return refuse(0, `this ${what} has ${text.length} characters of Markdown (more than ${MAX_SLIDE} make parsing it slow)`, 'split it into several slides with `---`');
  }
  const deepLine = deepContainerLine(text);
  if (deepLine !== -1) return tooDeep(deepLine);
  const crowded = crowdedParagraph(text);
  if (crowded) {
    return refuse(
      crowded.offset,
      `this paragraph has ${crowded.count} of the characters ${MARKER_CHARACTERS} (more than ${MAX_INLINE_MARKERS} make parsing it slow)`,
      'split it with blank lines, escape the characters that are not markup (\\*), or put the text in a code block',
    );
  }
  const tree = parser.parse(text) as MdastRoot;
  const deepNode = tooDeepNode(tree as MdastParent);
  if (deepNode) return tooDeep(deepNode.position?.start.offset ?? 0);
  transform(tree, ctx, acts, widgets);
  let hast: HastRoot;
  try {
    hast = reparser.runSync(toHast(tree, { allowDangerousHtml: true }) as HastRoot, text) as HastRoot;
  } catch (e) {
    // Raw HTML nests only once parsed; thousands of unclosed tags overflow hast-util-raw before they can be measured.
    if (isStackOverflow(e)) return tooDeep(0);
    throw e;
  }
  const deepElement = tooDeepNode(hast);
  if (deepElement) return tooDeep(deepElement.position?.start.offset ?? 0);
  return { hast, acts, widgets };
}

const locate = (ctx: Context, node: { position?: { start: { offset?: number } } }): Location =>
  ctx.file.locationAt(ctx.base + (node.position?.start.offset ?? 0));

/** Column of `name=` inside a directive's opening line, so attribute errors point at the attribute. */
function attributeLocation(ctx: Context, node: LeafDirective | ContainerDirective, name: string): Location {
  const start = ctx.base + (node.position?.start.offset ?? 0);
  const lineEnd = ctx.file.text.indexOf('\n', start);
  // Quoted values are blanked out (same length), so `caption="2 workers=1"` cannot be mistaken for an attribute.
  const line = ctx.file.text.slice(start, lineEnd === -1 ? undefined : lineEnd).replace(/"[^"]*"|'[^']*'/g, (q) => ' '.repeat(q.length));
  const at = line.search(new RegExp(`[{\\s]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(=|[\\s}])`));
  return ctx.file.locationAt(at === -1 ? start : start + at + 1);
}

function transform(parent: MdastParent, ctx: Context, acts: ActMark[], widgets: Omit<WidgetUse, 'id'>[]): void {
  const children = parent.children as MdastNodes[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    switch (node.type) {
      case 'textDirective': {
        // gildeck defines no inline directives: `a:b` in prose stays the text the author wrote.
        const s = ctx.base + (node.position?.start.offset ?? 0);
        const e = ctx.base + (node.position?.end.offset ?? 0);
        children[i] = { type: 'text', value: ctx.file.text.slice(s, e) };
        continue;
      }
      case 'leafDirective':
      case 'containerDirective': {
        const replacement = directive(node, ctx, acts, widgets);
        if (replacement) children[i] = replacement;
        else children.splice(i--, 1);
        continue;
      }
      case 'code':
        children[i] = code(node, ctx);
        continue;
    }
    if ('children' in node) transform(node, ctx, acts, widgets);
  }
}

function directive(
  node: LeafDirective | ContainerDirective,
  ctx: Context,
  acts: ActMark[],
  widgets: Omit<WidgetUse, 'id'>[],
): MdastNodes | null {
  const location = locate(ctx, node);
  const colons = node.type === 'leafDirective' ? '::' : ':::';
  if (!ctx.directives) {
    ctx.diagnostics.error(location, `"${colons}${node.name}" cannot be used in speaker notes`, 'move it above the `Note:` line');
    return null;
  }
  if ((ACT_DIRECTIVES as readonly string[]).includes(node.name)) {
    const title = toString(node.type === 'leafDirective' ? node : { type: 'paragraph', children: [] }).trim();
    if (node.type !== 'leafDirective' || !title) {
      ctx.diagnostics.error(location, `an act needs a title in brackets`, `write \`::${node.name}[Unmasking the Villain]\` on its own line`);
      return null;
    }
    const attrs = node.attributes ?? {};
    for (const key of Object.keys(attrs)) {
      if (key !== 'subtitle') ctx.diagnostics.error(attributeLocation(ctx, node, key), `unknown attribute "${key}" for "::${node.name}"`, `${didYouMean(key, ['subtitle'])}an act takes only subtitle="..."`);
    }
    acts.push({ kind: node.name as ActKind, title, subtitle: attrs.subtitle ?? null, location });
    return null;
  }
  const widget = WIDGETS.get(node.name);
  if (!widget) {
    ctx.diagnostics.error(
      location,
      `unknown directive "${colons}${node.name}"`,
      `${didYouMean(node.name, DIRECTIVE_NAMES)}widgets: ${[...WIDGETS.keys()].join(', ')}; acts: ${ACT_DIRECTIVES.map((a) => `::${a}[Title]`).join(', ')}`,
    );
    return null;
  }
  const written: Record<string, string> = {};
  for (const [k, v] of Object.entries(node.attributes ?? {})) if (v !== null && v !== undefined) written[k] = v;
  // A recordable widget's trace= and engine= say where its runs come from; they are not attributes of the run.
  const attributes: Record<string, string> = { ...written };
  const source: SourceAttributes = {};
  if (widget.recordable) {
    for (const [name, a] of Object.entries(SOURCE_ATTRIBUTES) as Array<[keyof SourceAttributes, (typeof SOURCE_ATTRIBUTES)[keyof SourceAttributes]]>) {
      const value = attributes[name];
      delete attributes[name];
      if (value === undefined) continue;
      const why = a.problem(value);
      if (why) ctx.diagnostics.error(attributeLocation(ctx, node, name), `"${name}" of widget "${widget.name}" must be ${a.allowed}, not "${value}"`, why);
      else (source as Record<string, string>)[name] = value;
    }
  }
  const { values, problems } = parseAttributes(widget, attributes, closest);
  for (const p of problems) ctx.diagnostics.error(attributeLocation(ctx, node, p.attribute), p.message, p.hint);
  const caption = node.type === 'containerDirective' && node.children.some((c) => !(c.data as { directiveLabel?: boolean } | undefined)?.directiveLabel);
  widgets.push({ name: widget.name, values, written, location, caption, ...(Object.keys(source).length ? { source } : {}) });
  const element = { type: 'gdWidget', data: { hName: elementName(widget.name), hProperties: {} }, children: [] };
  const figureChildren: unknown[] = [element];
  if (caption) {
    const content = (node as ContainerDirective).children.filter((c) => !(c.data as { directiveLabel?: boolean } | undefined)?.directiveLabel);
    figureChildren.push({ type: 'gdCaption', data: { hName: 'figcaption' }, children: content });
  }
  // Attributes are filled in when slide positions (and so widget ids) are known: stampWidgets in compile.ts.
  return { type: 'gdFigure', data: { hName: 'figure', hProperties: { className: ['gd-widget'], dataWidget: widget.name } }, children: figureChildren } as unknown as MdastNodes;
}

/** Replaces a fenced code block with its highlighted `<pre>`, built here rather than by mdast-util-to-hast. */
function code(node: Code, ctx: Context): MdastNodes {
  const info = parseCodeInfo(node.lang, node.meta);
  if ('error' in info) {
    ctx.diagnostics.error(locate(ctx, node), info.error, 'write steps like ```python [1|3-4] (lines 1, then 3 to 4) or [5: 1,3] to number from 5 (steps still count from the block\'s first line)');
    return node;
  }
  // micromark keeps CRLF in code; a CR left before each line's end would show as an extra blank line in `<pre>`.
  const value = node.value.replace(/\r\n?/g, '\n');
  const lineCount = value.split('\n').length;
  for (const line of (info.steps ?? []).flat()) {
    if (line > lineCount || line < 1) {
      ctx.diagnostics.warn(locate(ctx, node), `code step highlights line ${line}, but the block has ${lineCount} line${lineCount === 1 ? '' : 's'}`, 'steps count lines within the block, from 1');
      break;
    }
  }
  const skip = info.lang ? highlightSkipReason(value) : null;
  if (skip) ctx.diagnostics.warn(locate(ctx, node), `this code block is shown without highlighting: ${skip}`, 'wrap long lines, or write the block without a language to silence this');
  const codes: ElementContent[] = highlightCode(value, info, !skip);
  const className = ['gd-code', ...(info.steps && info.steps.length > 1 ? ['gd-code-steps'] : [])];
  return { type: 'gdCode', position: node.position, data: { hName: 'pre', hProperties: { className }, hChildren: codes as Element[] } } as unknown as MdastNodes;
}
