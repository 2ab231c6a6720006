// @vitest-environment jsdom
import type { RevealApi } from 'reveal.js';
import { describe, expect, test } from 'vitest';
import { initialLayout, isSmallScreen, largeScreenLayout, SMALL_SCREEN_CLASS, SMALL_SCREEN_LAYOUT, smallScreenPlugin } from '../../src/runtime/smallScreen.js';

const none = new Set<string>();

describe('the small-screen layout', () => {
  test('a phone held either way is a small screen; a laptop, a tablet and a projector are not', () => {
    expect(isSmallScreen(390, 844)).toBe(true);
    expect(isSmallScreen(844, 390)).toBe(true);
    for (const [w, h] of [[1280, 720], [768, 1024], [1024, 768], [1920, 1080]] as const) expect(isSmallScreen(w, h), `${w}x${h}`).toBe(false);
  });

  test('on a phone the slide is the screen at scale 1, whatever size the deck asks for', () => {
    expect(initialLayout({ width: 1280, height: 720, hash: true }, none, { innerWidth: 390, innerHeight: 844 })).toEqual({ hash: true, ...SMALL_SCREEN_LAYOUT });
    expect(initialLayout({ width: 1280 }, none, { innerWidth: 1280, innerHeight: 720 })).toEqual({ width: 1280 });
  });

  test.each([
    ['the print view', { view: 'print' }, none],
    ['an explicit scroll view', { view: 'scroll' }, none],
    ['?print-pdf', {}, new Set(['print-pdf'])],
    ['the speaker view\'s preview frames', {}, new Set(['receiver'])],
  ])('%s keeps the deck\'s own layout on a small screen', (_, config, flags) => {
    expect(initialLayout(config, flags, { innerWidth: 390, innerHeight: 844 })).toEqual(config);
  });

  test('turned back to a large screen, the deck gets its own size again, or reveal.js\'s', () => {
    expect(largeScreenLayout({ width: 1280, margin: 0.1 })).toEqual({ width: 1280, height: 700, margin: 0.1, minScale: 0.2, maxScale: 2 });
  });

  test('the layout and the page\'s class follow the window across the threshold', () => {
    const configured: unknown[] = [];
    const deck = { configure: (c: unknown) => configured.push(c) } as unknown as RevealApi;
    const size = (w: number, h: number) => {
      Object.assign(window, { innerWidth: w, innerHeight: h });
      window.dispatchEvent(new Event('resize'));
    };
    Object.assign(window, { innerWidth: 390, innerHeight: 844 });
    smallScreenPlugin({ width: 1280, height: 720 }, none).init!(deck);
    expect(document.documentElement.classList.contains(SMALL_SCREEN_CLASS)).toBe(true);
    size(380, 800);
    expect(configured).toEqual([]);
    size(1280, 800);
    expect(document.documentElement.classList.contains(SMALL_SCREEN_CLASS)).toBe(false);
    expect(configured).toEqual([{ width: 1280, height: 720, margin: 0.04, minScale: 0.2, maxScale: 2 }]);
    size(390, 844);
    expect(document.documentElement.classList.contains(SMALL_SCREEN_CLASS)).toBe(true);
    expect(configured[1]).toEqual(SMALL_SCREEN_LAYOUT);
  });
});
