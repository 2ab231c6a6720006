import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/compiler/diagnostics.js';
import { parseMarkdown } from '../../src/compiler/markdown.js';
import { findCssUrls } from '../../src/compiler/cssUrls.js';
import { refreshUrl, srcsetUrls } from '../../src/compiler/htmlUrls.js';
import { findLocalReferences, findRemoteReferences, findRemoteSlideAttributes } from '../../src/compiler/offline.js';
import { SourceFile } from '../../src/compiler/source.js';
import { compile, lines, only, problems, where } from './support.js';

const hast = (text: string) => parseMarkdown(new SourceFile('deck.md', text), 0, text.length, new Diagnostics()).hast;

/** The remote URLs found in one slide's Markdown. */
const remote = (text: string) => findRemoteReferences(hast(text)).map((r) => r.url);

/** The only error of a deck whose one slide has `markdown` from its third line: where, and the URL it names. */
function remoteError(markdown: string): string {
  const d = only(compile(lines('# A', '', markdown)));
  return `${where(d)} ${/^"(.*)" would be fetched from the network/s.exec(d.message)?.[1] ?? d.message}`;
}

/** A page as an iframe's srcdoc, escaped as an attribute value. */
const srcdoc = (page: string) => `<iframe srcdoc="${page.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}"></iframe>`;

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
    ['an image srcset', '<img src="assets/a.png" srcset="https://example.com/a@2x.png 2x">', 'https://example.com/a@2x.png'],
    ['a reveal.js lazy-loaded image', '<img data-src="https://example.com/lazy.png">', 'https://example.com/lazy.png'],
    ['an inline image in a paragraph', 'Look: <img src="HTTPS://EXAMPLE.COM/a.png"> here', 'HTTPS://EXAMPLE.COM/a.png'],
    ['a URL after spaces', '<img src="   https://example.com/a.png">', 'https://example.com/a.png'],
    ['an entity-encoded scheme (the HTML parser decodes it)', '<img src="&#104;ttps://example.com/a.png">', 'https://example.com/a.png'],
    ['an SVG image', '<svg><image href="https://example.com/a.png"/></svg>', 'https://example.com/a.png'],
    ['an image in SVG\'s foreignObject', '<svg><foreignObject><img src="https://example.com/a.png"></foreignObject></svg>', 'https://example.com/a.png'],
    ['an audio source', '<audio src="https://example.com/a.mp3"></audio>', 'https://example.com/a.mp3'],
    ['a subtitle track', '<video src="a.mp4"><track src="https://example.com/a.vtt"></video>', 'https://example.com/a.vtt'],
    ['an embed', '<embed src="https://example.com/a.svg">', 'https://example.com/a.svg'],
    ['an object', '<object data="https://example.com/a.svg"></object>', 'https://example.com/a.svg'],
    ['an icon', '<link rel="icon" href="https://example.com/favicon.ico">', 'https://example.com/favicon.ico'],
    ['a module preload', '<link rel="modulepreload" href="https://example.com/m.js">', 'https://example.com/m.js'],
    ['a source lazy-loaded by reveal.js', '<video><source data-src="https://example.com/a.webm"></video>', 'https://example.com/a.webm'],
    ['an @import url()', '<style>@import url(https://example.com/a.css);</style>', 'https://example.com/a.css'],
    ['a font', '<style>@font-face { font-family: F; src: url(https://example.com/f.woff2) format("woff2") }</style>', 'https://example.com/f.woff2'],
    ['URL() in capitals', '<div style="background: URL(https://example.com/a.png)">x</div>', 'https://example.com/a.png'],
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
    ['relative paths', '<img src="./assets/a.png"> <img src="../a.png"> <img src="a.png">'],
    ['a query that mentions a URL', '<img src="assets/a.png?from=https://example.com/a.png">'],
    ['an SVG reference inside the page', '<svg><use href="#icon"/><rect fill="url(#gradient)"/></svg>'],
    ['a mailto link', '<a href="mailto:talks@example.com">write</a>'],
    ['a form (submitting is navigation)', '<form action="https://example.com/f"><button>send</button></form>'],
    ['a link inside a srcdoc page', `<iframe srcdoc="<a href='https://example.com/'>more</a>"></iframe>`],
    ['a url() inside a CSS comment', '<style>/* background: url(https://example.com/a.png) */</style>'],
    ['a url() inside a CSS string', '<style>.x::after { content: "url(https://example.com/a.png)" }</style>'],
    ['a CSS namespace (names, loads nothing)', '<style>@namespace svg url(http://www.w3.org/2000/svg);</style>'],
    ['a type() inside image-set()', '<div style="background: image-set(\'a.avif\' type(\'https://example.com/\'))">x</div>'],
    ['a url-like word in a font name', '<style>@font-face { font-family: F; src: local("https://example.com/f") }</style>'],
    ['an SVG data URL shown as an image (images load nothing)', `<img src="data:image/svg+xml,%3Csvg%3E%3Cimage href='https://example.com/a.png'/%3E%3C/svg%3E">`],
    ['a meta tag that is not a refresh', '<meta name="twitter:image" content="https://example.com/a.png">'],
    ['a reveal.js preview link (a link, opened on click)', '<a href="https://example.com/" data-preview-link>site</a>'],
  ])('%s is fine', (_, markdown) => {
    expect(remote(markdown)).toEqual([]);
  });
});

describe('every way a slide can load from another origin is an error at its element', () => {
  const nestedTwice = srcdoc(srcdoc('<img src="https://example.com/a.png">'));
  const svgPage = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/a.png"/></svg>').toString('base64');
  test.each([
    // Spellings the URL standard reads as another origin.
    ['backslashes for slashes', '<img src="https:\\\\example.com/a.png">', '3:1 https:\\\\example.com/a.png'],
    ['no slashes', 'Text <img src="https:example.com/a.png">', '3:6 https:example.com/a.png'],
    ['one slash', '<img src="http:/example.com/a.png">', '3:1 http:/example.com/a.png'],
    ['backslashes without a scheme', '<img src="\\\\example.com/a.png">', '3:1 \\\\example.com/a.png'],
    ['a slash and a backslash', '<img src="/\\example.com/a.png">', '3:1 /\\example.com/a.png'],
    ['a control character before the scheme', '<img src="&#1;https://example.com/a.png">', '3:1 \\u0001https://example.com/a.png'],
    ['a tab inside the scheme', '<img src="ht\ttps://example.com/a.png">', '3:1 ht\\u0009tps://example.com/a.png'],
    ['an entity-encoded tab inside the scheme', '<img src="ht&Tab;tps://example.com/a.png">', '3:1 ht\\u0009tps://example.com/a.png'],
    ['a line break inside the scheme', 'Text <img src="htt\nps://example.com/a.png">', '3:6 htt\\u000aps://example.com/a.png'],
    // srcset candidates after the first.
    ['the second srcset candidate', '<img src="a.png" srcset="a.png 1x, https://example.com/b.png 2x">', '3:1 https://example.com/b.png'],
    ['a srcset candidate after a comma without a space', '<picture><source srcset="a.png 1x,https://example.com/b.png 2x"></picture>', '3:10 https://example.com/b.png'],
    ['a preload\'s imagesrcset', '<link rel="preload" as="image" href="a.png" imagesrcset="a.png 1x, https://example.com/b.png 2x">', '3:1 https://example.com/b.png'],
    // SVG.
    ['an SVG xlink:href', '<svg><use xlink:href="https://example.com/s.svg#a"/></svg>', '3:6 https://example.com/s.svg#a'],
    ['an SVG <use href>', '<svg><use href="https://example.com/s.svg#a"/></svg>', '3:6 https://example.com/s.svg#a'],
    ['an SVG <feImage>', '<svg><filter id="f"><feImage href="https://example.com/a.png"/></filter></svg>', '3:21 https://example.com/a.png'],
    ['an SVG fill url()', '<svg><rect fill="url(https://example.com/p.svg#g)"/></svg>', '3:6 https://example.com/p.svg#g'],
    // SVG animation sets the attribute it names, so what it sets to loads.
    ['an SVG <set> of href', '<svg><image href="a.png"><set attributeName="href" to="https://x.example/s.png"/></image></svg>', '3:26 https://x.example/s.png'],
    ['an SVG <set> of xlink:href', '<svg><image href="a.png"><set attributeName="xlink:href" to=" //x.example/s.png"/></image></svg>', '3:26 //x.example/s.png'],
    ['an SVG <animate> values list', '<svg><image href="a.png"><animate attributeName="href" values="a.png; https://x.example/s.png"/></image></svg>', '3:26 https://x.example/s.png'],
    ['an SVG <animate> from', '<svg><image href="a.png"><animate attributeName="href" from="https://x.example/s.png" to="a.png"/></image></svg>', '3:26 https://x.example/s.png'],
    ['an SVG <animate> by', '<svg><image href="a.png"><animate attributeName="href" by="https://x.example/s.png"/></image></svg>', '3:26 https://x.example/s.png'],
    ['an SVG <animate> of fill to a url()', '<svg><rect><animate attributeName="fill" values="red;url(https://x.example/p.svg#g)"/></rect></svg>', '3:12 https://x.example/p.svg#g'],
    // Stylesheets in data: URLs, decoded.
    ['an @import in a data: stylesheet', '<link rel="stylesheet" href="data:text/css,@import url(https://x.example/i.css);">', '3:1 https://x.example/i.css'],
    ['a url() in a data: stylesheet', '<link rel="stylesheet" href="data:text/css,body{background:url(https://x.example/b.png)}">', '3:1 https://x.example/b.png'],
    ['a percent-encoded data: stylesheet', '<link rel="stylesheet" href="data:text/css;charset=utf-8,%40import%20%22https%3A%2F%2Fx.example%2Fi.css%22%3B">', '3:1 https://x.example/i.css'],
    ['a base64 data: stylesheet', `<link rel="stylesheet" href="data:text/css;base64,${Buffer.from('@import "https://x.example/i.css";').toString('base64')}">`, '3:1 https://x.example/i.css'],
    ['a data: stylesheet imported by a style element', '<style>@import url("data:text/css,@import \'https://x.example/i.css\';");</style>', '3:1 https://x.example/i.css'],
    // Elements and attributes.
    ['an image input', 'Go: <input type="image" src="https://example.com/go.png">', '3:5 https://example.com/go.png'],
    ['a table background', '<table background="https://example.com/t.png"><tr><td>x</td></tr></table>', '3:1 https://example.com/t.png'],
    ['a meta refresh', '<meta http-equiv="refresh" content="0; url=\'https://example.com/\'">', '3:1 https://example.com/'],
    ['a base URL (every relative URL would load from there)', '<base href="https://example.com/">', '3:1 https://example.com/'],
    ['an image in a template', '<template><img src="https://example.com/a.png"></template>', '3:11 https://example.com/a.png'],
    ['a reveal.js lightbox image', '<img src="a.png" data-preview-image="https://example.com/big.png">', '3:1 https://example.com/big.png'],
    // Pages inside attributes.
    ['a srcdoc page', 'Demo: <iframe srcdoc="<img src=https://example.com/a.png>"></iframe>', '3:7 https://example.com/a.png'],
    ['a srcdoc page written with entities', srcdoc('<img src="https://example.com/a.png">'), '3:1 https://example.com/a.png'],
    ['a srcdoc page inside a srcdoc page', nestedTwice, '3:1 https://example.com/a.png'],
    ['a stylesheet in a srcdoc page', srcdoc('<style>@import "//example.com/a.css";</style>'), '3:1 //example.com/a.css'],
    ['an HTML data: URL in a frame', '<iframe src="data:text/html,%3Cimg%20src%3D%22https://example.com/a.png%22%3E"></iframe>', '3:1 https://example.com/a.png'],
    ['a base64 SVG data: URL in an object', `<object data="data:image/svg+xml;base64,${svgPage}"></object>`, '3:1 https://example.com/a.png'],
    // CSS, tokenized.
    ['a CSS escape in url()', '<div style="background: url(\\68ttps://example.com/a.png)">x</div>', '3:1 https://example.com/a.png'],
    ['a CSS escape in a quoted url()', '<div style="background: url(\'\\68ttps://example.com/a.png\')">x</div>', '3:1 https://example.com/a.png'],
    ['an escaped url function name', '<div style="background: \\75rl(https://example.com/a.png)">x</div>', '3:1 https://example.com/a.png'],
    ['an image-set() string', '<div style="background-image: image-set(\'https://example.com/a.png\' 1x)">x</div>', '3:1 https://example.com/a.png'],
    ['a -webkit-image-set() string', '<div style="background-image: -webkit-image-set(\'//example.com/a.png\' 2x)">x</div>', '3:1 //example.com/a.png'],
    ['a url() Markdown made a link of, in a style element inside SVG', 'See <svg><style>rect { fill: url(https://example.com/p.svg#g) }</style></svg>', '3:10 https://example.com/p.svg#g'],
    ['an @import with a CSS escape', '<style>@import "\\68ttps://example.com/a.css";</style>', '3:1 https://example.com/a.css'],
    // The slide's own attributes, as reveal.js reads them; the error is at the URL.
    ['a slide background written as CSS', '<!-- .slide: data-background="url(https://example.com/bg.png)" -->', '3:31 https://example.com/bg.png'],
    ['a URI-escaped slide background image (reveal.js decodes it)', '<!-- .slide: data-background-image="%68ttps://example.com/bg.png" -->', '3:37 https://example.com/bg.png'],
    ['a url() in a slide background gradient', '<!-- .slide: data-background-gradient="url(https://example.com/bg.png)" -->', '3:40 https://example.com/bg.png'],
    ['a url() in a slide style', '<!-- .slide: style="background: url(\'https://example.com/bg.png\')" -->', '3:37 https://example.com/bg.png'],
  ])('%s', (_, markdown, expected) => {
    expect(remoteError(markdown)).toBe(`deck.md:${expected}`);
  });

  test('a data: stylesheet importing data: stylesheets too deep to check is an error that says so', () => {
    let css = '@import "https://x.example/i.css";';
    for (let i = 0; i < 4; i++) css = `@import url("data:text/css,${encodeURIComponent(css)}");`;
    const d = only(compile(lines('# A', '', `<style>${css}</style>`)));
    expect(where(d)).toBe('deck.md:3:1');
    expect(d.message).toContain('a stylesheet in a data: URL is nested more than 3 deep, so it cannot be checked');
  });

  test('SVG animation of other attributes, or to local files, and data: stylesheets without remote URLs are fine', () => {
    expect(remote('<svg><rect><animate attributeName="opacity" values="0;https://x.example/1"/><set attributeName="href" to="assets/a.png"/></rect></svg>')).toEqual([]);
    expect(remote('<link rel="stylesheet" href="data:text/css,body{color:red;background:url(a.png)}">')).toEqual([]);
  });

  test('every url() in a style element is an error, not only the first', () => {
    const r = compile(lines('# A', '', '<style>.a { background: url(//example.com/a.png) } .b { background: url(//example.com/b.png) }</style>'));
    expect(problems(r).map((p) => p.split(' would')[0])).toEqual(['deck.md:3:1 error: "//example.com/a.png"', 'deck.md:3:1 error: "//example.com/b.png"']);
  });

  test('a page too deeply nested to read is an error at its frame, not a crash', () => {
    // `<` and `>` may stand unescaped in a quoted attribute, which keeps the slide under the compiler's size limit;
    // as an HTML block the frame is not a paragraph, whose markers the compiler bounds.
    const d = only(compile(lines('# A', '', `<iframe srcdoc="${'<b>'.repeat(20_000)}"></iframe>`)));
    expect(where(d)).toBe('deck.md:3:1');
    expect(d.message).toContain('is too deeply nested to read, so it cannot be checked');
  });

  test('a page nested too deep to check is an error that says so', () => {
    let page = '<img src="assets/a.png">';
    for (let i = 0; i < 4; i++) page = srcdoc(page);
    const d = only(compile(lines('# A', '', page)));
    expect(where(d)).toBe('deck.md:3:1');
    expect(d.message).toContain('is nested more than 3 deep, so it cannot be checked');
    expect(d.hint).toContain('assets/');
  });
});

test('local files the page loads include every srcset candidate and CSS url(), not fragments or data', () => {
  const refs = findLocalReferences(
    hast(lines('<img srcset="assets/a.png 1x, assets/b.png 2x">', '', '<div style="background: url(assets/bg.png), url(data:image/png;base64,AA)"><svg><use href="#i"/></svg></div>')),
  );
  expect(refs.map((r) => r.url)).toEqual(['assets/a.png', 'assets/b.png', 'assets/bg.png']);
});

test('slide attributes named like object keys are read as attributes, not crashes', () => {
  const attributes = Object.fromEntries([['constructor', 'y'], ['__proto__', 'x'], ['toString', 'z'], ['data-background-image', '//example.com/a.png']]);
  expect(findRemoteSlideAttributes(attributes).map((r) => r.url)).toEqual(['//example.com/a.png']);
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
  ).toEqual([
    { url: 'https://example.com/bg.png', attribute: 'data-background-image', value: 'https://example.com/bg.png', start: 0 },
    { url: 'https://example.com/b.webm', attribute: 'data-background-video', value: 'assets/a.mp4, https://example.com/b.webm', start: 14 },
    { url: '//example.com/embed', attribute: 'data-background-iframe', value: '//example.com/embed', start: 0 },
  ]);
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

  test('a remote slide background is an error where the attribute gives it, even when the URL is also written above', () => {
    const d = only(compile(lines('# A', '', 'Photo: https://example.com/bg.png (shown behind)', '', '<!-- .slide: data-background-image="https://example.com/bg.png" -->')));
    expect(where(d)).toBe('deck.md:5:37');
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

test('the check stays linear: a quarter megabyte of each worst case takes under two seconds, not minutes', () => {
  const n = 1 << 18;
  const cases: Array<() => unknown> = [
    () => findCssUrls('image-set('.repeat(n / 10)),
    () => findCssUrls('@import '.repeat(n / 8)),
    () => findCssUrls(`url(${'\\'.repeat(n)}`),
    () => findCssUrls('/*'.repeat(n / 2)),
    () => srcsetUrls('a ('.repeat(n / 3)),
    () => refreshUrl(`0;url="${'a'.repeat(n)}`),
    () => remote(`<iframe srcdoc="${'&lt;img src=https://e.com/a&gt;'.repeat(n / 30)}"></iframe>`),
    () => remote(`<iframe src="data:text/html,${'%3Cimg%20src=https://e.com/a%3E'.repeat(n / 30)}"></iframe>`),
    // Thousands of errors from one slide attribute, each placed in the source.
    () => compile(`# A\n\n<!-- .slide: style="${Array.from({ length: n / 12 }, (_, i) => `url(//e/${i})`).join(' ')}" -->`),
  ];
  for (const run of cases) {
    const t0 = performance.now();
    run();
    // Generous for a loaded machine; a quadratic reading of these inputs takes minutes.
    expect(performance.now() - t0).toBeLessThan(2000);
  }
});
