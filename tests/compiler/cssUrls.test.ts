import { describe, expect, test } from 'vitest';
import { findCssUrls } from '../../src/compiler/cssUrls.js';

const urls = (css: string) => findCssUrls(css).map((u) => u.url);

describe('findCssUrls', () => {
  test.each([
    ['an unquoted url()', 'a { background: url(x.png) }', ['x.png']],
    ['a quoted url() with spaces inside the parentheses', `a { background: url(  'x.png'  ) }`, ['x.png']],
    ['every url() in a list', 'a { background: url(a.png), url("b.png") }', ['a.png', 'b.png']],
    ['escapes resolved, in the URL and in the function name', 'a { b: url(\\68ttps://h/a) \\75rl("\\68ttps://h/b") }', ['https://h/a', 'https://h/b']],
    ['a url() cut off by the end of the text (the browser still loads it)', 'a { background: url(x.png', ['x.png']],
    ['strings directly inside image-set()', 'a { b: image-set("a.png" 1x, url(b.png) 2x) -webkit-image-set("c.png" 1x) }', ['a.png', 'b.png', 'c.png']],
    ['image-set() strings but not its type() strings', 'a { b: image-set("a.avif" type("image/avif")) }', ['a.avif']],
    ['strings inside src() and image()', 'a { b: src("a.png") image(ltr "b.png") }', ['a.png', 'b.png']],
    ['an @import string or url()', '@import "a.css" layer(x) supports(display: grid); @import url(b.css);', ['a.css', 'b.css']],
    ['a url() after a @namespace', '@namespace svg url(http://www.w3.org/2000/svg); a { b: url(x.png) }', ['x.png']],
    ['an image-set() string after a stray bracket (only its mirror closes a function)', 'a { b: image-set( ] "x.png" 1x) }', ['x.png']],
  ])('finds %s', (_, css, expected) => {
    expect(urls(css)).toEqual(expected);
  });

  test.each([
    ['a url() in a comment', '/* url(x.png) */'],
    ['a url() in a string', 'a::after { content: "url(x.png)" }'],
    ['a string outside URL functions', 'a { font-family: "x.png"; b: format("woff2") local("x.png") }'],
    ['a url function with a prefix', 'a { b: -url(x.png) 1url(x.png) #url(x.png) }'],
    ['a bad url (a quote or space inside)', `a { b: url(x"y.png) url(x y.png) url(/**/"x.png") }`],
    ['a @namespace URL', '@namespace url(http://www.w3.org/1999/xhtml);'],
  ])('ignores %s', (_, css) => {
    expect(urls(css)).toEqual([]);
  });

  test('gives where each URL token is written', () => {
    const css = 'a { b: url(\\68ttps://h/a) }';
    const [u] = findCssUrls(css);
    expect(css.slice(u!.start, u!.end)).toBe('url(\\68ttps://h/a)');
  });
});
