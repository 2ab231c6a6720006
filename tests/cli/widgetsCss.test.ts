import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rescope, standaloneCss, widgetRulesOfTheme } from '../../src/cli/widgetsCss.js';
import { ROOT } from '../support/serve.js';

const HOSTS = ['gd-timeline', 'gd-gil'];
const SCOPE = ':is(gd-timeline,gd-gil)';
const WHERE = ':where(gd-timeline,gd-gil)';

describe('the standalone widgets stylesheet', () => {
  test("keeps the theme's widget rules and drops the deck's, so a host page keeps its own headings and links", () => {
    const theme = `
      .reveal h1 { color: red; }
      .reveal a { color: var(--gd-accent); }
      .reveal .gd-w-run:hover, .reveal h2 { background: blue; }
      .gd-widget-error { border: 2px solid; }
      html.gd-small-screen .reveal .gd-w-head { font-size: 15px; }
      @media (prefers-reduced-motion: reduce) { .reveal .slides section { transition: none; } }
      /* .reveal .gd-w-title { in a comment } */`;
    const css = rescope(widgetRulesOfTheme(theme, HOSTS), HOSTS);
    expect(css).toBe(`${SCOPE} .gd-w-run:hover{ background: blue; }\n.gd-widget-error{ border: 2px solid; }`);
  });

  test("moves the theme's colour variables from the page root onto the widget elements, light theme included", () => {
    const theme = `:root,\nhtml[data-theme='dark'] { --gd-bg: #000; }\nhtml[data-theme='light'] { --gd-bg: #fff; }\nhtml, body { background: var(--gd-bg); }`;
    expect(widgetRulesOfTheme(theme, HOSTS).split('\n')).toEqual([
      `${WHERE},${WHERE}[data-theme='dark'],:where([data-theme='dark']) ${WHERE}{ --gd-bg: #000; }`,
      `${WHERE}[data-theme='light'],:where([data-theme='light']) ${WHERE}{ --gd-bg: #fff; }`,
    ]);
  });

  test('rescoping touches only the .reveal class, inside media queries too, never .reveal-print or strings', () => {
    const css = `@media (min-width: 1px) { .reveal .gd-gil .x { content: ".reveal"; } }\nhtml.reveal-print .y { color: red; }`;
    expect(rescope(css, HOSTS)).toBe(`@media (min-width: 1px) { ${SCOPE} .gd-gil .x { content: ".reveal"; } }\nhtml.reveal-print .y { color: red; }`);
  });

  test("from the real theme: the frame's rules and variables are there, no slide or phone-layout rule, and nothing stays under .reveal", () => {
    // The theme, and the frames' rules that only decks with widgets link (as widgetsBundle.ts reads them).
    const theme = ['theme.css', 'widgets.css'].map((f) => readFileSync(join(ROOT, 'src/runtime', f), 'utf8')).join('\n');
    const css = standaloneCss(theme, '.reveal .gd-gil { position: relative; }', HOSTS);
    expect(css).toContain(`${SCOPE} .gd-w-head{`);
    expect(css).toContain(`${SCOPE} .gd-gil {`);
    expect(css).toMatch(/--gd-accent:/);
    expect(css).not.toMatch(/\.reveal\b(?!-)/);
    expect(css).not.toMatch(/gd-small-screen|\bh1\b|gd-act-|gd-url-notes/);
  });
});
