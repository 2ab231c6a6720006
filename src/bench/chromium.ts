// Headless Chromium over the served deck: shared by the --browser and --page-loads benchmarks and the browser tests,
// so all of them see the deck the same way (Debian's Chromium, no background traffic, a fixed build served once).
// The bundler and server are imported when used: browser tests in jsdom import this file too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no GPU, and nothing that talks to the network or competes for the CPU in the background. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium headless; playwright gives every launch a fresh temporary profile. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * How a benchmark gets the deck served: the CLI's server, building the project's slides once into `out`, without
 * watching. Passed in by the CLI so the benchmarks do not depend on it.
 */
export type ServeDeck = (o: { out: string; until: Promise<void>; onListening: (url: string) => void }) => Promise<unknown>;

/** Serves the deck with `serve` on a free port until `stop`. */
export async function serveDeck(serve: ServeDeck): Promise<{ url: string; stop(): Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'gildeck-bench-'));
  let release!: () => void;
  const until = new Promise<void>((r) => (release = r));
  let url!: string;
  let closed!: Promise<unknown>;
  await new Promise<void>((listening, fail) => {
    closed = serve({ out: join(work, 'dist'), until, onListening: (u) => ((url = u), listening()) });
    closed.catch(fail);
  });
  return {
    url,
    async stop() {
      release();
      await closed.catch(() => undefined);
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** The bench entry (src/bench/browserEntry.ts) bundled for injection into a served deck's page (which has the styles already). */
export async function benchScript(root: string): Promise<string> {
  const { build } = await import('esbuild');
  return (await build({ entryPoints: [join(root, 'src/bench/browserEntry.ts')], tsconfig: join(root, 'tsconfig.json'), bundle: true, write: false, format: 'iife', logLevel: 'silent', loader: { '.css': 'empty' } })).outputFiles[0]!.text;
}

/** A fresh page (its own context: storage, engine, calibration) on the deck, once reveal.js is ready. */
export async function freshPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
  return page;
}

/**
 * Goes to the slide of the widget `selector`, runs it with its Run control as a presenter would, and returns its
 * on-screen summary when done (an error state is thrown with its message).
 */
export async function runWidget(page: Page, selector: string, timeoutMs = 90_000): Promise<string> {
  await page.evaluate((s) => {
    const deck = (window as any).gildeck.deck;
    const i = deck.getIndices(document.querySelector(s)!.closest('section'));
    deck.slide(i.h, i.v);
  }, selector);
  const el = page.locator(selector);
  await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-mounted') === 'live', selector);
  await el.locator('.gd-w-run').click();
  await page.waitForFunction((s) => ['done', 'error'].includes(document.querySelector(s)?.getAttribute('data-state') ?? ''), selector, { timeout: timeoutMs, polling: 250 });
  const summary = (await el.locator('[aria-live]').textContent()) ?? '';
  if ((await el.getAttribute('data-state')) === 'error') throw new Error(`${selector} failed: ${summary}`);
  return summary;
}
