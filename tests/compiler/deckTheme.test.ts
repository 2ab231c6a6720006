import { describe, expect, test } from 'vitest';
import { colourProblem, localPathProblem, stylesheetUrls, themeCss } from '../../src/compiler/deckTheme.js';
import { renderPage } from '../../src/compiler/index.js';
import { SourceFile } from '../../src/compiler/source.js';
import { compile, lines, problems } from './support.js';

const deck = (...yaml: string[]) => compile(lines('---', ...yaml, '---', '', '# First slide'));

describe('theme front matter', () => {
  test('logo, footer, accent, fonts and style are read, and the files they name are kept with their positions', () => {
    const r = deck('logo: assets/logo.svg', 'footer: "PyCon 2026 · @me"', 'accent: "#e63946"', 'fonts: { body: assets/Inter.woff2, code: assets/Mono.woff2 }', 'style: theme.css');
    expect(problems(r)).toEqual([]);
    const { logo, footer, accent, fonts, style, themeFiles } = r.deck.meta;
    expect({ logo, footer, accent, fonts, style }).toEqual({ logo: 'assets/logo.svg', footer: 'PyCon 2026 · @me', accent: '#e63946', fonts: { body: 'assets/Inter.woff2', code: 'assets/Mono.woff2' }, style: 'theme.css' });
    expect(themeFiles?.map((f) => `${f.kind} ${f.url} ${f.location.line}:${f.location.column}`)).toEqual(['logo assets/logo.svg 2:7', 'font assets/Inter.woff2 5:16', 'font assets/Mono.woff2 5:42', 'style theme.css 6:8']);
  });

  test.each([
    ['#e63946'], ['#fff'], ['#e6394680'], ['rebeccapurple'], ['rgb(230 57 70)'], ['rgba(230, 57, 70, 0.9)'], ['hsl(355 78% 56%)'], ['oklch(65% 0.2 25)'], ['color(display-p3 0.9 0.2 0.3)'],
  ])('the accent %s is a CSS colour', (accent) => {
    expect(colourProblem(accent)).toBeNull();
    expect(problems(deck(`accent: "${accent}"`))).toEqual([]);
  });

  test.each([['#e6394'], ['red;}'], ['var(--x)'], ['currentcolor'], ['red blue'], ['reddish'], ['rgb(1 2)'], ['url(x)']])('the accent %s is an error at its value, with examples', (accent) => {
    const r = deck('title: T', `accent: "${accent}"`);
    expect(problems(r)).toEqual([`deck.md:3:9 error: front matter "accent": "${accent}" is not a CSS colour`]);
    expect(r.diagnostics[0]!.hint).toContain('accent: "#e63946"');
  });

  test('an unquoted # colour is a YAML comment: the error says to quote it', () => {
    const r = deck('accent: #e63946');
    expect(problems(r)).toEqual(['deck.md:2:9 error: front matter "accent" must be a CSS colour, not null']);
    expect(r.diagnostics[0]!.hint).toBe('write e.g. `accent: "#e63946"`');
  });

  test('an off-origin font is an error at its position, saying what to write instead', () => {
    const r = deck('fonts:', '  body: https://fonts.gstatic.com/s/inter/v1/Inter.woff2');
    expect(problems(r)).toEqual(['deck.md:3:9 error: front matter "fonts.body": "https://fonts.gstatic.com/s/inter/v1/Inter.woff2" would be fetched from the network; decks work offline']);
    expect(r.diagnostics[0]!.hint).toBe("download it into assets/ and write a path in the deck's folder, e.g. `assets/Inter.woff2`");
  });

  test.each([
    ['fonts: { body: //cdn.example/Inter.woff2 }', 'deck.md:2:16 error: front matter "fonts.body": "//cdn.example/Inter.woff2" would be fetched from the network; decks work offline'],
    ['fonts: { code: /usr/share/fonts/Mono.ttf }', 'deck.md:2:16 error: front matter "fonts.code": "/usr/share/fonts/Mono.ttf" is an absolute path, which a shared deck would not find'],
    ['fonts: { body: "C:\\\\Fonts\\\\Inter.ttf" }', 'deck.md:2:16 error: front matter "fonts.body": "C:\\Fonts\\Inter.ttf" is an absolute path, which a shared deck would not find'],
    ['fonts: { body: ../fonts/Inter.woff2 }', 'deck.md:2:16 error: front matter "fonts.body": "../fonts/Inter.woff2" leaves the deck\'s folder'],
    ['fonts: { body: assets/Inter.css }', 'deck.md:2:16 error: front matter "fonts.body": "assets/Inter.css" is not a .woff2, .woff, .ttf, .otf file'],
    ['fonts: { body: "data:font/woff2;base64,AAAA" }', 'deck.md:2:16 error: front matter "fonts.body": "data:font/woff2;base64,AAAA" is a URL, not a file'],
    ['fonts: { mono: assets/Mono.woff2 }', 'deck.md:2:10 error: unknown font role "mono" in "fonts"'],
    ['fonts: assets/Inter.woff2', 'deck.md:2:8 error: front matter "fonts" must be font files in the deck\'s folder, by role (body, heading, code), not "assets/Inter.woff2"'],
    ['logo: http://example.com/logo.png', 'deck.md:2:7 error: front matter "logo": "http://example.com/logo.png" would be fetched from the network; decks work offline'],
    ['logo: assets/logo.pdf', 'deck.md:2:7 error: front matter "logo": "assets/logo.pdf" is not a .png, .jpg, .jpeg, .gif, .svg, .webp, .avif file'],
    ['style: https://cdn.example/theme.css', 'deck.md:2:8 error: front matter "style": "https://cdn.example/theme.css" would be fetched from the network; decks work offline'],
    ['style: theme.scss', 'deck.md:2:8 error: front matter "style": "theme.scss" is not a .css file'],
    ['footer: [a, b]', 'deck.md:2:9 error: front matter "footer" must be a string (quote it if it looks like a number or date), not ["a","b"]'],
  ])('%s is an error at its position', (yaml, problem) => {
    expect(problems(deck(yaml))).toEqual([problem]);
  });

  test('a local path is a relative path into the deck, of the right kind', () => {
    expect(localPathProblem('assets/fonts/Inter.woff2', ['woff2'], 'x')).toBeNull();
    expect(localPathProblem('./Inter.WOFF2', ['woff2'], 'x')).toBeNull();
    expect(localPathProblem('assets\\Inter.woff2', ['woff2'], 'x')?.message).toBe('"assets\\Inter.woff2" uses backslashes');
    expect(localPathProblem('Inter.woff2?v=2', ['woff2'], 'x')?.message).toBe('"Inter.woff2?v=2" has a query or fragment');
  });
});

describe('the theme in the page', () => {
  test('fonts become @font-face rules and custom properties; the accent overrides both themes', () => {
    const css = themeCss({ accent: 'oklch(65% 0.2 25)', fonts: { body: 'assets/My Font.woff2', code: 'assets/Mono.ttf' } });
    expect(css).toBe(
      [
        '@font-face{font-family:"gd-body";src:url("assets/My%20Font.woff2") format("woff2");font-display:swap}',
        '@font-face{font-family:"gd-code";src:url("assets/Mono.ttf") format("truetype");font-display:swap}',
        ':root,html[data-theme]{--gd-font-body:"gd-body",var(--gd-font-body-fallback);--gd-font-code:"gd-code",var(--gd-font-code-fallback);--gd-accent:oklch(65% 0.2 25)}',
      ].join('\n'),
    );
    expect(themeCss({})).toBe('');
  });

  test('the built page carries the theme: fonts and accent, the deck stylesheet after gildeck\'s, the logo and footer on every slide', () => {
    const r = deck('logo: assets/logo.svg', 'footer: "Me & <you>"', 'accent: teal', 'fonts: { body: assets/Inter.woff2 }', 'style: theme.css');
    const page = renderPage(r.deck, { css: ['gildeck.ABC.css'], js: ['gildeck.ABC.js'] });
    const head = page.slice(0, page.indexOf('</head>'));
    expect(head).toContain('@font-face{font-family:"gd-body";src:url("assets/Inter.woff2") format("woff2");font-display:swap}');
    expect(head).toContain('--gd-accent:teal');
    expect(head.indexOf('href="gildeck.ABC.css"')).toBeLessThan(head.indexOf('<style id="gildeck-theme" data-gd-deck-style>'));
    expect(head.indexOf('<style id="gildeck-theme" data-gd-deck-style>')).toBeLessThan(head.indexOf('<link rel="stylesheet" href="theme.css" data-gd-deck-style>'));
    const chrome = '<img class="gd-logo" src="assets/logo.svg" alt=""><div class="gd-deck-footer">Me &#x26; &#x3C;you></div>';
    expect(page).toContain(`<div class="gd-deck-chrome">${chrome.replace('&#x26;', '&amp;').replace('&#x3C;', '&lt;').replace('you>', 'you&gt;')}</div>`);
    // One per slide too, for print view (the title slide is generated, so two sections).
    expect(page.split('<img class="gd-logo"').length - 1).toBe(1 + r.deck.columns.flat().length);
  });

  test('a deck without theme keys gets no theme markup', () => {
    const page = renderPage(deck('title: T').deck, { css: [], js: [] });
    expect(page).not.toMatch(/gildeck-theme|gd-logo|gd-deck-footer|gd-deck-chrome/);
  });
});

describe('a deck stylesheet, checked offline', () => {
  test('an off-origin url() is an error at its position in the stylesheet; local ones resolve against it', () => {
    const css = lines('@import "parts/colours.css";', '.reveal { background: url(../img/bg.png); }', '@font-face { font-family: X; src: url("https://fonts.example/x.woff2"); }', '.a { background: url(data:image/png;base64,AA); }');
    const { errors, local } = stylesheetUrls(new SourceFile('deck/styles/theme.css', css), 'styles/theme.css');
    expect(errors.map((e) => `${e.location.file}:${e.location.line}:${e.location.column} ${e.message}`)).toEqual(['deck/styles/theme.css:3:39 "https://fonts.example/x.woff2" would be fetched from the network; decks work offline']);
    expect(errors[0]!.hint).toContain('url(assets/Inter.woff2)');
    expect(local.map((u) => u.path)).toEqual(['styles/parts/colours.css', 'img/bg.png']);
  });
});
