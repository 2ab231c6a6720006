import { describe, expect, test } from 'vitest';
import { crowdedParagraph, MARKER_CHARACTERS, MAX_INLINE_MARKERS } from '../../src/compiler/inlineMarkers.js';
import { compile, errors, html, lines } from './support.js';

describe('paragraphs crowded with emphasis, link and directive markers', () => {
  test.each([
    ['*a', '*a'],
    ['**a', '**a'],
    ['[a](', '[a]('],
    [']', ']'],
    ['a:b', 'a:b '],
    ['_a_', '_a_ '],
    ['`a', '`a '],
    ['~~a', '~~a '],
    ['<b>x</b>', '<b>x</b> '],
    ['&x', '&x '],
  ])('a paragraph of %s repeated is an error at the paragraph, and the slide after still compiles', (_, unit) => {
    const r = compile(lines('# Before', '', '---', '', 'Intro line.', unit.repeat(3000), '', '---', '', '# After'));
    const e = errors(r);
    expect(e).toHaveLength(1);
    expect(`${e[0]!.location.line}:${e[0]!.location.column}`).toBe('5:1');
    expect(e[0]!.message).toMatch(/^this paragraph has \d+ of the characters /);
    expect(e[0]!.message).toContain(`${MARKER_CHARACTERS} (more than ${MAX_INLINE_MARKERS} make parsing it slow)`);
    expect(html(r)).toContain('<h1>After</h1>');
  });

  test('markers spread over paragraphs, list items, table rows, HTML blocks, escapes and code do not add up', () => {
    const para = '**bold** and [a link](x.html) '.repeat(40);
    const text = lines(
      ...Array(6).fill(`${para}\n`),
      ...Array(100).fill(`- ${'*a* '.repeat(10)}`),
      '',
      '| a | b |',
      '|---|---|',
      ...Array(100).fill(`| ${'*a* '.repeat(6)} | x |`),
      '',
      `<svg>${'<g id="a_b:c[1]*"></g>'.repeat(200)}</svg>`,
      '',
      '\\*'.repeat(3000),
      '',
      '```',
      '*'.repeat(5000),
      '```',
    );
    expect(crowdedParagraph(text)).toBeNull();
    expect(errors(compile(text))).toEqual([]);
  });
});

test('a line holding one tag is an HTML block, even with markers in its quoted attributes', () => {
  const text = lines('<iframe srcdoc="' + '<b>*a</b> '.repeat(1000) + '">', '</iframe>');
  expect(crowdedParagraph(text)).toBeNull();
  expect(crowdedParagraph(`Text ${text}`)).not.toBeNull();
});
