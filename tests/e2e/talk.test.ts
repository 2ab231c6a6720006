import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT } from '../support/serve.js';

const ARTIFACTS = join(ROOT, 'test-results/talk');

describe('the default talk', () => {
  let out: string;
  let build: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'gildeck-talk-'));
    build = spawnSync(process.execPath, ['build.mjs', 'build', '--out', join(out, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('builds with zero warnings, in three acts with a prologue and a finale, 30 to 45 slides', () => {
    expect(build.status, String(build.stderr)).toBe(0);
    expect(String(build.stdout)).not.toMatch(/warning/);
    const m = /(\d+) slides, (\d+) acts \+ prologue \+ finale/.exec(String(build.stdout))!;
    expect(Number(m[1])).toBeGreaterThanOrEqual(30);
    expect(Number(m[1])).toBeLessThanOrEqual(45);
    expect(Number(m[2])).toBe(3);
  });

  describe.runIf(browserAvailable())('at 1280x720 in Chromium', () => {
    let browser: LaunchedBrowser;
    let page: Page;
    let slides: Array<[number, number]>;

    beforeAll(async () => {
      browser = await launchBrowser();
      page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${pathToFileURL(join(out, 'dist/index.html')).href}?transition=none`);
      await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
      slides = await page.evaluate(() => {
        const deck = (window as any).gildeck.deck;
        return deck.getSlides().map((s: Element) => {
          const i = deck.getIndices(s);
          return [i.h, i.v ?? 0];
        });
      });
    });
    afterAll(() => browser?.close());

    test('every slide has speaker notes', async () => {
      const missing = await page.evaluate(() => {
        const deck = (window as any).gildeck.deck;
        return deck
          .getSlides()
          .filter((s: Element) => !s.querySelector(':scope > aside.notes'))
          .map((s: Element) => s.querySelector('h1, h2')?.textContent ?? '?');
      });
      // Generated title and agenda slides carry no notes; everything the talk wrote does.
      expect(missing).toEqual(["Python's Quest for Parallelism", 'Agenda']);
    });

    test('no slide overflows the frame, and no text in the slides is smaller than ~24 px', async () => {
      const problems: string[] = [];
      for (const [h, v] of slides) {
        await page.evaluate(([h, v]) => (window as any).gildeck.deck.slide(h, v, 99), [h, v]);
        await page.waitForTimeout(120);
        problems.push(
          ...(await page.evaluate(() => {
            const frame = document.querySelector('.reveal .slides')!.getBoundingClientRect();
            const section = (window as any).gildeck.deck.getCurrentSlide() as HTMLElement;
            const title = section.querySelector('h1, h2')?.textContent ?? '';
            const out: string[] = [];
            for (const el of section.querySelectorAll<HTMLElement>('*')) {
              if (el.closest('aside.notes, .gd-act-indicator')) continue;
              const r = el.getBoundingClientRect();
              if (!r.width || !r.height) continue;
              if (r.bottom > frame.bottom + 2 || r.right > frame.right + 2) out.push(`${title}: ${el.tagName} overflows by ${Math.round(Math.max(r.bottom - frame.bottom, r.right - frame.right))} px`);
              // Prose and code, outside the widgets' own charts (whose axis labels are set in their views).
              const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
              if (hasText && !el.closest('[data-mounted]')) {
                const px = parseFloat(getComputedStyle(el).fontSize) * (frame.height / 700);
                if (px < 22.5) out.push(`${title}: "${el.textContent!.trim().slice(0, 30)}" is ${px.toFixed(1)} px`);
              }
            }
            return out;
          })),
        );
      }
      expect(problems).toEqual([]);
    });

    test('print view shows each widget\'s own reference run, labelled where and when it ran, never as measured on this device', async () => {
      const print = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
      await print.goto(`${pathToFileURL(join(out, 'dist/index.html')).href}?print-pdf`);
      await print.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
      await expect.poll(() => print.evaluate(() => document.querySelectorAll('[data-mounted="print"]').length), { timeout: 10_000 }).toBe(16);
      const shown = await print.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-mounted="print"]')].map((el) => ({
          name: el.localName,
          provenance: el.getAttribute('data-provenance'),
          status: el.querySelector('.gd-w-status')?.textContent ?? '',
          text: el.textContent ?? '',
        })),
      );
      // One draws a recording of real CPython (trace=), labelled as recorded; every other its own reference run.
      const recorded = shown.filter((w) => w.provenance === 'recorded');
      expect(recorded.map((w) => w.name)).toEqual(['gd-timeline']);
      expect(recorded[0]!.status).toMatch(/^recorded: CPython 3\.\d+\.\d+ \(GIL\), Linux, \d+ cores, \d{4}-\d\d-\d\d( · no live Python here .*)?$/);
      for (const w of shown.filter((x) => x.provenance !== 'recorded')) {
        expect(w.provenance, w.name).toBe('reference');
        expect(w.status, w.name).toMatch(/^reference run: Node \d+ worker threads, \d+ cores?, \d{4}-\d\d-\d\d(, [\d.]+ cores? busy with other programs)?$/);
        expect(w.text, w.name).not.toMatch(/measured on this device|measured: on this device/i);
      }
      const compare = shown.find((w) => w.name === 'gd-compare')!;
      expect(compare.text).not.toMatch(/measured/i);
      mkdirSync(ARTIFACTS, { recursive: true });
      for (const name of ['compare', 'timeline', 'convoy', 'speedup']) {
        const page = print.locator('.pdf-page', { has: print.locator(`gd-${name}`) }).first();
        await page.screenshot({ path: join(ARTIFACTS, `print-${name}.png`) });
      }
      await print.close();
    });

    test('a run measured in the talk is what a later print shows, labelled when and where, until ?clear-results', async () => {
      const url = pathToFileURL(join(out, 'dist/index.html')).href;
      const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 } });
      const talk = await context.newPage();
      await talk.goto(`${url}?transition=none`);
      await talk.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
      await talk.evaluate(() => {
        const deck = (window as any).gildeck.deck;
        const i = deck.getIndices(document.querySelector('gd-sharing')!.closest('section'));
        deck.slide(i.h, i.v ?? 0);
      });
      const widget = talk.locator('gd-sharing').first();
      await expect.poll(() => widget.getAttribute('data-mounted')).toBe('live');
      await widget.locator('.gd-w-run').click();
      await expect.poll(() => widget.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('done');
      await talk.close();
      // A print in another tab of the same browser, after the talk.
      const printed = async (query: string) => {
        const print = await context.newPage();
        await print.goto(`${url}${query}`);
        await print.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
        const first = print.locator('gd-sharing').first();
        await expect.poll(() => first.getAttribute('data-mounted')).toBe('print');
        const shown = { status: await first.locator('.gd-w-status').textContent(), provenance: await first.getAttribute('data-provenance'), search: await print.evaluate(() => location.search) };
        await print.close();
        return shown;
      };
      const after = await printed('?print-pdf');
      expect(after.provenance).toBe('measured');
      expect(after.status).toMatch(/^measured \d{4}-\d\d-\d\d \d\d:\d\d on this device, Chromium, \d+ cores?$/);
      const cleared = await printed('?print-pdf&clear-results');
      expect(cleared.provenance).toBe('reference');
      expect(cleared.search).toBe('?print-pdf');
      await context.close();
    }, 120_000);
  });
});
