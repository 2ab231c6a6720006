import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startKiosk } from '../support/serve.js';


/** Screenshots for a person to look at, when GILDECK_SCREENSHOTS names a folder. */
const screenshot = async (page: Page, name: string) => {
  if (!process.env.GILDECK_SCREENSHOTS) return;
  await page.waitForTimeout(800); // past the slide transition
  await page.screenshot({ path: join(process.env.GILDECK_SCREENSHOTS, name) });
};

/** The fixture's settings (tests/fixtures/kiosk-deck): 1 s a step, idle 3 s, hold 1.5 s, watchdog 3 s, freeze 3 s. */
const HOLD_MS = 1500;

/** Every key of a US keyboard, shifted and not, the function keys and the editing and moving keys. */
const US_KEYS = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''),
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
  ...'`-=[]\\;\',./~!@#$%^&*()_+{}|:"<>?'.split(''),
  ...Array.from({ length: 12 }, (_, i) => `F${i + 1}`),
  'Escape', 'Tab', 'Shift+Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown',
  'Space', 'Enter', 'Backspace', 'Delete', 'Insert',
  'Alt+ArrowLeft', 'Alt+ArrowRight', 'Shift+ArrowRight', 'Control+r', 'Control+s', 'Control+p', 'Control+w', 'Meta+q', 'Alt+F4',
];

interface KioskStatus {
  visitor: boolean;
  advances: number;
  watchdogStops: number;
  resumes: number;
  recoveries: Array<{ frozenMs: number; hash: string }>;
  wakeLock: string;
}

describe.runIf(browserAvailable())('the kiosk in Chromium', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let kiosk: Awaited<ReturnType<typeof startKiosk>>;
  /** Every request any page of a test made, and the pop-ups it opened. */
  let requests: string[] = [];
  let popups = 0;
  let errors: string[] = [];
  let context: BrowserContext | null = null;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-kiosk-e2e-'));
    [kiosk, browser] = await Promise.all([startKiosk(['--slides', join(ROOT, 'tests/fixtures/kiosk-deck'), '--out', join(work, 'dist'), '--port', '0']), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  afterEach(async () => {
    const origin = new URL(kiosk.url).origin;
    const off = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
    await context?.close();
    context = null;
    expect(off, 'requests off the deck\'s origin').toEqual([]);
    expect(popups, 'windows opened').toBe(0);
    expect(errors).toEqual([]);
  });

  /** Opens the kiosk (with touch), recording every request; counts the workers handed a run. */
  async function open(hash = ''): Promise<Page> {
    requests = [];
    popups = 0;
    errors = [];
    context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 }, hasTouch: true });
    context.on('request', (r) => requests.push(r.url()));
    const origin = new URL(kiosk.url).origin;
    // Nothing may leave the machine even if the deck tried: recorded above, then refused.
    await context.route((u) => u.origin !== origin && u.protocol !== 'blob:' && u.protocol !== 'data:', (route) => route.abort());
    const page = await context.newPage();
    context.on('page', () => popups++);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const Native = window.Worker;
      const started: Array<Worker & { running?: boolean }> = [];
      (window as any).startedWorkers = started;
      window.Worker = class extends Native {
        running = false;
        constructor(...args: ConstructorParameters<typeof Worker>) {
          super(...args);
          started.push(this);
        }
        override postMessage(message: any, transfer?: any): void {
          if (message?.type === 'run') this.running = true;
          super.postMessage(message, transfer);
        }
      };
    });
    await page.goto(kiosk.url + hash);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    return page;
  }

  const status = (page: Page) => page.evaluate(() => (window as any).gildeck.deck.getPlugin('gildeck-kiosk').status() as KioskStatus);
  const slide = (page: Page) => page.evaluate(() => (window as any).gildeck.deck.getIndices().h as number);
  /** Everything that would mean the booth stopped or left: each must stay false. */
  const stopped = (page: Page, url: string) =>
    page.evaluate((u) => {
      const d = (window as any).gildeck.deck;
      return {
        paused: d.isPaused(),
        overview: d.isOverview(),
        overlay: d.isOverlayOpen?.() ?? false,
        help: !!document.querySelector('.reveal .overlay-help'),
        jump: !!document.querySelector('.jump-to-slide.active, .reveal .jump-to-slide'),
        fullscreen: !!document.fullscreenElement,
        left: location.href.split('#')[0] !== u,
      };
    }, url);
  const STOPPED_NONE = { paused: false, overview: false, overlay: false, help: false, jump: false, fullscreen: false, left: false };

  /** Waits until the visitor has gone idle and the kiosk took the deck back to the start and on. */
  async function expectResumed(page: Page) {
    await expect.poll(async () => (await status(page)).visitor, { timeout: 10_000 }).toBe(false);
    const from = (await status(page)).advances;
    // Two steps: the fixture's slowest are a 2.5 s slide and a ~5 s demo held 1.5 s.
    await expect.poll(async () => (await status(page)).advances - from, { timeout: 25_000, message: 'the kiosk advances again' }).toBeGreaterThanOrEqual(2);
  }

  test('no key on a US keyboard pauses, blacks out, opens the overview, help, speaker view or full screen, or leaves the deck', async () => {
    const page = await open();
    expect((await status(page)).wakeLock).toBe('held');
    for (const key of US_KEYS) {
      await page.keyboard.press(key);
      expect(await stopped(page, kiosk.url), key).toEqual(STOPPED_NONE);
    }
    // The arrows made the visitor take over; once they go idle the booth starts again from the first slide.
    await expectResumed(page);
    expect((await status(page)).resumes).toBeGreaterThanOrEqual(1);
    expect(await stopped(page, kiosk.url)).toEqual(STOPPED_NONE);
  }, 90_000);

  test('clicks, taps, swipes and the wheel never stop it; a link does not leave the deck', async () => {
    const page = await open();
    const from = (await status(page)).advances;
    await page.mouse.click(640, 360);
    await page.mouse.click(640, 360, { button: 'right' });
    await page.mouse.dblclick(640, 360);
    await page.mouse.click(640, 360, { button: 'middle' });
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i % 2 ? -400 : 400);
    await page.touchscreen.tap(640, 360);
    expect(await stopped(page, kiosk.url)).toEqual(STOPPED_NONE);
    // Touching the screen is not taking over: only moving through the deck or using a widget's controls is.
    expect((await status(page)).visitor).toBe(false);
    await expect.poll(async () => (await status(page)).advances - from, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    // On the slide with a link to another site and one to a slide (the visitor holds it there).
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await slide(page)).toBe(1);
    await page.locator('a[href="https://example.com/"]').click();
    await page.locator('a[href="https://example.com/"]').click({ modifiers: ['Shift'] });
    await page.locator('a[href="https://example.com/"]').click({ button: 'middle' });
    await page.locator('a[href="#/3"]').click();
    expect(await slide(page)).toBe(1);
    expect(await stopped(page, kiosk.url)).toEqual(STOPPED_NONE);
    // A swipe is a visitor moving through the deck.
    const cdp = await context!.newCDPSession(page);
    const touch = async (type: string, x: number) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: 360 }] } as never);
    await touch('touchStart', 900);
    for (const x of [800, 600, 400, 300]) await touch('touchMove', x);
    await touch('touchEnd', 300);
    await expect.poll(() => slide(page)).toBe(2);
    expect((await status(page)).visitor).toBe(true);
    expect(await page.locator('.gd-kiosk-visitor').isVisible()).toBe(true);
    expect(await stopped(page, kiosk.url)).toEqual(STOPPED_NONE);
    await expectResumed(page);
  }, 60_000);

  test('a visitor takes over with the arrows; idle, the deck goes back to the first slide and resumes', async () => {
    const page = await open();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await status(page)).visitor).toBe(true);
    const at = await slide(page);
    const advances = (await status(page)).advances;
    await page.evaluate(() => {
      const w = window as any;
      w.slidesShown = [];
      w.gildeck.deck.on('slidechanged', () => w.slidesShown.push(w.gildeck.deck.getIndices().h));
    });
    expect(await page.locator('.gd-kiosk-visitor').isVisible()).toBe(true);
    await screenshot(page, 'kiosk-visitor.png');
    // While the visitor is there, the kiosk does not move on by itself (2 s: two of its 1 s steps).
    await page.waitForTimeout(2000);
    expect(await slide(page)).toBe(at);
    expect((await status(page)).advances).toBe(advances);
    // Idle for 3 s: back to the title slide, badge gone, advancing.
    await expect.poll(async () => (await status(page)).visitor, { timeout: 10_000 }).toBe(false);
    expect(await page.locator('.gd-kiosk-visitor').isVisible()).toBe(false);
    await expectResumed(page);
    const shown = await page.evaluate(() => (window as any).slidesShown as number[]);
    expect(shown.slice(0, 3)).toEqual([0, 1, 2]);
  }, 60_000);

  test('a demo slide is left only after its demo finished and its result was on screen the hold time', async () => {
    const page = await open();
    await page.evaluate(() => {
      const w = window as any;
      w.leftDemo = [];
      let doneAt = 0;
      document.addEventListener('gd-run', (e: any) => e.target.localName === 'gd-timeline' && e.detail.state === 'done' && (doneAt = performance.now()));
      w.gildeck.deck.on('slidechanged', (e: any) => {
        const timeline = e.previousSlide?.querySelector('gd-timeline');
        if (timeline) w.leftDemo.push({ state: timeline.getAttribute('data-state'), shownMs: performance.now() - doneAt });
      });
    });
    await expect.poll(() => page.evaluate(() => (window as any).leftDemo.length), { timeout: 40_000 }).toBeGreaterThan(0);
    const [left] = await page.evaluate(() => (window as any).leftDemo as Array<{ state: string; shownMs: number }>);
    expect(left!.state).toBe('done');
    expect(left!.shownMs).toBeGreaterThanOrEqual(HOLD_MS - 20);
  }, 60_000);

  test('the watchdog stops a demo that makes no progress, shows it as an error, and the loop goes on', async () => {
    const page = await open('#/6');
    const speedup = page.locator('gd-speedup');
    await expect.poll(() => speedup.getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    expect(await speedup.locator('[aria-live]').textContent()).toBe("Error: no progress for 3 s: stopped by the kiosk's watchdog");
    expect((await status(page)).watchdogStops).toBe(1);
    await screenshot(page, 'kiosk-watchdog.png');
    await expect.poll(() => slide(page), { timeout: 10_000 }).not.toBe(6);
    await expect.poll(() => page.evaluate(async () => (await (window as any).gildeck.loadEngine()).aliveWorkers), { timeout: 10_000 }).toBe(0);
  }, 60_000);

  test('a worker killed mid-demo is reported in its widget and the kiosk goes on', async () => {
    const page = await open('#/4');
    const timeline = page.locator('gd-timeline');
    await expect.poll(() => page.evaluate(() => ((window as any).startedWorkers as Array<{ running?: boolean }>).filter((w) => w.running).length), { timeout: 20_000 }).toBe(2);
    await page.evaluate(() => ((window as any).startedWorkers as Array<Worker & { running?: boolean }>).filter((w) => w.running).at(-1)!.terminate());
    await expect.poll(() => timeline.getAttribute('data-state'), { timeout: 10_000 }).toBe('error');
    expect(await timeline.locator('[aria-live]').textContent()).toMatch(/^Error: worker \d stopped answering/);
    await expect.poll(() => slide(page), { timeout: 10_000 }).not.toBe(4);
    await expect.poll(() => page.evaluate(async () => (await (window as any).gildeck.loadEngine()).aliveWorkers), { timeout: 10_000 }).toBe(0);
    await expectResumed(page);
  }, 60_000);

  test('a main thread blocked past the freeze bound reloads the page at the same slide, and the kiosk goes on', async () => {
    const page = await open('#/3');
    const before = await page.evaluate(() => performance.timeOrigin);
    const at = await slide(page);
    await page.evaluate(() => {
      const t = performance.now();
      while (performance.now() - t < 5000);
    });
    await expect.poll(() => page.evaluate(() => performance.timeOrigin).catch(() => before), { timeout: 10_000 }).not.toBe(before);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const s = await status(page);
    expect(s.recoveries).toHaveLength(1);
    expect(s.recoveries[0]!.frozenMs).toBeGreaterThan(3000);
    expect(s.recoveries[0]!.hash).toBe(`#/${at}`);
    // Back at the slide it froze on (or already one step further), and advancing.
    expect(await slide(page)).toBeGreaterThanOrEqual(at);
    await expectResumed(page);
  }, 60_000);
});
