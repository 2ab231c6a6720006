import { describe, expect, test } from 'vitest';
import { parseAttributeList } from '../../src/compiler/attributeComments.js';
import { compile, html, lines, problems } from './support.js';

/** The rendered `<section>`s of a deck, without the newlines between blocks. */
const render = (text: string) => html(compile(text)).replace(/\n/g, '');

describe('<!-- .element: --> comments', () => {
  test('on the line after a paragraph, the comment is inside the paragraph and applies to it', () => {
    expect(render(lines('Threads share memory.', '<!-- .element: class="fragment" -->'))).toBe('<section><p class="fragment">Threads share memory.</p></section>');
  });

  test('at the end of a paragraph, it applies to the paragraph', () => {
    expect(render('Threads share memory. <!-- .element: class="fragment" data-fragment-index="2" -->')).toBe(
      '<section><p class="fragment" data-fragment-index="2">Threads share memory. </p></section>',
    );
  });

  test('after a blank line, it applies to the block before it', () => {
    expect(render(lines('# Title', '', 'Text', '', '<!-- .element: class="fragment" -->'))).toBe(
      '<section><h1>Title</h1><p class="fragment">Text</p></section>',
    );
  });

  test('after an inline element in a paragraph, it applies to that element', () => {
    expect(render('![Cores](assets/cores.png) <!-- .element: width="50%" -->')).toBe(
      '<section><p><img src="assets/cores.png" alt="Cores" width="50%"> </p></section>',
    );
  });

  test('after a list item, on its line, it applies to the item', () => {
    expect(render(lines('- threads <!-- .element: class="fragment" -->', '- asyncio <!-- .element: class="fragment" -->', '- processes'))).toBe(
      '<section><ul><li class="fragment">threads </li><li class="fragment">asyncio </li><li>processes</li></ul></section>',
    );
  });

  test('on the line right under a list, it applies to the last item', () => {
    expect(render(lines('- threads', '- asyncio', '<!-- .element: class="fragment" -->'))).toBe(
      '<section><ul><li>threads</li><li class="fragment">asyncio</li></ul></section>',
    );
  });

  test('under a list after a blank line, it applies to the whole list', () => {
    expect(render(lines('1. threads', '2. asyncio', '', '<!-- .element: class="fragment" -->'))).toBe(
      '<section><ol><li>threads</li><li>asyncio</li></ol></section>'.replace('<ol>', '<ol class="fragment">'),
    );
  });

  test('after a code block, it applies to the `<pre>`, keeping the classes code steps need', () => {
    expect(render(lines('```', 'x', '```', '<!-- .element: class="stretch" -->'))).toMatch(/^<section><pre class="gd-code stretch">/);
    expect(render(lines('```python [1|2]', 'a', 'b', '```', '<!-- .element: class="fragment" -->'))).toMatch(/^<section><pre class="gd-code gd-code-steps fragment">/);
  });

  test('on a widget, it keeps the figure a widget figure', () => {
    expect(render(lines('::gil', '<!-- .element: class="fragment" -->'))).toMatch(/^<section><figure class="gd-widget fragment" data-widget="gil">/);
  });

  test('a class written in HTML is replaced, as reveal.js replaces it', () => {
    expect(render('<p class="old">Text <!-- .element: class="new" --></p>')).toBe('<section><p class="new">Text </p></section>');
  });

  test('class values are split into classes; bare data- flags become empty attributes', () => {
    expect(render('Text <!-- .element: class="fragment fade-up" data-autoplay -->')).toBe(
      '<section><p class="fragment fade-up" data-autoplay="">Text </p></section>',
    );
  });

  test('other comments are left alone', () => {
    expect(render(lines('Text', '', '<!-- speaker: remember the demo -->'))).toBe('<section><p>Text</p><!-- speaker: remember the demo --></section>');
  });
});

describe('<!-- .slide: --> comments', () => {
  test('set attributes on the slide’s `<section>`', () => {
    const r = compile(lines('<!-- .slide: data-background-color="#1b2a3a" data-transition="zoom" -->', '', '## A thread is an OS thread'));
    expect(r.deck.columns[0]![0]!.attributes).toEqual({ 'data-background-color': '#1b2a3a', 'data-transition': 'zoom' });
    expect(render(lines('<!-- .slide: data-background-color="#1b2a3a" -->', '## A'))).toBe('<section data-background-color="#1b2a3a"><h2>A</h2></section>');
  });

  test('may come anywhere in the slide', () => {
    expect(render(lines('## A', '', 'Text <!-- .slide: data-state="intro" -->'))).toBe('<section data-state="intro"><h2>A</h2><p>Text </p></section>');
  });

  test('each vertical slide has its own', () => {
    expect(render(lines('<!-- .slide: data-state="top" -->', '# Top', '--', '<!-- .slide: data-state="below" -->', '# Below'))).toBe(
      '<section><section data-state="top"><h1>Top</h1></section><section data-state="below"><h1>Below</h1></section></section>',
    );
  });

  test('do not leak into the next slide', () => {
    const r = compile(lines('<!-- .slide: data-state="a" -->', '# A', '---', '# B'));
    expect(r.deck.columns.map((c) => c[0]!.attributes)).toEqual([{ 'data-state': 'a' }, {}]);
  });
});

describe('parseAttributeList', () => {
  test('reads quoted pairs and bare data- flags, as reveal.js does', () => {
    expect(parseAttributeList('class="fragment" data-x="1 2" data-flag id="a"')).toEqual([
      ['class', 'fragment'],
      ['data-x', '1 2'],
      ['data-flag', ''],
      ['id', 'a'],
    ]);
  });

  test('ignores unquoted values', () => {
    expect(parseAttributeList('class=fragment')).toEqual([]);
  });
});

describe('attribute names that are Object members', () => {
  test.each(['constructor', '__proto__', 'toString'])('`%s` in an attribute comment is a warning at the comment, and the rest still applies', (name) => {
    const r = compile(`Text <!-- .element: ${name}="y" class="big" -->`);
    expect(problems(r)).toEqual([`deck.md:1:6 warning: "${name}" cannot be set by an attribute comment`]);
    expect(html(r)).toBe('<section><p class="big">Text </p></section>');
  });

  test('on a slide comment too', () => {
    const r = compile('Text <!-- .slide: constructor="y" data-x -->');
    expect(problems(r)).toEqual(['deck.md:1:6 warning: "constructor" cannot be set by an attribute comment']);
    expect(html(r)).toBe('<section data-x><p>Text </p></section>');
  });

  test('a widget attribute or code language named like an Object member is just unknown', () => {
    const r = compile(lines('::timeline{constructor=1}', '', '```constructor', 'x', '```'));
    expect(problems(r)).toEqual(['deck.md:1:12 error: unknown attribute "constructor" for widget "timeline"']);
  });
});
