import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

const FIXTURE = join(ROOT, 'tests/fixtures/e2e-deck');

describe.runIf(browserAvailable())('serve, in Chromium', () => {
  let work: string;
  let slides: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let page: Page;
  const offOrigin: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-e2e-'));
    slides = join(work, 'slides');
    cpSync(FIXTURE, slides, { recursive: true });
    [server, browser] = await Promise.all([startServe(slides, join(work, 'dist')), launchBrowser()]);
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('request', (r) => {
      if (new URL(r.url()).hostname !== '127.0.0.1') offOrigin.push(r.url());
    });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.proc.exitCode === null) server.proc.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  test('the page is cross-origin isolated, so shared memory is available', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  test('arrowing through reaches every slide, notes included', async () => {
    const total = await page.evaluate(() => (window as any).gildeck.deck.getTotalSlides());
    const visited = new Set<string>();
    const notes = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const state = await page.evaluate(() => {
        const deck = (window as any).gildeck.deck;
        const { h, v } = deck.getIndices();
        return { key: `${h}/${v ?? 0}`, notes: deck.getSlideNotes() as string, routes: deck.availableRoutes(), last: deck.isLastSlide() };
      });
      visited.add(state.key);
      if (state.notes) notes.add(state.notes.replace(/<[^>]+>/g, '').trim());
      if (state.last && !(await page.evaluate(() => (window as any).gildeck.deck.availableFragments().next))) break;
      await page.keyboard.press(state.routes.down ? 'ArrowDown' : 'ArrowRight');
    }
    expect(visited.size).toBe(total);
    expect([...notes].sort()).toEqual(['fragment notes', 'last notes', 'prologue notes', 'vertical notes', 'widget notes']);
  });

  test('the act indicator shows the act and the position in it', async () => {
    await page.evaluate(() => (window as any).gildeck.deck.slide(0));
    await page.evaluate(() => (window as any).gildeck.deck.slide(5, 0));
    expect(await page.locator('.gd-act-overlay').textContent()).toBe('Act I · 2/3');
  });

  test('a widget is mounted only while its slide is shown, and only live in the main window', async () => {
    const widget = page.locator('gd-timeline');
    await page.evaluate(() => (window as any).gildeck.deck.slide(7));
    await expect.poll(() => widget.getAttribute('data-mounted')).toBe('live');
    await page.evaluate(() => (window as any).gildeck.deck.slide(8));
    await expect.poll(() => widget.getAttribute('data-mounted')).toBe(null);

    const receiver = await browser.browser.newPage();
    await receiver.goto(`${server.url}?receiver#/7`);
    await receiver.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    await expect.poll(() => receiver.locator('gd-timeline').getAttribute('data-mounted')).toBe('mirror');
    await receiver.close();
  });

  test('S opens reveal.js\'s speaker view, which shows the current slide\'s notes', async () => {
    await page.evaluate(() => (window as any).gildeck.deck.slide(3));
    const popup = page.waitForEvent('popup');
    await page.keyboard.press('s');
    const speaker = await popup;
    await expect.poll(() => speaker.locator('.speaker-controls-notes .value').textContent(), { timeout: 15_000 }).toContain('fragment notes');
    await speaker.close();
  });

  test('nothing is requested outside 127.0.0.1 and nothing is logged as an error', () => {
    expect(offOrigin).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('a broken edit shows the errors over the deck; fixing it reloads the deck', async () => {
    const file = join(slides, '02-more.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('::timeline{workers=2}', '::timelin{workers=2}'));
    const overlay = page.locator('#gildeck-overlay');
    await expect.poll(() => overlay.textContent(), { timeout: 10_000 }).toContain('02-more.md:7:1 error: unknown directive "::timelin"');
    expect(await page.locator('.reveal .slides section').count()).toBeGreaterThan(0);

    const reloaded = page.waitForEvent('load');
    writeFileSync(file, good.replace('## A widget', '## A fixed widget'));
    await reloaded;
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    expect(await page.locator('#gildeck-overlay').count()).toBe(0);
    expect(await page.locator('h2', { hasText: 'A fixed widget' }).count()).toBe(1);
  });

  test('a page whose event stream connects only after a rebuild still reloads to the new deck', async () => {
    const late = await browser.browser.newPage();
    let connect!: () => void;
    const connected = new Promise<void>((r) => (connect = r));
    // Hold the page's event stream back until the next build is done.
    await late.route('**/__gildeck/events', async (route) => {
      await connected;
      await route.continue();
    });
    await late.goto(server.url);
    await late.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const file = join(slides, '02-more.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/## A \w+ widget/, '## A late widget'));
    await expect.poll(async () => (await fetch(server.url)).text(), { timeout: 10_000 }).toContain('A late widget');
    expect(await late.locator('h2', { hasText: 'A late widget' }).count()).toBe(0);

    const reloaded = late.waitForEvent('load');
    connect();
    await reloaded;
    await late.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    expect(await late.locator('h2', { hasText: 'A late widget' }).count()).toBe(1);
    await late.close();
  });

  test('Ctrl-C stops the server cleanly', async () => {
    const exited = new Promise<number | null>((ok) => server.proc.once('exit', ok));
    server.proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(server.output()).toContain('stopped');
  });
});
