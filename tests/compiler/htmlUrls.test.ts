import { describe, expect, test } from 'vitest';
import { refreshUrl, srcsetUrls } from '../../src/compiler/htmlUrls.js';

describe('srcsetUrls', () => {
  test.each([
    ['candidates with descriptors', 'a.png 1x, b.png 2x', ['a.png', 'b.png']],
    ['a candidate after a comma without a space', 'a.png 1x,b.png 2x', ['a.png', 'b.png']],
    ['candidates without descriptors', 'a.png, b.png', ['a.png', 'b.png']],
    ['a comma inside a URL, which does not split it', 'a.png?x=1,2 1x', ['a.png?x=1,2']],
    ['URLs joined by a comma alone, which are one URL', 'a.png,b.png', ['a.png,b.png']],
    ['a comma inside a descriptor\'s parentheses', 'a.png (x, y) 1x, b.png', ['a.png', 'b.png']],
    ['empty candidates and line breaks', ' ,\n a.png\t2x ,, b.png ', ['a.png', 'b.png']],
  ])('reads %s', (_, value, expected) => {
    expect(srcsetUrls(value).map((u) => u.url)).toEqual(expected);
  });

  test('gives where each URL is in the value', () => {
    const value = 'a.png 1x, b.png 2x';
    expect(srcsetUrls(value).map((u) => value.slice(u.start, u.end))).toEqual(['a.png', 'b.png']);
  });
});

describe('refreshUrl', () => {
  test.each([
    ['url=', '0; url=https://h/', 'https://h/'],
    ['URL = in capitals with spaces', '5 ,URL = https://h/', 'https://h/'],
    ['a quoted URL, cut at its closing quote', `0;url='https://h/a b' x`, 'https://h/a b'],
    ['a URL without url=', '0 https://h/', 'https://h/'],
    ['a fractional delay', '.5; url=https://h/', 'https://h/'],
    ['a word that is almost url=, kept whole', '0; ur=https://h/', 'ur=https://h/'],
  ])('reads %s', (_, content, expected) => {
    expect(refreshUrl(content)?.url).toBe(expected);
  });

  test.each([
    ['a delay alone', '5'],
    ['a delay and a separator', '5; '],
    ['no delay', 'url=https://h/'],
    ['text after the delay', '5x; url=https://h/'],
  ])('finds no URL in %s', (_, content) => {
    expect(refreshUrl(content)).toBeNull();
  });
});
