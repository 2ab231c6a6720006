import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withBuiltDeck, withServedFolder } from '../../src/cli/exportDeck.js';
import { RuntimeBundler } from '../../src/cli/runtimeBundle.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { goToWidget } from '../support/deck.js';
import { ROOT } from '../support/serve.js';

const DECK = `---
title: Speaker view
totalTime: 600
---

# Intro

Notes: the first slide

---
<!-- .slide: data-timing="120" -->

::timeline{strategy=threads workers=2 duration=0.3 controls=false}

Notes: press R
`;

describe.runIf(browserAvailable())('the speaker view', () => {
  let work: string;
  let browser: LaunchedBrowser;
  const bundler = new RuntimeBundler(ROOT);
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-speaker-'));
    writeFileSync(join(work, 'talk.md'), DECK);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await bundler.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  test('R pressed in the speaker window runs the current slide\'s demo in the main window, and the pacing timer runs', async () => {
    await withBuiltDeck({ root: ROOT, slides: join(work, 'talk.md'), bundler }, ({ dir }) =>
      withServedFolder(dir, async (url) => {
        const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 } });
        const main = await context.newPage();
        await main.goto(url);
        await main.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
        await goToWidget(main, 'timeline');
        await expect.poll(() => main.locator('gd-timeline').getAttribute('data-mounted')).toBe('live');
        const [speaker] = await Promise.all([context.waitForEvent('page'), main.keyboard.press('s')]);
        // The speaker view's current-slide frame mirrors the main window (it never runs a workload itself).
        const frame = async () => speaker.frames().find((f) => f.url().includes('receiver') && f.url().includes('postMessageEvents'));
        await expect.poll(async () => (await frame())?.evaluate(() => document.querySelector('gd-timeline')?.getAttribute('data-mounted')), { timeout: 15_000 }).toBe('mirror');
        // reveal.js's pacing (totalTime from the front matter, data-timing on the slide) is shown, not hidden.
        await expect.poll(() => speaker.locator('.pacing').isVisible(), { timeout: 10_000 }).toBe(true);
        expect(await main.locator('gd-timeline').getAttribute('data-state')).toBeNull();

        await speaker.bringToFront();
        await speaker.keyboard.press('r');
        await expect.poll(() => main.locator('gd-timeline').getAttribute('data-state'), { timeout: 30_000 }).toMatch(/running|done/);
        await expect.poll(() => main.locator('gd-timeline').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
        // The frame shows what the main window measured, and ran nothing of its own.
        await expect.poll(async () => (await frame())?.evaluate(() => document.querySelector('gd-timeline .gd-w-status')?.textContent), { timeout: 10_000 }).toBe('main window: done');
        await context.close();
      }),
    );
  });
});
