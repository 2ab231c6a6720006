/**
 * Differential compatibility tests: gildeck promises that an existing reveal.js Markdown deck compiles unchanged.
 * For each deck in tests/fixtures/reveal-decks, the same Markdown text is rendered twice:
 *
 *  - by reveal.js 6 and its own markdown plugin, in Chromium (scripts from node_modules, no network), and
 *  - by gildeck's `compileDeck`,
 *
 * and the two must agree on: the horizontal slides and the vertical slides in each, every slide's speaker notes
 * (text, whitespace-normalized), the attributes `<!-- .slide: ... -->` comments put on the slide's `<section>`, and
 * the elements `<!-- .element: class="fragment" -->` comments (or inline HTML) mark as fragments, outside code.
 *
 * A deck's separators come from its front matter (gildeck) and are passed to reveal as `data-separator` and
 * `data-separator-vertical`; the front matter itself is not shown to reveal. Without front matter the separators
 * are reveal's horizontal default and gildeck's vertical default (reveal has none, so the page sets it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Element as HastElement, ElementContent, Root as HastRoot, RootContent } from 'hast';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compileDeck } from '../../src/compiler/index.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DECKS_DIR = join(ROOT, 'tests/fixtures/reveal-decks');
const REVEAL_JS = join(ROOT, 'node_modules/reveal.js/dist/reveal.js');
const MARKDOWN_JS = join(ROOT, 'node_modules/reveal.js/dist/plugin/markdown.js');

/** reveal's markdown plugin default, and gildeck's default vertical separator (reveal has none by default). */
const DEFAULT_SEPARATOR = '\\r?\\n---\\r?\\n';
const DEFAULT_VERTICAL_SEPARATOR = '\\r?\\n--\\r?\\n';

/** What both sides are compared on, for one slide. */
interface SlideShape {
  /** Speaker notes as text, whitespace collapsed; '' when the slide has none. */
  notes: string;
  /** Attributes from `<!-- .slide: ... -->` on the slide's `<section>`. */
  attributes: Record<string, string>;
  /** Tag names of `.fragment` elements outside `<pre>` and outside the notes, in document order. */
  fragments: string[];
}
type DeckShape = SlideShape[][];

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Deck {
  name: string;
  /** The whole file, as gildeck reads it. */
  text: string;
  /** What reveal sees: the file without its front matter. */
  body: string;
  separator: string;
  verticalSeparator: string;
}

/** Reads a fixture deck; front matter is parsed here with `yaml`, independently of gildeck's own parser. */
function loadDeck(name: string): Deck {
  const text = readFileSync(join(DECKS_DIR, name), 'utf8');
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  const meta = (fm ? parseYaml(fm[1]!) : {}) as { separator?: string; verticalSeparator?: string };
  return {
    name,
    text,
    body: fm ? text.slice(fm[0].length) : text,
    separator: meta.separator ?? DEFAULT_SEPARATOR,
    verticalSeparator: meta.verticalSeparator ?? DEFAULT_VERTICAL_SEPARATOR,
  };
}

const DECKS = readdirSync(DECKS_DIR)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map(loadDeck);

/**
 * The same decks as written on Windows (CRLF line endings), for the decks whose separators allow `\r?\n`
 * (the blank-line deck's `^\n\n\n` cannot match CRLF text in either implementation).
 */
const CRLF_DECKS: Deck[] = DECKS.filter((d) => d.separator.includes('\\r?') && d.verticalSeparator.includes('\\r?')).map((d) => ({
  ...d,
  name: `${d.name} (CRLF)`,
  text: d.text.replace(/\n/g, '\r\n'),
  body: d.body.replace(/\n/g, '\r\n'),
}));

/** Small decks that each pin down one rule, so a failure in a big deck has a minimal counterpart. */
const MINIMAL: Array<[string, string]> = [
  ['Note: and Notes: in any case', '# A\n\nNote: one\n\n---\n\n# B\n\nNOTES: two\n\n--\n\n# C\n\nnotes: three\n'],
  ['notes run to the end of the slide, Markdown included', '# A\n\nNote: first line\n\n- a *list*\n- in notes\n\n---\n\n# B\n'],
  ['an aside in the body', '# A\n\n<aside class="notes">Aside.</aside>\n\nText after.\n'],
  ['an aside and a Note: on one slide', '# A\n\n<aside class="notes">Aside.</aside>\n\nNote: Note.\n'],
  ['two asides on one slide', '# A\n\n<aside class="notes">One.</aside>\n\n<aside class="notes">Two.</aside>\n'],
  ['.slide: on horizontal and vertical slides', '<!-- .slide: data-background="a.png" -->\n# A\n\n---\n\n# B\n\n--\n\n<!-- .slide: data-state="x" data-transition="zoom" -->\n# C\n'],
  ['.element: at the end of list items', '# A\n\n- one <!-- .element: class="fragment" -->\n- two <!-- .element: class="fragment" -->\n'],
  ['.element: on the line after a list targets its last item', '# A\n\n- one\n- two\n<!-- .element: class="fragment" -->\n'],
  ['.element: after a blank line after a list targets the list', '# A\n\n- one\n- two\n\n<!-- .element: class="fragment" -->\n'],
  ['.element: on the line after an image', '# A\n\n![x](a.png)\n<!-- .element: class="fragment" -->\n'],
  ['.element: after an image on its line', '# A\n\n![x](a.png) <!-- .element: class="fragment" -->\n'],
  ['inline HTML fragments', '# A\n\n<p class="fragment">one</p>\n<p class="fragment">two</p>\n\n<span class="fragment">three</span>\n'],
  ['a vertical stack first, then horizontal', '# A\n\n--\n\n# A2\n\n---\n\n# B\n'],
  ['empty slides between separators', '# A\n\n---\n\n---\n\n# C\n'],
  ['a slide with nothing but notes', 'Note: only notes\n\n---\n\n# B\n'],
  ['a Note: line right under a paragraph', '# A\ntext\nNote: tail\n'],
  ['Note:/Notes: must start the line and be followed by a colon', '# A\n\nNote:tight\n\n---\n\n# B\n\nNotes about this: not notes\n\n> Note: quoted, not notes\n'],
  ['an aside holding Markdown paragraphs', '# A\n\n<aside class="notes">\n\nFirst *para*.\n\nSecond para.\n\n</aside>\n\nBody.\n'],
  ['.slide: comment below the Note: line', '# A\n\nNote: notes\n\n<!-- .slide: data-background="x.png" -->\n'],
  ['.slide: flags, class and id, two comments', '<!-- .slide: data-auto-animate -->\n<!-- .slide: class="center" id="intro" -->\n# A\n'],
  ['.element: in nested lists, headings and blockquotes', '# A <!-- .element: class="fragment" -->\n\n- one\n  - inner <!-- .element: class="fragment" -->\n- two\n\n## B\n<!-- .element: class="fragment" -->\n\n> quote <!-- .element: class="fragment" -->\n'],
  ['.element: after a blank line after an ordered list', '# A\n\n1. one\n2. two\n\n<!-- .element: class="fragment" -->\n'],
  ['a setext heading underlined with --- is a separator', 'Title\n---\n\ntext\n'],
  ['a vertical separator at the very start, and a trailing separator', '--\n\n# A\n\n---\n\n# B\n\n---\n'],
];
const MINIMAL_DECKS: Deck[] = MINIMAL.map(([name, text]) => ({
  name: `minimal: ${name}`,
  text,
  body: text,
  separator: DEFAULT_SEPARATOR,
  verticalSeparator: DEFAULT_VERTICAL_SEPARATOR,
}));
const ALL_DECKS = [...DECKS, ...CRLF_DECKS, ...MINIMAL_DECKS];

// ---------------------------------------------------------------------------------------------------------------
// reveal.js side

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reveal.js markdown reference</title></head>
<body><div class="reveal"><div class="slides">
<section data-markdown><textarea data-template></textarea></section>
</div></div></body></html>`;

/** Renders the deck with reveal.js + its markdown plugin and reads back the slides once reveal is ready. */
async function revealShape(page: Page, deck: Deck): Promise<DeckShape> {
  await page.setContent(PAGE);
  await page.addScriptTag({ path: REVEAL_JS });
  await page.addScriptTag({ path: MARKDOWN_JS });
  return page.evaluate(
    async ({ body, separator, verticalSeparator }) => {
      const w = window as any;
      const host = document.querySelector('section[data-markdown]')!;
      host.setAttribute('data-separator', separator);
      host.setAttribute('data-separator-vertical', verticalSeparator);
      // The plugin reads the template's textContent; setting it from JS avoids any HTML escaping of the deck.
      host.querySelector('textarea')!.textContent = body;

      // Plugins are initialised one after another, so this one sees exactly what the markdown plugin produced,
      // before reveal adds its own classes and attributes to the sections.
      const snapshot = {
        id: 'gildeck-compat-snapshot',
        init() {
          for (const s of document.querySelectorAll<HTMLElement>('.reveal .slides section')) {
            const attrs: Record<string, string> = {};
            for (const a of Array.from(s.attributes)) if (!/^data-markdown/.test(a.name)) attrs[a.name] = a.value;
            (s as any).__markdownAttributes = attrs;
          }
        },
      };
      await new Promise<void>((ready) => {
        w.Reveal.on('ready', () => ready());
        w.Reveal.initialize({ plugins: [w.RevealMarkdown, snapshot], hash: false, history: false, controls: false, progress: false });
      });

      const text = (html: string) => {
        const t = document.createElement('template');
        t.innerHTML = html;
        return t.content.textContent ?? '';
      };
      const slides = document.querySelector('.reveal .slides')!;
      const sections = (el: Element) => Array.from(el.children).filter((c) => c.tagName === 'SECTION') as HTMLElement[];
      return sections(slides).map((h) => {
        const stack = sections(h);
        return (stack.length ? stack : [h]).map((s) => ({
          notes: text(w.Reveal.getSlideNotes(s) ?? '').replace(/\s+/g, ' ').trim(),
          attributes: (s as any).__markdownAttributes ?? {},
          fragments: Array.from(s.querySelectorAll('.fragment'))
            .filter((f) => !f.closest('pre, aside.notes'))
            .map((f) => f.tagName.toLowerCase()),
        }));
      });
    },
    { body: deck.body, separator: deck.separator, verticalSeparator: deck.verticalSeparator },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// gildeck side

/** textContent of a hast tree: every text node, comments excluded. */
function textOf(node: HastRoot | RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(textOf).join('');
  return '';
}

function fragmentsOf(root: HastRoot): string[] {
  const out: string[] = [];
  const visit = (node: HastRoot | HastElement) => {
    for (const c of node.children) {
      if (c.type !== 'element') continue;
      if (c.tagName === 'pre') continue;
      const cls = c.properties.className;
      if (Array.isArray(cls) && cls.includes('fragment')) out.push(c.tagName);
      visit(c);
    }
  };
  visit(root);
  return out;
}

function gildeckCompile(deck: Deck) {
  return compileDeck([{ path: `reveal-decks/${deck.name}`, text: deck.text }]);
}

function gildeckShape(deck: Deck): DeckShape {
  return gildeckCompile(deck).deck.columns.map((column) =>
    column.map((slide) => ({
      notes: slide.notes ? normalize(textOf(slide.notes)) : '',
      attributes: { ...slide.attributes },
      fragments: fragmentsOf(slide.content),
    })),
  );
}

// ---------------------------------------------------------------------------------------------------------------

describe('reveal.js Markdown fixture decks', () => {
  test('there are at least three decks, each realistic in size', () => {
    expect(DECKS.length).toBeGreaterThanOrEqual(3);
    for (const deck of DECKS) {
      const slides = gildeckCompile(deck).deck.columns.flat().length;
      expect(slides, deck.name).toBeGreaterThanOrEqual(8);
      expect(slides, deck.name).toBeLessThanOrEqual(20);
    }
  });

  test.each([...DECKS, ...CRLF_DECKS].map((d) => [d.name, d] as const))('%s compiles without errors and without generated slides', (_, deck) => {
    const result = gildeckCompile(deck);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.deck.columns.flat().map((s) => s.kind).filter((k) => k !== 'content')).toEqual([]);
  });
});

describe.runIf(browserAvailable())('gildeck compiles reveal.js Markdown decks like reveal.js does (Chromium)', () => {
  let browser: LaunchedBrowser;
  let page: Page;
  const pageErrors: string[] = [];
  const requests: string[] = [];
  const reveal = new Map<string, DeckShape>();
  const gildeck = new Map<string, DeckShape>();

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Everything the page needs is inlined; nothing may reach the network (local images just fail to load).
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    for (const deck of ALL_DECKS) {
      reveal.set(deck.name, await revealShape(page, deck));
      gildeck.set(deck.name, gildeckShape(deck));
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('reveal.js rendered every deck without page errors', () => {
    expect(pageErrors).toEqual([]);
    for (const deck of [...DECKS, ...CRLF_DECKS]) expect(reveal.get(deck.name)!.length, deck.name).toBeGreaterThan(1);
  });

  describe.each(ALL_DECKS.map((d) => [d.name] as const))('%s', (name) => {
    test('same horizontal slides, and the same number of vertical slides in each', () => {
      const shape = (d: DeckShape) => d.map((column) => column.length);
      expect(shape(gildeck.get(name)!)).toEqual(shape(reveal.get(name)!));
    });

    test('same speaker notes on every slide', () => {
      const notes = (d: DeckShape) => d.map((column) => column.map((s) => s.notes));
      expect(notes(gildeck.get(name)!)).toEqual(notes(reveal.get(name)!));
    });

    test('same <!-- .slide: --> attributes on every slide', () => {
      const attrs = (d: DeckShape) => d.map((column) => column.map((s) => s.attributes));
      expect(attrs(gildeck.get(name)!)).toEqual(attrs(reveal.get(name)!));
    });

    test('same fragments (outside code) on every slide', () => {
      const fragments = (d: DeckShape) => d.map((column) => column.map((s) => s.fragments));
      expect(fragments(gildeck.get(name)!)).toEqual(fragments(reveal.get(name)!));
    });
  });
});
