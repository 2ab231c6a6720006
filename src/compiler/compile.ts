import type { Comment, Element, Root as HastRoot } from 'hast';
import { formatValue } from '../widgets/attributes.js';
import { elementName } from '../widgets/registry.js';
import { type ParsedSlide, layoutActs } from './acts.js';
import { applyAttributeComments } from './attributeComments.js';
import type { DeckTree, Slide, WidgetUse } from './deck.js';
import { type Diagnostic, Diagnostics } from './diagnostics.js';
import { type FrontMatter, findFrontMatter, parseFrontMatter } from './frontMatter.js';
import { parseMarkdown } from './markdown.js';
import { findLocalReferences, findRemoteReferences, findRemoteSlideAttributes } from './offline.js';
import { DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR, findNotes, type SlideRange, splitSlides } from './slides.js';
import { isStackOverflow, nestingHint, nestingMessage } from './nesting.js';
import { type Location, SourceFile } from './source.js';

export interface DeckFile {
  /** The path as the user should see it in errors, e.g. `slides/02-act-two.md`. */
  path: string;
  text: string;
}

export interface CompileResult {
  deck: DeckTree;
  diagnostics: Diagnostic[];
  ok: boolean;
}

/**
 * Compiles Markdown files (in deck order) into a typed deck tree. Pure: no file system. Never throws on bad
 * input; every problem comes back as a positioned diagnostic.
 */
export function compileDeck(files: readonly DeckFile[], options: { cache?: SlideCache } = {}): CompileResult {
  const cache = options.cache ?? defaultCache;
  const diagnostics = new Diagnostics();
  const sources = files.map((f) => new SourceFile(f.path, f.text.replace(/^\uFEFF/, '')));
  const first = sources[0];
  if (!first) throw new Error('compileDeck needs at least one file');

  // 1. Front matter: only at the top of the first file.
  let meta: FrontMatter = { reveal: {} };
  const bodyStarts = sources.map((source, i) => {
    const fm = findFrontMatter(source.text);
    if (!fm) return 0;
    if (i === 0) {
      meta = guarded(source.locationAt(fm.yamlStart), diagnostics, () => parseFrontMatter(source, fm.yamlStart, fm.yamlEnd, diagnostics), () => ({ reveal: {} }), 'front matter');
      return fm.bodyStart;
    }
    diagnostics.error(source.locationAt(0), `front matter is only read at the top of the first file (${first.path})`, 'move these keys there, or start this file with its first slide');
    return fm.bodyStart;
  });

  // 2. Slides: split each file by separators; each file starts a new horizontal slide.
  const separator = meta.separator ?? DEFAULT_SEPARATOR;
  const vertical = meta.verticalSeparator ?? DEFAULT_VERTICAL_SEPARATOR;

  // 3. Parse every slide: notes, Markdown, directives, highlighting, attribute comments, offline check.
  const parsed: ParsedSlide[][] = sources.flatMap((source, i) =>
    splitSlides(source.text, bodyStarts[i]!, separator, vertical).map((column) =>
      column.map((range) => parseSlideCached(source, range, diagnostics, cache)),
    ),
  );

  // 4. Acts: numbering, generated slides, indicators.
  const { acts, columns } = layoutActs(meta, parsed, first.locationAt(bodyStarts[0]!), diagnostics);

  // 5. Widgets get ids from their place in the deck, and their validated attributes.
  columns.forEach((column, c) => column.forEach((slide, r) => stampWidgets(slide, c, r)));

  const deck: DeckTree = { meta, files: files.map((f) => f.path), acts, columns };
  // Reported in reading order: by file in deck order, then line and column.
  const order = new Map(files.map((f, i) => [f.path, i]));
  const sorted = [...diagnostics.items].sort(
    (a, b) => (order.get(a.location.file) ?? 0) - (order.get(b.location.file) ?? 0) || a.location.line - b.location.line || a.location.column - b.location.column,
  );
  return { deck, diagnostics: sorted, ok: diagnostics.errors.length === 0 };
}

/** A parsed slide as a cache keeps it: plain data, so it can live in memory or on disk. */
export interface CachedSlide {
  parsed: ParsedSlide;
  diagnostics: Diagnostic[];
}

/**
 * Where parsed slides are kept between compilations. Parsing a slide depends only on its file's name, its text
 * and where it starts, so a rebuild re-parses only the slides an edit touched. The CLI backs it with a folder so
 * a fresh process reuses slides too; by default it is this process's memory.
 */
export interface SlideCache {
  get(key: string): CachedSlide | undefined;
  set(key: string, value: CachedSlide): void;
}

export function memorySlideCache(limit = 2000): SlideCache {
  const map = new Map<string, CachedSlide>();
  return {
    get: (key) => map.get(key),
    set(key, value) {
      if (map.size >= limit) map.delete(map.keys().next().value!);
      map.set(key, value);
    },
  };
}

const defaultCache = memorySlideCache();

function parseSlideCached(source: SourceFile, range: SlideRange, diagnostics: Diagnostics, cache: SlideCache): ParsedSlide {
  // Offset and line both: positions in errors and widgets depend on where the slide starts.
  const key = `${source.path}\0${range.start}\0${source.pointAt(range.start).line}\0${source.text.slice(range.start, range.end)}`;
  let hit = cache.get(key);
  if (!hit) {
    const own = new Diagnostics();
    hit = { parsed: guarded(source.locationAt(range.start), own, () => parseSlide(source, range, own), () => emptySlide(source, range)), diagnostics: own.items };
    cache.set(key, hit);
  }
  diagnostics.items.push(...hit.diagnostics);
  // Later steps mutate slides (acts, widget ids): never hand out what the cache holds.
  const parsed = hit.parsed;
  return guarded(source.locationAt(range.start), diagnostics, () => structuredClone(parsed), () => emptySlide(source, range));
}

/**
 * Runs one step of the compile; a bug or a limit the checks missed becomes an error at `location` (the slide's
 * start), so one bad slide costs a diagnostic, not the build and not a stack trace.
 */
function guarded<T>(location: Location, diagnostics: Diagnostics, step: () => T, fallback: () => T, what = 'slide'): T {
  try {
    return step();
  } catch (e) {
    if (isStackOverflow(e)) diagnostics.error(location, `this ${what} could not be compiled: ${nestingMessage}`, nestingHint);
    else {
      diagnostics.error(
        location,
        `internal error while compiling this ${what}: ${e instanceof Error ? e.message : String(e)}`,
        `this is a bug in gildeck, not in your deck: please report it with this ${what}; until then, simplify it to find the part it trips on`,
      );
    }
    return fallback();
  }
}

function emptySlide(source: SourceFile, range: SlideRange): ParsedSlide {
  const slide: Slide = { kind: 'content', location: source.locationAt(range.start), content: { type: 'root', children: [] }, notes: null, attributes: {}, act: null, widgets: [], localFiles: [], indicator: null };
  return { slide, acts: [], onlyActMark: false };
}

function parseSlide(source: SourceFile, range: SlideRange, diagnostics: Diagnostics): ParsedSlide {
  const notesAt = findNotes(source.text, range);
  const body = parseMarkdown(source, range.start, notesAt?.notesStart ?? range.end, diagnostics);
  const notesHast: HastRoot | null = notesAt ? parseMarkdown(source, notesAt.bodyStart, range.end, diagnostics, false).hast : null;

  const attributes: Record<string, string> = {};
  const report = (base: number) => (comment: Comment, message: string, hint: string) =>
    diagnostics.warn(source.locationAt(base + (comment.position?.start.offset ?? 0)), message, hint);
  applyAttributeComments(body.hast, attributes, report(range.start));
  // reveal.js reads comments below `Note:` too (the notes are inside the slide's `<section>` when it does).
  if (notesHast && notesAt) applyAttributeComments(notesHast, attributes, report(notesAt.bodyStart));

  // Notes are part of the page too (reveal.js reads them from the DOM), so their images load like the slide's.
  // A slide attribute's URL is reported where it is written in its `name="value"`, looked up once per attribute.
  const slideText = source.text.slice(range.start, range.end);
  const written = new Map<string, number>();
  const valueAt = (attribute: string, value: string): number => {
    if (!written.has(attribute)) {
      const at = slideText.indexOf(`${attribute}="${value}"`);
      written.set(attribute, at === -1 ? slideText.indexOf(value) : at + attribute.length + 2);
    }
    return written.get(attribute)!;
  };
  const remote = [
    ...findRemoteReferences(body.hast).map((ref) => ({ ...ref, offset: ref.element.position?.start.offset, base: range.start })),
    ...(notesHast && notesAt ? findRemoteReferences(notesHast).map((ref) => ({ ...ref, offset: ref.element.position?.start.offset, base: notesAt.bodyStart })) : []),
    ...findRemoteSlideAttributes(attributes).map((ref) => {
      const at = valueAt(ref.attribute, ref.value);
      return { ...ref, offset: at === -1 ? undefined : at + ref.start, base: range.start };
    }),
  ];
  for (const { url, problem, offset, base } of remote) {
    diagnostics.error(
      source.locationAt(offset === undefined ? range.start : base + offset),
      problem?.message ?? `"${url}" would be fetched from the network when the slide is shown; decks work offline`,
      problem?.hint ?? 'download it into assets/ and write e.g. `assets/picture.png` instead',
    );
  }
  const notes = extractAsideNotes(body.hast, notesHast);

  const slide: Slide = {
    kind: 'content',
    location: source.locationAt(range.start),
    content: body.hast,
    notes,
    attributes,
    act: null,
    widgets: body.widgets.map((w) => ({ ...w, id: '' })),
    localFiles: findLocalReferences(body.hast).map((ref) => ({ url: ref.url, location: source.locationAt(range.start + (ref.element.position?.start.offset ?? 0)) })),
    indicator: null,
  };
  // Judged after `.slide:` comments and notes asides are taken out, so those stay with the act's title slide.
  const blank = body.hast.children.every((c) => c.type === 'text' && c.value.trim() === '');
  return { slide, acts: body.acts, onlyActMark: body.acts.length > 0 && blank };
}

/** Moves `<aside class="notes">` out of the slide body into its notes. */
function extractAsideNotes(body: HastRoot, notes: HastRoot | null): HastRoot | null {
  const asides: Element[] = [];
  const visit = (parent: HastRoot | Element) => {
    parent.children = parent.children.filter((c) => {
      if (c.type !== 'element') return true;
      const cls = c.properties.className;
      if (c.tagName === 'aside' && Array.isArray(cls) && cls.includes('notes')) {
        asides.push(c);
        return false;
      }
      visit(c);
      return true;
    });
  };
  visit(body);
  if (!asides.length) return notes;
  // As reveal.js joins a slide's notes: in document order (asides in the body, then the `Note:` text below them),
  // one line apart.
  const parts = [...asides.map((a) => a.children), ...(notes ? [notes.children as Element['children']] : [])];
  return { type: 'root', children: parts.flatMap((p, i) => (i ? [{ type: 'text' as const, value: '\n' }, ...p] : p)) };
}

function stampWidgets(slide: Slide, column: number, row: number): void {
  const uses: WidgetUse[] = slide.widgets;
  let n = 0;
  const visit = (parent: HastRoot | Element) => {
    for (const c of parent.children) {
      if (c.type !== 'element') continue;
      const use = uses[n];
      if (use && c.tagName === elementName(use.name)) {
        use.id = `w-${column}-${row}-${n}`;
        c.properties = { id: use.id };
        for (const [k, v] of Object.entries(use.values)) c.properties[k] = formatValue(v);
        if (use.source?.trace) c.properties.dataTrace = use.source.trace;
        if (use.source?.engine) c.properties.dataEngine = use.source.engine;
        n++;
      } else visit(c);
    }
  };
  visit(slide.content);
}
