import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportWidgets } from '../../src/cli/widgetsBundle.js';
import { isLoopbackHost } from '../../src/cli/serveHandler.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT } from '../support/serve.js';

const FALLBACK = 'message fallback: scheduling approximate';
const SHOTS = process.env.GILDECK_SHOTS;

/** A blog-like page: prose, a widget below it, and a widget with a bad attribute. */
const PLAIN = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A post about the GIL</title>
<script src="gildeck-widgets.js"></script>
<style>body { max-width: 760px; margin: 2em auto; font: 18px/1.5 Georgia, serif; color: #222; }</style></head>
<body>
<h1>Why my threads did not go faster</h1>
<p>Four threads, one GIL: press Run and watch who holds it.</p>
<gd-timeline id="t" strategy="threads" workers="4" duration="0.4" controls="false"></gd-timeline>
<p>And a typo:</p>
<gd-timeline id="bad" strategy="thread" workers="4"></gd-timeline>
</body></html>`;

/** A reveal.js deck written by hand, as reveal.js's own docs show, with a gildeck widget on its second slide. */
const REVEAL = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A reveal.js deck</title>
<link rel="stylesheet" href="reveal.css"><link rel="stylesheet" href="black.css"></head>
<body><div class="reveal"><div class="slides">
<section><h2>Slide one</h2><p>No widget here.</p></section>
<section><h2>Threads and the GIL</h2><gd-timeline id="t" strategy="threads" workers="4" duration="20" controls="false"></gd-timeline></section>
<section><h2>Slide three</h2></section>
</div></div>
<script src="reveal.js"></script>
<script src="gildeck-widgets.js"></script>
<script>Reveal.initialize({ hash: true, transition: 'none' });</script>
</body></html>`;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

/** A plain static server: no cross-origin isolation headers, as most hosts a blog lives on (unless given them). */
function staticServer(dir: string, headers: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1) || 'index.html';
    if (!isLoopbackHost(req.headers.host) || name.includes('/')) return res.writeHead(404).end();
    const body = await readFile(join(dir, name)).catch(() => null);
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

const aliveWorkers = (page: Page) => page.evaluate(() => (window as any).gildeckWidgets.engine().aliveWorkers as number);

describe.runIf(browserAvailable())('gildeck widgets in pages gildeck did not build', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let http: { server: Server; url: string };
  let isolated: { server: Server; url: string };
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-standalone-'));
    await exportWidgets({ root: ROOT, out: join(work, 'gildeck-widgets.js') });
    writeFileSync(join(work, 'post.html'), PLAIN);
    writeFileSync(join(work, 'deck.html'), REVEAL);
    const reveal = join(ROOT, 'node_modules/reveal.js/dist');
    for (const [from, to] of [['reveal.js', 'reveal.js'], ['reveal.css', 'reveal.css'], ['theme/black.css', 'black.css']]) copyFileSync(join(reveal, from!), join(work, to!));
    http = await staticServer(work);
    isolated = await staticServer(work, { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of [http, isolated]) await new Promise((ok) => (s ? s.server.close(ok) : ok(undefined)));
    rmSync(work, { recursive: true, force: true });
  });

  for (const where of ['http', 'file'] as const) {
    test(`a plain HTML page over ${where === 'http' ? 'a static host without isolation' : 'file://'} runs a widget in the message fallback, and a bad attribute shows its error in the element`, async () => {
      const page = await browser.browser.newPage({ viewport: { width: 1000, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const address = where === 'http' ? `${http.url}post.html` : pathToFileURL(join(work, 'post.html')).href;
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(address);
      const t = page.locator('#t');
      await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      await t.locator('.gd-w-run').click();
      await expect.poll(() => t.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('done');
      expect(await t.locator('.gd-w-badge').textContent()).toBe(FALLBACK);
      expect(await t.locator('[aria-live]').textContent()).not.toBe('');
      // The styles came with the script: the frame is laid out as in a deck, and the page's own text is untouched.
      expect(await t.evaluate((e) => getComputedStyle(e.querySelector('.gd-w-head')!).display)).toBe('flex');
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontFamily)).toMatch(/Georgia/);
      // The chart, drawn for a slide, is zoomed out to the column rather than cut at its edge.
      const [chartRight, bodyRight] = await t.evaluate((e) => [e.querySelector('.gd-w-body canvas')!.getBoundingClientRect().right, e.querySelector('.gd-w-body')!.getBoundingClientRect().right]);
      expect(chartRight).toBeLessThanOrEqual(bodyRight + 1);
      const bad = page.locator('#bad');
      await bad.scrollIntoViewIfNeeded();
      await expect.poll(() => bad.locator('[role=alert]').textContent()).toMatch(/^timeline: .*strategy.*"thread".*threads/s);
      expect(errors).toEqual([]);
      // The worker is a Blob; nothing else is asked for but the page and the script.
      expect(requests.filter((u) => !u.startsWith('blob:')).map((u) => u.replace(/^.*\//, ''))).toEqual(['post.html', 'gildeck-widgets.js']);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `standalone-plain-${where}.png`), fullPage: true });
      await page.close();
    }, 120_000);
  }

  test('on a page its host makes cross-origin isolated, the same bundle runs on shared memory and says so', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${isolated.url}post.html`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const t = page.locator('#t');
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
    await t.locator('.gd-w-run').click();
    await expect.poll(() => t.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('done');
    expect(await t.locator('.gd-w-badge').textContent()).toBe('shared memory');
    await page.close();
  }, 120_000);

  test('a widget scrolled out of view is unmounted and its workers stop; removed from the page, too', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`${http.url}post.html`);
    // A long run, so it is still running when it leaves the screen.
    await page.evaluate(() => document.querySelector('#t')!.setAttribute('duration', '20'));
    const t = page.locator('#t');
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { style: 'height: 3000px' })));
    await page.evaluate(() => window.scrollTo(0, 2500));
    await expect.poll(() => t.getAttribute('data-mounted')).toBe(null);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
    await t.locator('.gd-w-run').click();
    await expect.poll(() => aliveWorkers(page), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await t.getAttribute('data-state')).toBe('running');
    await page.evaluate(() => window.scrollTo(0, 2500));
    await expect.poll(() => t.getAttribute('data-mounted')).toBe(null);
    await expect.poll(() => aliveWorkers(page), { timeout: 15_000 }).toBe(0);
    expect(await t.getAttribute('data-state')).toBe('stopped');
    // Back on screen, run again, then take it out of the page: its workers stop too.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
    await t.locator('.gd-w-run').click();
    await expect.poll(() => aliveWorkers(page), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.evaluate(() => document.querySelector('#t')!.remove());
    await expect.poll(() => aliveWorkers(page), { timeout: 15_000 }).toBe(0);
    // Only the widgets still on the page count as mounted.
    expect(await page.evaluate(() => (window as any).gildeckWidgets.mounted)).toBe(await page.evaluate(() => document.querySelectorAll('[data-mounted]').length));
    await page.close();
  }, 120_000);

  test('in a reveal.js HTML deck the widget runs only on its slide, and leaving the slide stops its workers', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${http.url}deck.html`);
    await page.waitForFunction(() => (window as any).Reveal?.isReady());
    const t = page.locator('#t');
    // On slide one the widget is not mounted, though with transition 'none' reveal.js keeps the next slide laid out
    // under this one (hidden, yet intersecting the viewport): what is shown is reveal's to say.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    expect(await page.evaluate(() => document.querySelector('#t')!.getBoundingClientRect().width)).toBeGreaterThan(0);
    expect(await t.getAttribute('data-mounted')).toBe(null);
    await page.evaluate(() => (window as any).Reveal.next());
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
    await t.locator('.gd-w-run').click();
    await expect.poll(() => aliveWorkers(page), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => t.locator('.gd-w-status').textContent()).toMatch(/^running · /);
    expect(await t.locator('.gd-w-badge').textContent()).toBe(FALLBACK);
    // The deck's own look is untouched: reveal's theme still sets the heading.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.reveal h2')!).textTransform)).toBe('uppercase');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'standalone-reveal.png') });
    await page.evaluate(() => (window as any).Reveal.next());
    await expect.poll(() => t.getAttribute('data-mounted')).toBe(null);
    await expect.poll(() => aliveWorkers(page), { timeout: 15_000 }).toBe(0);
    expect(await t.getAttribute('data-state')).toBe('stopped');
    // Back on its slide it mounts again, ready to run.
    await page.evaluate(() => (window as any).Reveal.prev());
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('live');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test("reveal.js's speaker view frames mirror the widget instead of running it, and its print view draws every widget once", async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    // What the notes plugin loads in the speaker window's frames: the deck with ?receiver.
    await page.goto(`${http.url}deck.html?receiver#/1`);
    await page.waitForFunction(() => (window as any).Reveal?.isReady());
    const t = page.locator('#t');
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('mirror');
    expect(await t.locator('.gd-w-run').isVisible()).toBe(false);
    expect(await aliveWorkers(page)).toBe(0);
    await page.goto(`${http.url}deck.html?print-pdf`);
    await page.waitForFunction(() => (window as any).Reveal?.isReady());
    await expect.poll(() => t.getAttribute('data-mounted')).toBe('print');
    await expect.poll(() => t.getAttribute('data-print')).toBe('ready');
    expect(await t.locator('.gd-w-status').textContent()).toMatch(/^no reference run for these settings/);
    await page.close();
  }, 120_000);
});
