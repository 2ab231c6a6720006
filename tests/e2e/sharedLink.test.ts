import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { plainHost, type PlainHost } from '../support/plainHost.js';
import { ROOT } from '../support/serve.js';

/** Screenshots to look at, kept after the run. */
const SHOTS = process.env.GILDECK_SHOTS ?? join(tmpdir(), 'gildeck-shared-link');
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const build = (slides: string, out: string) => {
  const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', slides, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
};

interface Watched {
  errors: string[];
  offOrigin: string[];
}

/** A context that records uncaught errors and refuses (and records) every request off the host's origin. */
async function watchedContext(browser: LaunchedBrowser, host: PlainHost, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; seen: Watched }> {
  const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  const seen: Watched = { errors: [], offOrigin: [] };
  const origin = new URL(host.url).origin;
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'blob:' && url.protocol !== 'data:',
    (route) => {
      seen.offOrigin.push(route.request().url());
      return route.abort();
    },
  );
  context.on('page', (p) => p.on('pageerror', (e) => seen.errors.push(e.message)));
  return { context, seen };
}

const ready = (page: Page) => page.waitForFunction(() => (window as any).gildeck?.deck?.isReady(), null, { timeout: 15_000 });
const isolated = (page: Page) => page.waitForFunction(() => crossOriginIsolated, null, { timeout: 15_000 });
const where = (page: Page) =>
  page.evaluate(() => {
    const deck = (window as any).gildeck.deck;
    return { h: deck.getIndices().h as number, hash: location.hash, scrollView: deck.isScrollView() as boolean, title: document.querySelector('.reveal .slides section.present h1, .reveal .slides section.present h2')?.textContent ?? '' };
  });
/** Each of this deck's caches, with the URLs in it. */
const caches = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await self.caches.keys()) out[name] = (await (await self.caches.open(name)).keys()).map((r) => r.url).sort();
    return out;
  });

/** The deck's registration as the page sees it: its installing, waiting and active workers' states. */
const workers = (page: Page) =>
  page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return r ? `installing ${r.installing?.state ?? '-'}, waiting ${r.waiting?.state ?? '-'}, active ${r.active?.state ?? '-'}` : 'none registered';
  });

/**
 * In the page: the widgets on the current slide as drawn, in CSS px. SVG text is its font size times the scale from
 * its user units to the screen; HTML text its font size times the scale its box is drawn at; controls their boxes.
 */
function measure() {
  const slide = document.querySelector('.reveal .slides > section.present')!;
  const visible = (e: Element) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.gd-w-summary:not(.gd-w-error)');
  const widgets = Array.from(slide.querySelectorAll('[data-mounted]'));
  const inWidgets = (sel: string) => widgets.flatMap((w) => Array.from(w.querySelectorAll(sel))).filter(visible);
  const ownText = (e: Element) => Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim());
  // The matrix's scale whatever the rotation (an axis title is turned 90 degrees).
  const scale = (t: Element) => {
    const m = (t as SVGGraphicsElement).getScreenCTM()!;
    return Math.hypot(m.a, m.b);
  };
  const svgText = inWidgets('svg text, svg tspan').filter(ownText).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale(t));
  const htmlText = inWidgets('*').filter((e) => !(e instanceof SVGElement) && ownText(e)).map((e) => parseFloat(getComputedStyle(e).fontSize) * (e.getBoundingClientRect().width / ((e as HTMLElement).offsetWidth || 1)));
  const controls = inWidgets('button, select, input, [role="button"]').map((c) => {
    const r = c.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  return { svgText, htmlText, controls };
}

/** In the page: the text on the current slide drawn under 12 CSS px (the speaker's notes and screen-reader text aside). */
function smallText(h: number): string[] {
  const slide = document.querySelector('.reveal .slides > section.present')!;
  return Array.from(slide.querySelectorAll('*')).flatMap((e) => {
    if (!Array.from(e.childNodes).some((c) => c.nodeType === 3 && c.textContent!.trim())) return [];
    if (!e.getClientRects().length || e.closest('aside.notes, .gd-w-summary:not(.gd-w-error)')) return [];
    let px = parseFloat(getComputedStyle(e).fontSize);
    if (e instanceof SVGGraphicsElement) {
      const m = e.getScreenCTM()!;
      px *= Math.hypot(m.a, m.b);
    } else px *= e.getBoundingClientRect().width / ((e as HTMLElement).offsetWidth || 1);
    return px < 12 ? [`slide ${h}: ${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} ${px.toFixed(1)} px "${e.textContent!.trim().slice(0, 30)}"`] : [];
  });
}

describe.runIf(browserAvailable())('a shared link on a plain static host', () => {
  let work: string;
  let slides: string;
  let out: string;
  let host: PlainHost;
  let browser: LaunchedBrowser;
  let deckTitle20: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-shared-'));
    slides = join(work, 'slides');
    out = join(work, 'dist');
    cpSync(join(ROOT, 'slides'), slides, { recursive: true });
    build(slides, out);
    mkdirSync(SHOTS, { recursive: true });
    [host, browser] = await Promise.all([plainHost(out), launchBrowser()]);
  }, 120_000);

  // A test that failed offline leaves the host up for the next.
  afterEach(() => {
    if (host) {
      host.down = false;
      host.stalls = () => false;
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('after one visit the deck is isolated, and offline a reload and a new tab to #/20 both load it', async () => {
    const { context, seen } = await watchedContext(browser, host);
    const page = await context.newPage();
    await page.goto(host.url);
    // First visit: the worker is installed (with the build's files) and the page reloads isolated.
    await isolated(page);
    await ready(page);
    const manifest = JSON.parse(/GILDECK_PRECACHE=(\{.*?\});/.exec(readFileSync(join(out, 'gildeck-sw.js'), 'utf8'))![1]!) as { version: string; files: string[] };
    const cached = await caches(page);
    expect(Object.keys(cached)).toEqual([`gildeck:${host.url}:${manifest.version}`]);
    expect(Object.values(cached)[0]).toEqual(manifest.files.map((f) => host.url + f).sort());

    await context.setOffline(true);
    host.down = true; // Also refuse the worker's own fetches, which the emulated offline mode does not cover.
    const asked = host.requests.length;

    await page.reload();
    await ready(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll(".reveal .slides > section").length)).toBe(42);

    const tab = await context.newPage();
    await tab.goto(`${host.url}#/20`);
    await ready(tab);
    const deep = await where(tab);
    expect(deep).toMatchObject({ h: 20, hash: '#/20', scrollView: false });
    deckTitle20 = deep.title;
    expect(deckTitle20).not.toBe('');
    await tab.screenshot({ path: join(SHOTS, 'offline-deep-link.png') });
    // The page's address with a query, offline too.
    await tab.goto(`${host.url}index.html?transition=none#/3`);
    await ready(tab);
    expect(await where(tab)).toMatchObject({ h: 3, hash: '#/3' });

    // Offline, the host saw only refused attempts (the page's own), nothing was answered, nothing left the origin.
    expect(host.requests.slice(asked).every((p) => p === '/' || p === '/index.html')).toBe(true);
    expect(seen.offOrigin).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  }, 90_000);

  test('on a phone, a deep link on first visit lands on its slide and keeps the hash; widgets stay legible', async () => {
    const { context, seen } = await watchedContext(browser, host, PHONE);
    const page = await context.newPage();
    await page.goto(`${host.url}#/20`);
    await isolated(page);
    await ready(page);
    expect(await where(page)).toMatchObject({ h: 20, hash: '#/20', scrollView: false });

    // Every widget slide: each chart text, widget text and control measured as drawn on the phone.
    const widgetSlides = await page.evaluate(() => Array.from(document.querySelectorAll('.reveal .slides > section')).flatMap((s, i) => (s.querySelector('[class^="gd-"], *') && Array.from(s.querySelectorAll('*')).some((e) => e.tagName.startsWith('GD-')) ? [i] : [])));
    expect(widgetSlides.length).toBeGreaterThanOrEqual(10);
    const measured: Array<{ h: number; svgText: number[]; htmlText: number[]; controls: Array<{ width: number; height: number }> }> = [];
    for (const h of widgetSlides) {
      await page.evaluate((n) => (window as any).gildeck.deck.slide(n), h);
      await page.waitForFunction(() => document.querySelector('.reveal section.present [data-mounted="live"]'));
      measured.push({ h, ...(await page.evaluate(measure)) });
    }
    const all = (k: 'svgText' | 'htmlText') => measured.flatMap((m) => m[k]);
    const smallest = (k: 'svgText' | 'htmlText') => measured.map((m) => ({ h: m.h, min: Math.min(...m[k]) })).sort((a, b) => a.min - b.min)[0]!;
    expect(all('svgText').length).toBeGreaterThan(50);
    expect(smallest('svgText').min, `chart text on slide ${smallest('svgText').h}`).toBeGreaterThanOrEqual(12);
    expect(smallest('htmlText').min, `widget text on slide ${smallest('htmlText').h}`).toBeGreaterThanOrEqual(12);
    const controls = measured.flatMap((m) => m.controls.map((c) => ({ h: m.h, ...c })));
    expect(controls.filter((c) => c.width < 44 || c.height < 44)).toEqual([]);
    expect(controls.length).toBeGreaterThanOrEqual(widgetSlides.length);
    // And every slide's text, and reveal.js's arrows.
    const total = await page.evaluate(() => (window as any).gildeck.deck.getTotalSlides() as number);
    const tooSmall: string[] = [];
    for (let h = 0; h < total; h++) {
      await page.evaluate((n) => (window as any).gildeck.deck.slide(n), h);
      tooSmall.push(...(await page.evaluate(smallText, h)));
    }
    expect(tooSmall).toEqual([]);
    const arrows = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.reveal .controls button')).filter((b) => getComputedStyle(b).visibility === 'visible').map((b) => b.getBoundingClientRect()).map((r) => Math.min(r.width, r.height)));
    expect(arrows.length).toBeGreaterThan(0);
    expect(Math.min(...arrows)).toBeGreaterThanOrEqual(44);
    const race = widgetSlides.find((h) => h >= 20)!;
    await page.evaluate((n) => (window as any).gildeck.deck.slide(n), race);
    await page.screenshot({ path: join(SHOTS, 'phone-widget.png') });
    console.log(
      `phone 390x844, ${widgetSlides.length} widget slides: chart text ${smallest('svgText').min.toFixed(1)}-${Math.max(...all('svgText')).toFixed(1)} px (${all('svgText').length} texts), ` +
        `widget text >= ${smallest('htmlText').min.toFixed(1)} px, controls >= ${Math.min(...controls.map((c) => c.width)).toFixed(0)}x${Math.min(...controls.map((c) => c.height)).toFixed(0)} px (${controls.length})`,
    );

    // Run works with a tap, and what the run draws is legible too.
    await page.locator('section.present .gd-w-run').tap();
    await page.waitForFunction(() => document.querySelector('section.present [data-mounted]')?.getAttribute('data-state') === 'done', null, { timeout: 60_000 });
    const after = await page.evaluate(measure);
    expect(Math.min(...after.svgText)).toBeGreaterThanOrEqual(12);
    expect(Math.min(...after.htmlText)).toBeGreaterThanOrEqual(12);
    await page.screenshot({ path: join(SHOTS, 'phone-widget-run.png') });
    expect(seen.errors).toEqual([]);
    expect(seen.offOrigin).toEqual([]);
    await context.close();
  }, 90_000);

  test('where service workers are refused the deck still runs, in the message fallback, and says what the address got wrong', async () => {
    const { context, seen } = await watchedContext(browser, host, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${host.url}?margin=9&kiosk=1&transtion=none#/20`);
    await ready(page);
    expect(await where(page)).toMatchObject({ h: 20, hash: '#/20' });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect.poll(() => page.locator('section.present .gd-w-badge').textContent()).toMatch(/message fallback/);
    const note = page.locator('.gd-url-notes');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toMatch(/margin=9 clamped to 0.5.*kiosk=1 ignored: it takes no value.*did you mean "transition"/s);
    await page.screenshot({ path: join(SHOTS, 'phone-url-notes.png') });
    await note.locator('button').tap();
    expect(await note.count()).toBe(0);
    expect(await page.evaluate(() => (window as any).gildeck.deck.isAutoSliding())).toBe(false);
    expect(seen.errors).toEqual([]);
    expect(seen.offOrigin).toEqual([]);
    await context.close();
  }, 60_000);

  test('the scroll view, asked for in the address, settles on a widget slide instead of announcing it forever', async () => {
    const { context, seen } = await watchedContext(browser, host, { ...PHONE, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${host.url}?view=scroll#/19`);
    await ready(page);
    expect(await page.evaluate(() => (window as any).gildeck.deck.isScrollView())).toBe(true);
    // Each mount asked for a layout, which the scroll view answers with another slidechanged, which mounted again.
    const announced = await page.evaluate(async () => {
      let n = 0;
      (window as any).gildeck.deck.on('slidechanged', () => n++);
      await new Promise((r) => setTimeout(r, 1000));
      return n;
    });
    expect(announced).toBeLessThanOrEqual(2);
    expect(seen.errors).toEqual([]);
    await context.close();
  }, 60_000);

  // Last: it rebuilds the deck the others use.
  test('a new build replaces the cache of the old one, and offline the new build is what opens', async () => {
    const { context, seen } = await watchedContext(browser, host);
    const page = await context.newPage();
    await page.goto(host.url);
    await isolated(page);
    await ready(page);
    const old = Object.keys(await caches(page));
    expect(old).toHaveLength(1);
    const slidesBefore = await page.evaluate(() => document.querySelectorAll('.reveal .slides > section').length);

    writeFileSync(join(slides, '06-rebuilt.md'), '## Rebuilt after the first visit\n');
    build(slides, out);
    // One file the new worker keeps never comes (a Wi-Fi that stalls): it must not hold the new build back.
    host.stalls = (path) => /^\/gildeck\.kiosk\.\w+\.js$/.test(path);
    const version = (JSON.parse(/GILDECK_PRECACHE=(\{.*?\});/.exec(readFileSync(join(out, 'gildeck-sw.js'), 'utf8'))![1]!) as { version: string }).version;
    // Online, the page comes from the network: the new build shows at once.
    await page.goto(`${host.url}index.html#/41`);
    await ready(page);
    expect(await page.evaluate(() => document.querySelectorAll('.reveal .slides > section').length)).toBe(slidesBefore + 1);
    // The browser checks the worker on that navigation by itself, installs the new one, whose activation deletes
    // the old build's cache.
    await expect
      .poll(async () => Object.keys(await caches(page)), { timeout: 40_000 })
      .toEqual([`gildeck:${host.url}:${version}`])
      .catch(async (e: Error) => {
        throw new Error(`the new build's worker did not take over (${await workers(page)}): ${e.message}`);
      });
    expect(old[0]).not.toBe(`gildeck:${host.url}:${version}`);
    // The stalled file comes once the page asks for it, and is kept for next time.
    host.stalls = () => false;
    const kiosk = host.url + (await readdir(out)).find((f) => /^gildeck\.kiosk\.\w+\.js$/.test(f))!;
    expect((await caches(page))[`gildeck:${host.url}:${version}`]).not.toContain(kiosk);
    expect(await page.evaluate(async (url) => (await fetch(url)).status, kiosk)).toBe(200);
    await expect.poll(async () => (await caches(page))[`gildeck:${host.url}:${version}`]).toContain(kiosk);

    await context.setOffline(true);
    host.down = true;
    const tab = await context.newPage();
    // The new slide is the last: its index is the count before.
    await tab.goto(`${host.url}#/${slidesBefore}`);
    await ready(tab);
    expect((await where(tab)).title).toBe('Rebuilt after the first visit');
    expect(seen.errors).toEqual([]);
    expect(seen.offOrigin).toEqual([]);
    await context.close();
  }, 90_000);
});
