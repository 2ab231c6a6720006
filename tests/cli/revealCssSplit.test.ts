import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { splitViewCss } from '../../src/cli/revealCssPlugin.js';

const revealCss = readFileSync(createRequire(import.meta.url).resolve('reveal.js/reveal.css'), 'utf8');

describe('reveal.css split into the start stylesheet and view stylesheets', () => {
  test('a rule moves to a view only when every selector of it matches only in that view', () => {
    const { core, views } = splitViewCss(
      [
        'html.reveal-print .reveal .slides{a:1}',
        '.reveal .x,html.reveal-print .reveal .y{b:2}',
        '.reveal-viewport.reveal-scroll .scroll-page{c:3}',
        '.r-overlay-viewport{d:4}',
        '.reveal .r-overlay-button{e:5}',
        '.reveal .slides section[data-transition=zoom].future,.reveal.zoom .slides section:not([data-transition]).future{f:6}',
        '.reveal .slides section[data-transition=fade],.reveal.fade .slides section:not([data-transition]){g:7}',
        '.reveal[data-transition=zoom] .a,.reveal.slide .b{h:8}',
        '.reveal:not(.rtl) .controls .navigate-left{i:9}',
        '.reveal.rtl .controls .navigate-right{j:10}',
      ].join(''),
    );
    expect(views.print).toBe('html.reveal-print .reveal .slides{a:1}');
    expect(views.scroll).toBe('.reveal-viewport.reveal-scroll .scroll-page{c:3}');
    expect(views.overlay).toBe('.r-overlay-viewport{d:4}');
    expect(views.transitions).toContain('{f:6}');
    // Mixed, the media play button, the default transitions, a list naming a default and another: every page's.
    // A class named only in :not() is one the rule needs absent: every page's.
    for (const kept of ['{b:2}', '{e:5}', '{g:7}', '{h:8}', '{i:9}']) expect(core).toContain(kept);
    expect(views.extras).toBe('.reveal.rtl .controls .navigate-right{j:10}');
  });

  test('an at-rule block moves whole when all its rules are one view\'s; `@media print` (Ctrl+P of a page) is a later one', () => {
    const { core, views } = splitViewCss('@media print{html:not(.print-pdf) .reveal{a:1}}@media screen{html.reveal-print .x{b:2}}@media screen{html.reveal-print .y{c:3}.z{d:4}}@keyframes k{from{e:5}}');
    expect(views.later).toBe('@media print{html:not(.print-pdf) .reveal{a:1}}');
    expect(views.print).toBe('@media screen{html.reveal-print .x{b:2}}');
    expect(core).toBe('@media screen{html.reveal-print .y{c:3}.z{d:4}}@keyframes k{from{e:5}}');
  });

  test('reveal.css itself: every rule lands in exactly one part, in its order', () => {
    const { core, views } = splitViewCss(revealCss);
    const length = core.length + Object.values(views).reduce((n, v) => n + v.length, 0);
    expect(length).toBe(revealCss.length);
    expect(views.print).toContain('html.reveal-print');
    expect(views.scroll).toContain('.reveal-scroll');
    expect(views.overlay).toContain('.r-overlay');
    expect(views.transitions).toContain('convex');
    expect(core).not.toMatch(/\[data-transition=(zoom|convex|concave)\]/);
    expect(core).toContain('[data-transition=slide]');
  });

  test('what a key opens later waits for the later part; what keeps a hidden element hidden stays at start', () => {
    const { core, views } = splitViewCss(revealCss);
    // Reveal.js sets these classes, or makes these elements, only when the presenter opens them.
    for (const later of ['.reveal.overview .slides section', '.reveal.paused .pause-overlay', '.reveal .jump-to-slide{', '.reveal-viewport:fullscreen', '@keyframes bounce-right', '@media print']) {
      expect(views.later, later).toContain(later);
      expect(core, later).not.toContain(later);
    }
    // The pause overlay and the notes exist from the start: the rules that hide them are every page's.
    expect(core).toMatch(/\.reveal \.pause-overlay\{[^}]*visibility:hidden/);
    expect(core).toMatch(/\.reveal \.speaker-notes\{[^}]*display:none/);
    // The controls' hint names its bounce at start; only the keyframes wait.
    expect(core).toContain('animation:2s ease-out 50 both bounce-right');
  });
});
