import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { HEADERS } from '../../src/cli/serveHandler.js';
import { typeOf } from '../../src/cli/snapshot.js';
import { ROOT } from '../support/serve.js';

/** Screenshots to look at, kept after the run. */
const SHOTS = process.env.GILDECK_SHOTS ?? join(tmpdir(), 'gildeck-first-paint');

const DECK = [
  // A content slide first (no title slide): its height sets where reveal.js centres it.
  '# The first slide',
  '',
  'Drawn before the runtime runs, where reveal.js will keep it.',
  '',
  '- one',
  '- two',
  ...[2, 3, 4, 5, 6, 7].flatMap((n) => ['', '---', '', `# Slide ${n}`, '', `Body of slide ${n}.`]),
].join('\n');

/** A static host with the dev server's isolation headers (a plain host would have the page reload once, for isolation). */
function isolatedHost(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => res.writeHead(200, { ...HEADERS, 'Content-Type': typeOf(file) }).end(body),
      () => res.writeHead(404, HEADERS).end(),
    );
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** The first slide's heading: whether it is visible, and its box. */
const firstHeading = (page: Page) =>
  page.evaluate(() => {
    const h = document.querySelector('.reveal .slides > section h1')!;
    const r = h.getBoundingClientRect();
    return { visible: h.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && r.width > 0, x: r.x, y: r.y, width: r.width, height: r.height };
  });
const frame = (page: Page) => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => done())));
const ready = (page: Page) => page.waitForFunction(() => (window as any).gildeck?.deck?.isReady(), null, { timeout: 15_000 });
const runtimeRan = (page: Page) => page.evaluate(() => 'gildeck' in window);

/** Holds the runtime script (not the chunks) until `release` is called: the page as it is before its runtime has run. */
async function holdRuntime(context: BrowserContext): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await context.route(/\/gildeck\.[A-Z0-9]{8}\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

describe.runIf(browserAvailable())('the first slide is drawn before the runtime runs', () => {
  let browser: LaunchedBrowser;
  let host: { server: Server; url: string };
  let work: string;
  let out: string;
  let talk: { server: Server; url: string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-first-paint-'));
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(work, 'deck.md'), DECK);
    out = join(work, 'out');
    const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', join(work, 'deck.md'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    host = await isolatedHost(out);
    const talkOut = join(work, 'talk');
    const t = spawnSync(process.execPath, ['build.mjs', 'build', '--out', talkOut], { cwd: ROOT, encoding: 'utf8' });
    expect(t.status, t.stderr).toBe(0);
    talk = await isolatedHost(talkOut);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    host?.server.close();
    talk?.server.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const [deck, width, height] of [
    ['a deck', 1280, 720],
    ['a deck', 1920, 1080],
    ['the default talk', 1280, 720],
  ] as const) {
    test(`${deck} at ${width}x${height}: the first slide's heading is visible before the runtime runs, and reveal.js leaves it where it was`, async () => {
      const url = deck === 'a deck' ? host.url : talk.url;
      const name = `${deck === 'a deck' ? 'deck' : 'talk'}-${width}x${height}`;
      const context = await browser.browser.newContext({ viewport: { width, height } });
      try {
        const release = await holdRuntime(context);
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        await frame(page);
        expect(await runtimeRan(page)).toBe(false);
        const before = await firstHeading(page);
        await page.screenshot({ path: join(SHOTS, `before-${name}.png`) });
        release();
        await ready(page);
        await frame(page);
        const after = await firstHeading(page);
        await page.screenshot({ path: join(SHOTS, `after-${name}.png`) });
        expect(before.visible).toBe(true);
        expect(after.visible).toBe(true);
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(after[k] - before[k]), `${k}: ${before[k]} -> ${after[k]}`).toBeLessThanOrEqual(1);
        // Nothing animates on its own once the deck is up (reveal.js's bouncing "next" arrow drew 60 frames a
        // second for 100 s, 5-7% of a core, under whatever a demo measured meanwhile).
        const animating = await page.evaluate(() => document.getAnimations().filter((a) => a instanceof CSSAnimation && a.playState === 'running').map((a) => (a as CSSAnimation).animationName));
        expect(animating).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  test('a deep link (#/5) never shows the first slide, not even before the runtime runs', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const release = await holdRuntime(context);
      const page = await context.newPage();
      // Checked at every frame from the first: is the first slide's heading visible?
      await page.addInitScript(() => {
        (window as any).__firstSeen = false;
        const tick = () => {
          const h = document.querySelector('.reveal .slides > section h1');
          if (h?.checkVisibility({ opacityProperty: true, visibilityProperty: true })) (window as any).__firstSeen = true;
          if (!(window as any).gildeck?.deck?.isReady()) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.goto(`${host.url}#/5`, { waitUntil: 'domcontentloaded' });
      await frame(page);
      await frame(page);
      release();
      await ready(page);
      expect(await page.evaluate(() => (window as any).gildeck.deck.getIndices().h)).toBe(5);
      expect(await page.evaluate(() => document.querySelector('.reveal .slides section.present h1')?.textContent)).toBe('Slide 6');
      expect(await page.evaluate(() => (window as any).__firstSeen)).toBe(false);
    } finally {
      await context.close();
    }
  });

  test('print view (?print-pdf) is left to the runtime: no slide is drawn before it, and it lays out every page', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const release = await holdRuntime(context);
      const page = await context.newPage();
      await page.goto(`${host.url}?print-pdf`, { waitUntil: 'domcontentloaded' });
      await frame(page);
      expect(await page.evaluate(() => ({ present: document.querySelectorAll('section.present').length, fullPage: document.documentElement.classList.contains('reveal-full-page') }))).toEqual({ present: 0, fullPage: false });
      release();
      await page.waitForFunction(() => document.querySelectorAll('.pdf-page').length === 7, null, { timeout: 15_000 });
    } finally {
      await context.close();
    }
  });

  test('from file:// the deck starts (the first-paint script starts the runtime) and shows the first slide', async () => {
    const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(out, 'index.html')).href);
      await ready(page);
      expect(await page.evaluate(() => document.querySelector('.reveal .slides section.present h1')?.textContent)).toBe('The first slide');
      expect((await firstHeading(page)).visible).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
