import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WIDGETS } from '../../src/widgets/registry.js';
import { goToWidget, leaveSlide } from '../support/deck.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

const ARTIFACTS = join(ROOT, 'test-results/widgets');
const NAMES = [...WIDGETS.keys()];

const alive = (page: Page) => page.evaluate(async () => (await (window as any).gildeck.loadEngine()).aliveWorkers as number);

/** What a widget shows right now: its markup and its canvases' pixels, to tell that a run changed the drawing. */
const fingerprint = (page: Page, name: string) =>
  page.evaluate((n) => {
    const el = document.querySelector(`gd-${n}`)!;
    const body = el.querySelector('.gd-w-body')!;
    return body.innerHTML.replace(/<canvas[^>]*>/g, '') + [...el.querySelectorAll('canvas')].map((c) => (c as HTMLCanvasElement).toDataURL()).join('');
  }, name);

/** How much a widget drew: SVG shapes and text, table cells, or non-blank canvas pixels. */
const marks = (page: Page, name: string) =>
  page.evaluate((n) => {
    const el = document.querySelector(`gd-${n}`)!;
    const shapes = el.querySelectorAll('svg rect, svg path, svg circle, svg line, svg text, td, th').length;
    let pixels = 0;
    for (const c of el.querySelectorAll('canvas')) {
      const ctx = (c as HTMLCanvasElement).getContext('2d');
      if (!ctx || !c.width || !c.height) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4 * 16) if (d[i]! > 0) pixels++;
    }
    return shapes + pixels;
  }, name);

describe.runIf(browserAvailable())('every widget, live in Chromium', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-widgets-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServe(join(ROOT, 'tests/fixtures/widgets-deck'), join(work, 'dist')), launchBrowser()]);
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  // Each widget is found by its element, wherever the fixture deck puts it.
  for (const name of NAMES) {
    test(`${name}: runs, draws, says what happened, and stops its workers when the slide is left`, async () => {
      await goToWidget(page, name);
      const el = page.locator(`gd-${name}`);
      await expect.poll(() => el.getAttribute('data-mounted')).toBe('live');
      const before = await marks(page, name);
      expect(before, 'the first frame is drawn before any run').toBeGreaterThan(0);
      const drawnBefore = await fingerprint(page, name);
      await el.locator('.gd-w-run').click();
      await expect.poll(() => el.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('done');
      expect(await marks(page, name)).toBeGreaterThan(0);
      // The finished run is on screen, not just the empty first frame.
      await page.waitForTimeout(100);
      expect(await fingerprint(page, name), 'the run changed the drawing').not.toBe(drawnBefore);
      const summary = (await el.locator('[aria-live]').textContent()) ?? '';
      expect(summary.length, 'a text summary for screen readers').toBeGreaterThan(10);
      await el.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
      await leaveSlide(page);
      await expect.poll(() => alive(page), { timeout: 2_000 }).toBe(0);
    });
  }

  test('R runs the demos on the slide; leaving it in the middle of a run stops them and leaves no worker alive', async () => {
    await goToWidget(page, 'timeline');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    await expect.poll(() => page.locator('gd-timeline').getAttribute('data-state')).toBe('running');
    await expect.poll(() => alive(page)).toBeGreaterThan(0);
    await leaveSlide(page);
    await expect.poll(() => alive(page), { timeout: 2_000 }).toBe(0);
    expect(await page.locator('gd-timeline').getAttribute('data-state')).toBe('stopped');
  });

  test('the speaker view starts no workload: it mirrors the main window', async () => {
    const receiver = await browser.browser.newPage();
    await receiver.goto(`${server.url}?receiver`);
    await receiver.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    await goToWidget(receiver, 'timeline');
    await expect.poll(() => receiver.locator('gd-timeline').getAttribute('data-mounted')).toBe('mirror');
    await receiver.keyboard.press('r');
    await receiver.waitForTimeout(300);
    expect(await receiver.evaluate(async () => (await (window as any).gildeck.loadEngine()).aliveWorkers)).toBe(0);
    expect(await receiver.locator('gd-timeline .gd-w-run').isVisible()).toBe(false);
    await receiver.close();
  });

  test('print view draws a snapshot of each widget (the last run or a labelled reference run), not empty boxes', async () => {
    const print = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await print.goto(`${server.url}?print-pdf`);
    await print.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    for (const name of NAMES) {
      const el = print.locator(`gd-${name}`);
      // Print view loads every widget's code first (a chunk each): give it time on a busy machine.
      await expect.poll(() => el.getAttribute('data-mounted'), { timeout: 60_000 }).toBe('print');
      expect(await marks(print, name), `${name} draws in print`).toBeGreaterThan(0);
      const status = (await el.locator('.gd-w-status').textContent()) ?? '';
      expect(status).toMatch(/^measured .* on this device|^reference run: |^no reference run for these settings/);
    }
    await print.screenshot({ path: join(ARTIFACTS, 'print.png'), fullPage: true });
    await print.close();
  }, 90_000);

  test('no page errors', () => {
    expect(errors).toEqual([]);
  });
});
