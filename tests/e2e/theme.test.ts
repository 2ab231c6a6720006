import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goToWidget } from '../support/deck.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

const ARTIFACTS = join(ROOT, 'test-results/theme');
const FONTS = '/usr/share/fonts/truetype/dejavu';

/** A font file of the machine's, to stand for the presenter's (any TrueType font will do). */
const someFont = (): string => {
  const ttf = readdirSync(FONTS).filter((f) => f.endsWith('.ttf')).sort();
  return join(FONTS, ttf.find((f) => f.includes('Oblique')) ?? ttf[0]!);
};

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="48" viewBox="0 0 120 48"><rect width="120" height="48" rx="8" fill="#e63946"/><text x="60" y="32" font-size="22" text-anchor="middle" fill="#fff" font-family="sans-serif">ACME</text></svg>';

/** A deck with a theme of its own: logo, footer, accent, a body font and a stylesheet that recolours lanes. */
function writeDeck(dir: string, frontMatter: string[]): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'assets/logo.svg'), LOGO);
  copyFileSync(someFont(), join(dir, 'assets/Body.ttf'));
  // The pause screen's rule is reveal.css's, loaded after the first slide: the deck's own must still win.
  writeFileSync(join(dir, 'theme.css'), ':root { --gd-state-running: #7b2cbf; }\n.reveal h2 { text-transform: uppercase; }\n.reveal.paused .pause-overlay { opacity: 0.5; }\n');
  writeFileSync(
    join(dir, 'talk.md'),
    ['---', 'title: Themed', ...frontMatter, '---', '', '## Cores at work', '', '::heatmap{workers=2 duration=0.4 bucket=50}', '', '---', '', '## Lanes', '', '::timeline{workers=3 duration=0.4}', ''].join('\n'),
  );
}

const run = async (page: Page, name: string) => {
  await goToWidget(page, name);
  const el = page.locator(`gd-${name}`);
  await expect.poll(() => el.getAttribute('data-mounted')).toBe('live');
  await el.locator('.gd-w-run').click();
  await expect.poll(() => el.getAttribute('data-state'), { timeout: 60_000, interval: 250 }).toBe('done');
  await page.waitForTimeout(100);
};

/** Whether a widget's canvas has a pixel of about `rgb` (the device pixel ratio may blend edges, not cores). */
const canvasHas = (page: Page, name: string, rgb: [number, number, number]) =>
  page.evaluate(
    ([n, [r, g, b]]) => {
      const c = document.querySelector(`gd-${n} canvas`) as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - r) < 6 && Math.abs(d[i + 1]! - g) < 6 && Math.abs(d[i + 2]! - b) < 6 && d[i + 3] === 255) return true;
      return false;
    },
    [name, rgb] as const,
  );

describe.runIf(browserAvailable())("a presenter's own theme, in Chromium", () => {
  let work: string;
  let browser: LaunchedBrowser;
  const servers: Array<Awaited<ReturnType<typeof startServe>>> = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-theme-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const open = async (name: string, frontMatter: string[]) => {
    const dir = join(work, name);
    writeDeck(dir, frontMatter);
    const server = await startServe(dir, join(work, `${name}-dist`));
    servers.push(server);
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    const offOrigin: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => !r.url().startsWith(server.url) && !/^(data|blob):/.test(r.url()) && offOrigin.push(r.url()));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    return { page, errors, offOrigin };
  };

  test('the logo, footer, accent, font and stylesheet restyle the slides and the charts drawn in them', async () => {
    const { page, errors, offOrigin } = await open('custom', ['logo: assets/logo.svg', 'footer: "ACME Conf 2026 · @presenter"', 'accent: "#e63946"', 'fonts: { body: assets/Body.ttf }', 'style: theme.css']);
    await run(page, 'heatmap');
    // SVG: a heatmap cell is filled in the accent, its text set in the deck's font.
    const svg = await page.evaluate(() => {
      const cell = document.querySelector('gd-heatmap .gd-heatmap-cells rect')!;
      const text = document.querySelector('gd-heatmap svg text')!;
      return { fill: getComputedStyle(cell).fill, font: getComputedStyle(text).fontFamily, loaded: document.fonts.check('16px gd-body') && [...document.fonts].some((f) => f.family === 'gd-body' && f.status === 'loaded') };
    });
    expect(svg).toEqual({ fill: 'rgb(230, 57, 70)', font: expect.stringMatching(/^"?gd-body"?,/), loaded: true });
    const chrome = await page.evaluate(() => {
      const logo = document.querySelector('.gd-deck-chrome .gd-logo') as HTMLImageElement;
      const footer = document.querySelector('.gd-deck-chrome .gd-deck-footer') as HTMLElement;
      const box = logo.getBoundingClientRect();
      return { logo: logo.complete && logo.naturalWidth > 0, topRight: box.top < 40 && box.right > innerWidth - 40, footer: footer.textContent, shown: footer.getBoundingClientRect().height > 0, h2: getComputedStyle(document.querySelector('section.present h2')!).textTransform };
    });
    expect(chrome).toEqual({ logo: true, topRight: true, footer: 'ACME Conf 2026 · @presenter', shown: true, h2: 'uppercase' });
    // A rule of gildeck's that loads later (the pause screen's) still loses to the deck's own stylesheet.
    await page.waitForFunction(() => [...document.styleSheets].some((s) => /gildeck\.later\./.test(s.href ?? '')));
    await page.evaluate(() => (window as any).gildeck.deck.togglePause(true));
    // reveal.css fades the pause screen in over 1 s: its opacity when it has settled.
    await page.waitForTimeout(1300);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.reveal .pause-overlay')!).opacity)).toBe('0.5');
    await page.evaluate(() => (window as any).gildeck.deck.togglePause(false));
    await page.screenshot({ path: join(ARTIFACTS, 'custom-heatmap.png') });
    // Canvas: the timeline reads the deck stylesheet's running colour, not gildeck's green.
    await run(page, 'timeline');
    expect(await canvasHas(page, 'timeline', [0x7b, 0x2c, 0xbf])).toBe(true);
    expect(await canvasHas(page, 'timeline', [0x00, 0x9e, 0x73])).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'custom-timeline.png') });
    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
  }, 120_000);

  test('the light theme restyles the charts too: cells in its accent, lanes in the default palette', async () => {
    const { page, errors } = await open('light', ['theme: light']);
    await run(page, 'heatmap');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('gd-heatmap .gd-heatmap-cells rect')!).fill)).toBe('rgb(0, 114, 178)');
    await page.screenshot({ path: join(ARTIFACTS, 'light-heatmap.png') });
    await run(page, 'timeline');
    expect(await canvasHas(page, 'timeline', [0x00, 0x9e, 0x73])).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'light-timeline.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
