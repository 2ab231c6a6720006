import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/compiler/diagnostics.js';
import { parseMarkdown } from '../../src/compiler/markdown.js';
import { findRemoteReferences, findRemoteSlideAttributes } from '../../src/compiler/offline.js';
import { SourceFile } from '../../src/compiler/source.js';
import { compile, lines, only, problems, where } from './support.js';

/** The remote URLs found in one slide's Markdown. */
const remote = (text: string) =>
  findRemoteReferences(parseMarkdown(new SourceFile('deck.md', text), 0, text.length, new Diagnostics()).hast).map((r) => r.url);

describe('findRemoteReferences', () => {
  test.each([
    ['an HTML image', '<img src="https://example.com/cores.png">', 'https://example.com/cores.png'],
    ['a Markdown image', '![cores](http://example.com/cores.png)', 'http://example.com/cores.png'],
    ['a protocol-relative stylesheet', '<link rel="stylesheet" href="//cdn.example.com/x.css">', '//cdn.example.com/x.css'],
    ['a CSS url() in a style attribute', '<div style="background: url(https://example.com/bg.png)">x</div>', 'https://example.com/bg.png'],
    ['a quoted CSS url()', `<div style="background-image: url('//example.com/bg.png')">x</div>`, '//example.com/bg.png'],
    ['a url() in a style element', '<style>.x { background: url("https://example.com/s.png") }</style>', 'https://example.com/s.png'],
    ['an @import in a style element', '<style>@import "https://fonts.example.com/a.css";</style>', 'https://fonts.example.com/a.css'],
    ['a script', '<script src="https://cdn.example.com/d3.js"></script>', 'https://cdn.example.com/d3.js'],
    ['an iframe', '<iframe src="https://example.com/demo"></iframe>', 'https://example.com/demo'],
    ['a video poster', '<video src="assets/a.mp4" poster="https://example.com/p.png"></video>', 'https://example.com/p.png'],
    ['an image srcset', '<img src="assets/a.png" srcset="https://example.com/a@2x.png 2x">', 'https://example.com/a@2x.png 2x'],
    ['a reveal.js lazy-loaded image', '<img data-src="https://example.com/lazy.png">', 'https://example.com/lazy.png'],
    ['an inline image in a paragraph', 'Look: <img src="HTTPS://EXAMPLE.COM/a.png"> here', 'HTTPS://EXAMPLE.COM/a.png'],
  ])('%s is remote', (_, markdown, url) => {
    expect(remote(markdown)).toEqual([url]);
  });

  test.each([
    ['an HTML link', '<a href="https://docs.python.org/3/">docs</a>'],
    ['a Markdown link', '[PEP 703](https://peps.python.org/pep-0703/)'],
    ['an autolink', '<https://peps.python.org/pep-0703/>'],
    ['a local image', '![cores](assets/cores.png)'],
    ['a root-relative image', '<img src="/assets/cores.png">'],
    ['a data URL', '<img src="data:image/png;base64,AAAA">'],
    ['a URL written as code', '`<img src="https://example.com/a.png">`'],
  ])('%s is fine', (_, markdown) => {
    expect(remote(markdown)).toEqual([]);
  });
});

test('slide backgrounds reveal.js would load are remote, one URL at a time', () => {
  expect(
    findRemoteSlideAttributes({
      'data-background-image': 'https://example.com/bg.png',
      'data-background-video': 'assets/a.mp4, https://example.com/b.webm',
      'data-background-iframe': '//example.com/embed',
      'data-background-color': '#000',
      'data-state': 'https://example.com/not-fetched',
    }),
  ).toEqual(['https://example.com/bg.png', 'https://example.com/b.webm', '//example.com/embed']);
});

describe('remote references in a deck', () => {
  test('are errors at the element, in the file where they are written', () => {
    const r = compile({
      'slides/01.md': lines('---', 'title: T', '---', '# A', '', 'Text', '', '<img src="https://example.com/a.png">'),
      'slides/02.md': lines('# B', '---', '# C', '', 'See ![this](http://example.com/b.png) and', '<link href="//cdn.example.com/x.css">'),
    });
    expect(problems(r)).toEqual([
      'slides/01.md:8:1 error: "https://example.com/a.png" would be fetched from the network when the slide is shown; decks work offline',
      'slides/02.md:5:5 error: "http://example.com/b.png" would be fetched from the network when the slide is shown; decks work offline',
      'slides/02.md:6:1 error: "//cdn.example.com/x.css" would be fetched from the network when the slide is shown; decks work offline',
    ]);
    expect(r.diagnostics[0]!.hint).toBe('download it into assets/ and write e.g. `assets/picture.png` instead');
    expect(r.ok).toBe(false);
  });

  test('a CSS url() is an error at its element', () => {
    const d = only(compile(lines('# A', '', '<div style="background: url(https://example.com/bg.png)">x</div>')));
    expect(where(d)).toBe('deck.md:3:1');
  });

  test('in speaker notes too, since notes are part of the page', () => {
    const r = compile(lines('# A', '', '<aside class="notes">Show <img src="https://example.com/a.png"></aside>', '', 'Note: and ![b](https://example.com/b.png)'));
    expect(problems(r).map((p) => p.split(' error')[0])).toEqual(['deck.md:3:27', 'deck.md:5:11']);
  });

  test('a remote slide background is an error at the URL', () => {
    const d = only(compile(lines('# A', '---', '<!-- .slide: data-background-image="https://example.com/bg.png" -->', '# B')));
    expect(where(d)).toBe('deck.md:3:37');
    expect(d.message).toBe('"https://example.com/bg.png" would be fetched from the network when the slide is shown; decks work offline');
  });

  test('links to the web are fine', () => {
    expect(compile(lines('# A', '', '[PEP 703](https://peps.python.org/pep-0703/)', '<a href="https://example.com">more</a>')).diagnostics).toEqual([]);
  });
});
