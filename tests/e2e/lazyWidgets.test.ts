import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDeck } from '../../src/cli/build.js';
import { RuntimeBundler } from '../../src/cli/runtimeBundle.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { plainHost, type PlainHost } from '../support/plainHost.js';
import { ROOT } from '../support/serve.js';

/** Requests for code loaded on demand: the engine's, a widget's, or a chunk they share. */
/** The units a page loads only when its address (or deck) asks for them. */
const OPTIONAL_UNIT = /\/gildeck\.(kiosk|print|url-notes|scroll-view|overlay|transitions|reveal-extras|auto-animate)\.[A-Z0-9]{8}\.(js|css)$/;
const CHUNK = /\/gildeck\.(chunk|engine|w-[\w-]+)\.[A-Z0-9]{8}\.(js|css)$/;
const DECK = '# One\n\n---\n\n# Two\n\n---\n\n## The GIL\n\n::gil{workers=2}\n\n---\n\n# Four\n';
/** reveal.js's parts most decks do not use: text fitted to its box (fitty), and auto-animate between two slides. */
const PARTS_DECK = [
  '<h2 class="r-fit-text">Fitted</h2>',
  '<!-- .slide: data-auto-animate -->\n\n## Moving\n\nfirst',
  '<!-- .slide: data-auto-animate -->\n\n## Moving\n\nsecond\n\nthird',
  '<h2 class="r-fit-text">A long title fitted to one line, even on a phone</h2>',
].join('\n\n---\n\n');

const slide = (page: Page, h: number) => page.evaluate((n) => (window as any).gildeck.deck.slide(n), h);
/** The widget mounted live and drew its frame and chart. */
const drawn = (page: Page) =>
  page.waitForFunction(() => {
    const el = document.querySelector('gd-gil');
    return el?.getAttribute('data-mounted') === 'live' && !!el.querySelector('.gd-w-head') && !!el.querySelector('svg, canvas');
  });

describe.runIf(browserAvailable())('widgets load when their slide comes near', () => {
  let work: string;
  let host: PlainHost;
  let plain: PlainHost;
  let parts: PlainHost;
  let browser: LaunchedBrowser;
  const bundler = new RuntimeBundler(ROOT);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-lazy-'));
    for (const [name, md] of [['deck', DECK], ['plain', '# One\n\n---\n\n# Two\n\n---\n\n# Three\n'], ['parts', PARTS_DECK]] as const) {
      writeFileSync(join(work, `${name}.md`), md);
      const s = await buildDeck({ root: ROOT, slides: join(work, `${name}.md`), out: join(work, name), bundler, rebundle: true });
      expect(s.ok).toBe(true);
    }
    [host, plain, parts, browser] = await Promise.all([plainHost(join(work, 'deck')), plainHost(join(work, 'plain')), plainHost(join(work, 'parts')), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([host?.close(), plain?.close(), parts?.close(), bundler.dispose()]);
    rmSync(work, { recursive: true, force: true });
  });

  /** A page with service workers blocked, so the isolation worker's one reload does not muddle the requests. */
  async function open(url: string): Promise<Page> {
    const context = await browser.browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    return page;
  }

  test('over http: nothing loads at start, the widget loads on the slide before its own and draws when shown', async () => {
    const page = await open(host.url);
    await page.waitForTimeout(300);
    expect(host.requests.filter((r) => CHUNK.test(r))).toEqual([]);
    await slide(page, 1);
    await page.waitForFunction(() => document.querySelectorAll('script[data-gd-file]').length > 0);
    await expect.poll(() => host.requests.some((r) => /\/gildeck\.w-gil\.[A-Z0-9]{8}\.js$/.test(r))).toBe(true);
    expect(await page.locator('gd-gil').getAttribute('data-mounted')).toBeNull();
    await slide(page, 2);
    await drawn(page);
    // Only this deck's widget: no other widget's code was asked for.
    expect(host.requests.filter((r) => /\/gildeck\.w-/.test(r)).every((r) => r.includes('gildeck.w-gil.'))).toBe(true);
    await page.context().close();
  });

  test('from file://, a link straight to the widget slide loads its code at once and draws it', async () => {
    const page = await open(`${pathToFileURL(join(work, 'deck', 'index.html')).href}#/2`);
    await drawn(page);
    expect(await page.evaluate(() => [...document.querySelectorAll('script[data-gd-file]')].some((s) => /gildeck\.w-gil\./.test(s.getAttribute('src') ?? '')))).toBe(true);
    await page.context().close();
  });

  test('a deck with no widgets never asks for widget or engine code', async () => {
    const page = await open(plain.url);
    for (const h of [1, 2, 1, 0]) await slide(page, h);
    await page.waitForTimeout(300);
    expect(plain.requests.filter((r) => CHUNK.test(r))).toEqual([]);
    expect(await page.evaluate(() => (window as any).gildeck.loadEngine().then(() => 'loaded', (e: Error) => e.message))).toMatch(/no widget/);
    // Nor for the URL-option checker (this address carries no options), nor the kiosk's, print view's or any
    // view's code or stylesheet.
    expect(plain.requests.filter((r) => /url-options/.test(r))).toEqual([]);
    expect(plain.requests.filter((r) => OPTIONAL_UNIT.test(r))).toEqual([]);
    // The overview, pause, jump to slide and printing the page as it is (Ctrl+P) have their rules: they load once
    // the deck is shown.
    await expect.poll(() => page.evaluate(() => [...document.styleSheets].some((s) => /\/gildeck\.later\./.test(s.href ?? '')))).toBe(true);
    await page.context().close();
  });

  test('an address with options loads the checker before the deck starts, and the options apply', async () => {
    const page = await open(`${plain.url}?transition=none&controls=false`);
    expect(plain.requests.filter((r) => /gildeck\.url-options\.[A-Z0-9]{8}\.js$/.test(r)).length).toBe(1);
    expect(await page.evaluate(() => { const c = (window as any).gildeck.deck.getConfig(); return [c.transition, c.controls]; })).toEqual(['none', false]);
    await page.context().close();
  });

  test('?kiosk, ?print-pdf, ?view=scroll and ?transition=zoom each load their own unit before the deck starts, and nothing else optional', async () => {
    const cases: [string, string, (page: Page) => Promise<boolean>][] = [
      ['?kiosk', 'kiosk', (p) => p.evaluate(() => Boolean((window as any).gildeck.deck.getPlugin('gildeck-kiosk')))],
      ['?print-pdf', 'print', (p) => p.evaluate(() => Boolean((window as any).gildeck.deck.getPlugin('gildeck-print')))],
      ['?view=scroll', 'scroll-view', (p) => p.evaluate(() => (window as any).gildeck.deck.isScrollView())],
      ['?transition=zoom', 'transitions', (p) => p.evaluate(() => (window as any).gildeck.deck.getConfig().transition === 'zoom')],
    ];
    for (const [query, unit, started] of cases) {
      const from = plain.requests.length;
      const page = await open(`${plain.url}${query}`);
      expect(await started(page)).toBe(true);
      // Its stylesheet is in the page once the deck is ready (main.ts loads the unit before it initializes the deck).
      expect(await page.evaluate((u) => [...document.styleSheets].some((s) => s.href?.includes(`/gildeck.${u}.`)), unit)).toBe(true);
      expect(new Set(plain.requests.slice(from).filter((r) => OPTIONAL_UNIT.test(r)).map((r) => OPTIONAL_UNIT.exec(r)![1]))).toEqual(new Set([unit]));
      await page.context().close();
    }
  });

  test('a deck whose slides fit text and auto-animate loads those parts of reveal.js before it starts, and they work', async () => {
    const page = await open(parts.url);
    expect(new Set(parts.requests.filter((r) => OPTIONAL_UNIT.test(r)).map((r) => OPTIONAL_UNIT.exec(r)![1]))).toEqual(new Set(['reveal-extras', 'auto-animate']));
    // fitty sized the title to its box (far above the theme's h2 size), and keeps it on one line.
    const fitted = await page.evaluate(() => { const h = document.querySelector<HTMLElement>('.r-fit-text')!; return { size: parseFloat(h.style.fontSize), wrap: h.style.whiteSpace }; });
    expect(fitted.size).toBeGreaterThan(100);
    expect(fitted.wrap).toBe('nowrap');
    // Auto-animate pairs the heading the two slides share, and marks it.
    await slide(page, 1);
    await slide(page, 2);
    await page.waitForFunction(() => document.querySelector('.reveal .slides section.present [data-auto-animate-target]') !== null);
    await page.context().close();
  });

  test('on a phone fitted text fills the slide inside its margins, one line, never below 12 px', async () => {
    const context = await browser.browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(parts.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const fitted = async (h: number) => {
      await slide(page, h);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('section.present .r-fit-text')?.style.fontSize !== '');
      await page.waitForTimeout(100); // fitty fits on the next frame; the margin check follows its 'fit' event
      return page.evaluate(() => {
        const el = document.querySelector<HTMLElement>('section.present .r-fit-text')!;
        const r = el.getBoundingClientRect();
        return { size: parseFloat(el.style.fontSize), left: r.left, right: r.right, lines: Math.round(r.height / parseFloat(getComputedStyle(el).lineHeight)) };
      });
    };
    const short = await fitted(0);
    expect(short.size).toBeGreaterThan(100);
    expect(short.left).toBeGreaterThanOrEqual(11);
    expect(short.right).toBeLessThanOrEqual(390 - 11);
    const long = await fitted(3);
    expect(long.size).toBeGreaterThanOrEqual(12);
    expect(long.size).toBeLessThan(24);
    expect(long.right).toBeLessThanOrEqual(390 - 11);
    expect(long.lines).toBe(1);
    await context.close();
  });

  test('a deck that uses neither has no scroll view, print view, fitting or auto-animate code at start, and says which view it is in', async () => {
    const page = await open(plain.url);
    expect(await page.evaluate(() => { const d = (window as any).gildeck.deck; return [d.isScrollView(), d.isPrintView()]; })).toEqual([false, false]);
    const start = await page.evaluate(() => [...document.scripts].filter((s) => s.src).map((s) => s.src));
    for (const src of start) expect(await (await fetch(src)).text()).not.toMatch(/scroll-page-sticky|pdf-page|data-auto-animate-target|observeWindowDelay/);
    await page.context().close();
  });
});
