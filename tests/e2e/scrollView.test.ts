import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { startServe } from '../support/serve.js';

/** 24 slides, the second with four fragments (a page of its own per fragment, as in the talk's agenda). */
function deck(): string {
  const slides = ['---\ntitle: Scroll view\n---\n\n# Title'];
  slides.push('## Steps\n\n- a <!-- .element: class="fragment" -->\n- b <!-- .element: class="fragment" -->\n- c <!-- .element: class="fragment" -->\n- d <!-- .element: class="fragment" -->');
  for (let i = 2; i < 24; i++) slides.push(`## Slide ${i}`);
  return slides.join('\n\n---\n\n') + '\n';
}

describe.runIf(browserAvailable())('the scroll view in Chromium', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-scroll-e2e-'));
    mkdirSync(join(work, 'slides'));
    writeFileSync(join(work, 'slides/01-deck.md'), deck());
    [server, browser] = await Promise.all([startServe(join(work, 'slides'), join(work, 'dist')), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const ready = (page: Page) => page.waitForFunction(() => (window as any).gildeck?.deck?.isReady(), null, { timeout: 15_000 });
  /** The slide reveal.js says is current, and the one whose page's top is at the top of the screen. */
  const where = (page: Page) =>
    page.evaluate(() => {
      const deck = (window as any).gildeck.deck;
      const viewport = deck.getViewportElement() as HTMLElement;
      const top = viewport.getBoundingClientRect().top;
      const atTop = [...document.querySelectorAll<HTMLElement>('.scroll-page')].find((p) => Math.abs(p.getBoundingClientRect().top - top) < 2);
      return { current: deck.getIndices().h as number, shown: Number(atTop?.querySelector('section')?.getAttribute('data-index-h') ?? -1), hash: location.hash };
    });

  test('a link to a slide past the middle of the deck opens that slide, not the one before', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    for (const n of [3, 13, 20, 23]) {
      await page.goto(`${server.url}?view=scroll#/${n}`);
      await page.reload();
      await ready(page);
      await expect.poll(() => where(page)).toEqual({ current: n, shown: n, hash: `#/${n}` });
    }
    await page.close();
  });

  test('jump-to-slide (G, a number, Enter) and going to each slide show that slide at the top of the screen', async () => {
    const page = await browser.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}?view=scroll`);
    await ready(page);
    await page.keyboard.press('g');
    await page.keyboard.type('20');
    await page.keyboard.press('Enter');
    await expect.poll(() => where(page)).toMatchObject({ current: 19, shown: 19 });
    for (let h = 23; h >= 0; h -= 1) {
      await page.evaluate((n) => (window as any).gildeck.deck.slide(n, 0), h);
      await expect.poll(() => where(page)).toMatchObject({ current: h, shown: h });
    }
    // reveal.js's API without a vertical index, as most callers write it.
    await page.evaluate(() => (window as any).gildeck.deck.slide(17));
    await expect.poll(() => where(page)).toMatchObject({ current: 17, shown: 17 });
    await page.close();
  });
});
