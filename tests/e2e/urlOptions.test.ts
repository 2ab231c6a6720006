import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

interface Opened {
  page: Page;
  /** Uncaught errors on the page. */
  errors: string[];
  /** Requests that left the deck's origin (aborted before they went anywhere). */
  offOrigin: string[];
  warnings: string[];
}

describe.runIf(browserAvailable())('URL options in Chromium', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-url-e2e-'));
    [server, browser] = await Promise.all([startServe(join(ROOT, 'tests/fixtures/e2e-deck'), join(work, 'dist')), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  /** Opens the deck at `query`, counting every worker the page starts, and waits until reveal.js is ready. */
  async function open(query: string): Promise<Opened> {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const o: Opened = { page, errors: [], offOrigin: [], warnings: [] };
    const origin = new URL(server.url).origin;
    page.on('pageerror', (e) => o.errors.push(e.message));
    page.on('console', (m) => m.type() === 'warning' && o.warnings.push(m.text()));
    await page.route(
      (url) => url.origin !== origin && url.protocol !== 'blob:' && url.protocol !== 'data:',
      (route) => {
        o.offOrigin.push(route.request().url());
        return route.abort();
      },
    );
    await page.addInitScript(() => {
      const Native = window.Worker;
      const w = window as unknown as { startedWorkers: number };
      w.startedWorkers = 0;
      window.Worker = class extends Native {
        constructor(...args: ConstructorParameters<typeof Worker>) {
          super(...args);
          w.startedWorkers++;
        }
      };
    });
    await page.goto(server.url + query);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady(), null, { timeout: 10_000 });
    return o;
  }

  const config = (page: Page) => page.evaluate(() => (window as any).gildeck.deck.getConfig() as Record<string, unknown>);

  test.each([
    '?plugins=x',
    '?dependencies=x&plugins=1',
    '?parallaxBackgroundImage=https%3A%2F%2Fexample.com%2Fx.png&parallaxBackgroundSize=100px%20100px',
    '?backgroundTransition=x&transition=https%3A%2F%2Fexample.com',
    '?width=1e9&height=-1&margin=NaN&minScale=0&maxScale=1e308',
    '?margin=1&minScale=1e-9',
  ])('%s: the deck becomes ready, loads nothing from another origin, and throws nothing', async (query) => {
    const o = await open(query);
    // Let layout, resize handlers and background images settle.
    await o.page.evaluate(() => (window as any).gildeck.deck.layout());
    await o.page.waitForTimeout(500);
    expect(o.errors).toEqual([]);
    expect(o.offOrigin).toEqual([]);
    expect(o.warnings.join('\n')).toMatch(/gildeck: URL option/);
    const c = await config(o.page);
    // gildeck's own plugins, each a function: none replaced by a value from the address.
    const plugins = await o.page.evaluate(() => (window as any).gildeck.deck.getConfig().plugins.map((p: { id?: string }) => typeof p) as string[]);
    expect(plugins.length).toBeGreaterThanOrEqual(3);
    expect(plugins.every((t) => t === 'function')).toBe(true);
    expect(JSON.stringify(c)).not.toMatch(/example\.com/);
    // The address the viewer typed is left as it was.
    expect(await o.page.evaluate(() => location.search)).toBe(query);
    await o.page.close();
  });

  test('?kiosk&autoSlide=0 does not stop the kiosk', async () => {
    const o = await open('?kiosk&autoSlide=0');
    // The kiosk plugin paces the deck (reveal.js's own timer is off: the kiosk waits for demos).
    expect(await o.page.evaluate(() => (window as any).gildeck.deck.getPlugin('gildeck-kiosk').status().settings.advance)).toBe(20_000);
    expect(await config(o.page)).toMatchObject({ loop: true, autoSlideStoppable: false });
    expect(o.errors).toEqual([]);
    await o.page.close();
  });

  test.each([
    ['1', 1000],
    ['-1', 20_000],
    ['NaN', 20_000],
  ])('?kiosk&autoSlide=%s keeps advancing every %i ms, never faster than once a second, with its workers bounded', async (v, pace) => {
    const o = await open(`?kiosk&autoSlide=${v}`);
    const seen = await o.page.evaluate(async () => {
      const g = (window as any).gildeck;
      let steps = 0;
      let maxAlive = 0;
      for (const e of ['slidechanged', 'fragmentshown']) g.deck.on(e, () => steps++);
      const end = performance.now() + 3500;
      while (performance.now() < end) {
        maxAlive = Math.max(maxAlive, (await g.loadEngine()).aliveWorkers);
        await new Promise((r) => setTimeout(r, 20));
      }
      return { steps, maxAlive, started: (window as any).startedWorkers as number, autoSlide: g.deck.getPlugin('gildeck-kiosk').status().settings.advance as number };
    });
    expect(seen.steps, 'at most one step a second').toBeLessThanOrEqual(4);
    // The deck's one demo uses 2 workers (+1 to calibrate); one pass through it is all 3.5 s allow.
    expect(seen.started).toBeLessThanOrEqual(6);
    expect(seen.maxAlive).toBeLessThanOrEqual(3);
    expect(seen.autoSlide).toBe(pace);
    expect(await o.page.evaluate(() => (window as any).gildeck.deck.getPlugin('gildeck-kiosk').status().visitor)).toBe(false);
    if (pace === 1000) expect(seen.steps, 'the kiosk keeps advancing').toBeGreaterThan(0);
    expect(o.errors).toEqual([]);
    await o.page.close();
  });

  describe('what reveal.js and gildeck read from the URL keeps working', () => {
    test('?print-pdf and ?view=print show the print view', async () => {
      for (const q of ['?print-pdf', '?view=print']) {
        const o = await open(q);
        expect(await o.page.evaluate(() => (window as any).gildeck.deck.isPrintView()), q).toBe(true);
        await expect.poll(() => o.page.locator('gd-timeline').getAttribute('data-mounted')).toBe('print');
        expect(o.errors).toEqual([]);
        await o.page.close();
      }
    });

    test('?view=scroll shows the scroll view', async () => {
      const o = await open('?view=scroll');
      expect(await o.page.evaluate(() => (window as any).gildeck.deck.isScrollView())).toBe(true);
      await o.page.close();
    });

    test('?kiosk runs the kiosk, and #/n opens slide n', async () => {
      const o = await open('?kiosk&transition=none#/3');
      expect(await o.page.evaluate(() => (window as any).gildeck.deck.getIndices().h)).toBe(3);
      expect(await o.page.evaluate(() => (window as any).gildeck.deck.getPlugin('gildeck-kiosk').status().settings.advance)).toBe(20_000);
      expect(await config(o.page)).toMatchObject({ transition: 'none', loop: true });
      await o.page.close();
    });

    test('the speaker view\'s preview frames mirror the deck with the options reveal.js gives them', async () => {
      const query = '?receiver&progress=false&history=false&transition=none&autoSlide=0&backgroundTransition=none&scrollActivationWidth=false&postMessageEvents=true#/7/0';
      const o = await open(query);
      expect(await o.page.evaluate(() => (window as any).gildeck.deck.isSpeakerNotes())).toBe(true);
      expect(await config(o.page)).toMatchObject({ progress: false, transition: 'none', postMessageEvents: true, autoSlide: 0 });
      await expect.poll(() => o.page.locator('gd-timeline').getAttribute('data-mounted')).toBe('mirror');
      expect(o.warnings.filter((w) => w.includes('gildeck:'))).toEqual([]);
      await o.page.close();
    });

    // Not in the kiosk, where S opens nothing (tests/e2e/kiosk.test.ts).
    test('pressing S opens the speaker view, whose frames load the deck and start no workload', async () => {
      const o = await open('#/7');
      const popup = o.page.waitForEvent('popup');
      await o.page.locator('body').click({ position: { x: 5, y: 5 } });
      await o.page.keyboard.press('s');
      const notes = await popup;
      await expect.poll(() => notes.frames().filter((f) => /receiver/.test(f.url())).length, { timeout: 10_000 }).toBe(2);
      for (const f of notes.frames().filter((fr) => /receiver/.test(fr.url()))) {
        await f.waitForFunction(() => (window as any).gildeck?.deck?.isReady(), null, { timeout: 10_000 });
        expect(await f.evaluate(() => (window as any).gildeck.deck.isAutoSliding())).toBe(false);
        expect(await f.evaluate(async () => (await (window as any).gildeck.loadEngine()).aliveWorkers)).toBe(0);
      }
      await notes.close();
      await o.page.close();
    });
  });
});
