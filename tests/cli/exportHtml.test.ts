import { describe, expect, test } from 'vitest';
import { inlinePage } from '../../src/cli/exportHtml.js';

const PAGE = `<!doctype html>
<html><head>
<link rel="stylesheet" href="gildeck.AB12.css">
<script defer src="gildeck.CD34.js"></script>
</head><body><div class="reveal"><section data-background-image="assets/bg.png"><img src="assets/a b.png" alt=""><img srcset="./assets/a b.png 1x, assets/bg.png 2x"><p style="background:url(assets/bg.png)">x</p><a href="assets/bg.png.html">not this one</a></section></div></body></html>`;

const files = new Map([
  ['gildeck.AB12.css', Buffer.from('.x{content:"</style>"}')],
  ['gildeck.CD34.js', Buffer.from('document.title="</script>";var s="$&"')],
  ['assets/bg.png', Buffer.from([1, 2, 3])],
  ['assets/a b.png', Buffer.from([4, 5])],
]);

describe('inlinePage', () => {
  const { html, inlined } = inlinePage(PAGE, files);

  test('the stylesheet and script are inline, the script at the end of the body, neither closable by its own text', () => {
    expect(html).not.toMatch(/<link rel="stylesheet"|<script defer src=/);
    expect(html).toContain('<style>.x{content:"<\\/style>"}</style>');
    expect(html).toMatch(/<script>document\.title="<\\\/script>";var s="\$&"<\/script>\n<\/body>/);
    expect(inlined).toBe(4);
  });

  test('every file the page names becomes a data: URL wherever a URL stands (attribute, srcset, CSS url(), encoded names)', () => {
    const bg = 'data:image/png;base64,AQID';
    const a = 'data:image/png;base64,BAU=';
    expect(html).toContain(`data-background-image="${bg}"`);
    expect(html).toContain(`<img src="${a}"`);
    expect(html).toContain(`srcset="${a} 1x, ${bg} 2x"`);
    expect(html).toContain(`url(${bg})`);
    expect(html).not.toMatch(/["'( ,]\.?\/?assets\/(bg|a b)\.png["') ,]/);
    // A longer name that only starts like a file is not that file.
    expect(html).toContain('href="assets/bg.png.html"');
  });
});

describe('inlinePage of a page with a first-paint script', () => {
  const page = `<!doctype html>
<html><head><style>.reveal{}</style></head><body><div class="reveal"></div>
<script data-gildeck-runtime="gildeck.CD34.js">firstPaint()</script>
</body></html>`;
  const { html } = inlinePage(page, new Map([['gildeck.CD34.js', Buffer.from('runtime()')]]));

  test('the runtime it would start is inline after it, and it names none (it only draws the first slide)', () => {
    expect(html).not.toContain('data-gildeck-runtime');
    expect(html).toMatch(/<script>firstPaint\(\)<\/script>\n<script>runtime\(\)<\/script>\n<\/body>/);
  });
});

describe('inlinePage of a deck with styles of its own', () => {
  const page = `<!doctype html>
<html><head><style>.start{}</style>
<style id="gildeck-theme" data-gd-deck-style>:root{--gd-accent:red}</style>
<link rel="stylesheet" href="theme.css" data-gd-deck-style>
<script type="application/json" id="gildeck-chunks">{"later":{"js":["gildeck.later.AB12.js"],"css":["gildeck.later.CD34.css"],"entry":"gildeck.later.AB12.js"}}</script>
</head><body></body></html>`;
  const { html } = inlinePage(page, new Map([['theme.css', Buffer.from('.mine{}')], ['gildeck.later.AB12.js', Buffer.from('later()')], ['gildeck.later.CD34.css', Buffer.from('.later{}')]]));

  test("gildeck's on-demand stylesheets come before the deck's own styles, which stay marked and win", () => {
    const order = ['.start{}', '.later{}', '--gd-accent:red', '.mine{}'].map((t) => html.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('<style data-gd-deck-style>.mine{}</style>');
  });
});
