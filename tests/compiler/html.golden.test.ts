/**
 * Golden tests: small decks rendered to HTML and compared with `golden/<name>.html`. When the output differs (or
 * the golden file is missing), the test writes `golden/<name>-changed.html` and fails; review the change, and if it
 * is intended, move the `-changed` file over the golden one.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderPage, renderSlides } from '../../src/compiler/index.js';
import { formatLocation } from '../../src/compiler/source.js';
import { compile, lines } from './support.js';
import { WIDGETS } from '../../src/widgets/registry.js';

const GOLDEN = join(import.meta.dirname, 'golden');

function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.html`);
  const changed = join(GOLDEN, `${name}-changed.html`);
  const expected = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (actual === expected) {
    rmSync(changed, { force: true });
    return;
  }
  mkdirSync(GOLDEN, { recursive: true });
  writeFileSync(changed, actual);
  const message =
    expected === null
      ? `no golden file ${relative(process.cwd(), file)}; wrote ${relative(process.cwd(), changed)}: review it and rename it to ${name}.html`
      : `output differs from ${relative(process.cwd(), file)}; wrote ${relative(process.cwd(), changed)}: if the change is intended, move it over the golden file`;
  expect.fail(message);
}

const PLAIN_REVEAL = lines(
  '# Concurrency in Python',
  '',
  'A plain reveal.js Markdown deck.',
  '',
  '---',
  '',
  '## Three ways',
  '',
  '- threads <!-- .element: class="fragment" -->',
  '- processes <!-- .element: class="fragment" -->',
  '- coroutines',
  '',
  'Note: Ask who has used each.',
  '',
  '--',
  '',
  '<!-- .slide: data-background-color="#1b2a3a" -->',
  '',
  '### Below',
  '',
  '```python',
  'import threading',
  '```',
  '',
  '---',
  '',
  '| Build | GIL |',
  '| ----- | --- |',
  '| 3.14t | no  |',
  '',
  '<aside class="notes">The free-threaded build.</aside>',
);

const TALK = {
  'slides/01-prologue.md': lines(
    '---',
    'title: Python’s Quest for Parallelism',
    'subtitle: Threads, the GIL & the ways out',
    'author: Ada',
    'event: PyCon',
    'transition: slide',
    'slideNumber: c/t',
    '---',
    '',
    '::prologue[The Promise]',
    '',
    'Note: Welcome.',
  ),
  'slides/02-act-one.md': lines(
    '::act[Setting the Stage]{subtitle="threads, processes, coroutines"}',
    '---',
    '## A thread is an OS thread',
    '',
    '```python [1-2|4-5]',
    'import threading',
    '',
    '',
    'def work(n):',
    '    while n > 0: n -= 1',
    '```',
  ),
  'slides/03-act-two.md': lines(
    '::act[Unmasking the Villain]',
    '---',
    '## The GIL hands off',
    '',
    ':::timeline{strategy=threads workers=4}',
    'Four threads, *one* GIL.',
    ':::',
    '',
    'Note: Watch them take turns.',
  ),
  'slides/04-act-three.md': lines('::act[Escaping the GIL]', '---', '## Measured, not computed', '', '::speedup{strategies=threads,free-threading}'),
  'slides/05-finale.md': lines('::finale[The Way Out]'),
};

const CUSTOM = lines(
  '---',
  'theme: light',
  'separator: "^\\r?\\n===\\r?\\n$"',
  'verticalSeparator: "^\\r?\\n\\\\.\\\\.\\\\.\\r?\\n$"',
  'controls: false',
  'width: 1280',
  '---',
  '# One',
  '',
  '---',
  '',
  'a thematic break above',
  '',
  '===',
  '',
  '# Two',
  '',
  '...',
  '',
  '# Two, below',
);

describe('golden HTML', () => {
  test('a plain reveal.js deck renders as the same slides', () => {
    const r = compile({ 'talk.md': PLAIN_REVEAL });
    expect(r.diagnostics).toEqual([]);
    expectGolden('plain-reveal', renderSlides(r.deck));
  });

  test('a talk in acts renders title, agenda, act slides, indicators, code steps and widgets', () => {
    const r = compile(TALK);
    expect(r.diagnostics).toEqual([]);
    expectGolden('talk', renderPage(r.deck, { css: ['gildeck.ABCD1234.css'], js: ['gildeck.ABCD1234.js'] }));
  });

  test('a deck with custom separators and reveal.js options renders as a page', () => {
    const r = compile({ 'custom.md': CUSTOM });
    expect(r.diagnostics).toEqual([]);
    expectGolden('custom-separators', renderPage(r.deck, { css: ['a.css'], js: ['a.js'], head: '<script src="/dev.js"></script>' }));
  });
});

describe('renderPage', () => {
  test('escapes the title and keeps JSON from closing its script', () => {
    const r = compile(lines('---', 'title: "</script><b>&"', '---', '# A'));
    const page = renderPage(r.deck, { css: [], js: [] });
    expect(page).toContain('<title>&lt;/script&gt;&lt;b&gt;&amp;</title>');
    expect(page).not.toContain('</script><b>');
    expect(page).toContain('<h1 class="gd-title">&#x3C;/script>&#x3C;b>&#x26;</h1>');
  });

  test('without a title, the page is named after the first file', () => {
    const page = renderPage(compile({ 'slides/01-intro.md': '# A' }).deck, { css: [], js: [] });
    expect(page).toContain('<title>01-intro</title>');
  });

  test('reveal.js options from front matter reach the config; defaults are left to the runtime', () => {
    const config = (page: string) => JSON.parse(/id="gildeck-config">(.*?)<\/script>/.exec(page)![1]!);
    const page = renderPage(compile(lines('---', 'transition: fade', 'hash: false', '---', '# A')).deck, { css: [], js: [] });
    expect(config(page)).toEqual({ transition: 'fade', hash: false });
    expect(config(renderPage(compile({ 'a.md': '# A' }).deck, { css: [], js: [] }))).toEqual({});
  });
});

const defaultsOf = (name: string) => Object.fromEntries(Object.entries(WIDGETS.get(name)!.attributes).map(([k, a]) => [k, a.default]));

test('each widget is its element on its slide, with its id and attributes; the deck tree keeps its source position', () => {
  const { deck } = compile(TALK);
  const uses = deck.columns.flatMap((column, h) => column.flatMap((slide, v) => slide.widgets.map((w) => ({ id: w.id, name: w.name, slide: { h, v }, attributes: w.values, source: formatLocation(w.location) }))));
  expect({ version: 1, widgets: uses }).toEqual({
    version: 1,
    widgets: [
      {
        id: 'w-6-0-0',
        name: 'timeline',
        slide: { h: 6, v: 0 },
        attributes: { ...defaultsOf('timeline'), strategy: 'threads', workers: 4, workload: 'primes' },
        source: 'slides/03-act-two.md:5:1',
      },
      {
        id: 'w-8-0-0',
        name: 'speedup',
        slide: { h: 8, v: 0 },
        // What was written, over the registry's defaults (which the widgets may tune).
        attributes: { ...defaultsOf('speedup'), strategies: ['threads', 'free-threading'] },
        source: 'slides/04-act-three.md:5:1',
      },
    ],
  });
  const page = renderPage(deck, { css: [], js: [] });
  expect(page).toContain('<gd-timeline id="w-6-0-0" strategy="threads" workers="4" workload="primes"');
  expect(page).toContain('<gd-speedup id="w-8-0-0" strategies="threads,free-threading"');
  // The elements are all the runtime reads: no manifest beside them.
  expect(page).not.toContain('gildeck-manifest');
});
