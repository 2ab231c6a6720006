// What every export starts from: the deck built into a temporary folder (never the user's dist/), and for the
// exports that need a browser, that folder served on 127.0.0.1 with the isolation headers, as `serve` serves it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../bench/chromium.js';
import { type BuildSummary, buildDeck } from './build.js';
import type { RuntimeBundler } from './runtimeBundle.js';
import { createHandler, ServedBuild } from './serveHandler.js';
import { readSnapshot } from './snapshot.js';

/** An export could not be made (the deck does not build, Chromium is missing, a widget never drew): exit code 1. */
export class ExportError extends Error {
  override name = 'ExportError';
}

export interface BuiltDeck {
  dir: string;
  summary: BuildSummary;
}

/** Builds the deck into a fresh temporary folder, runs `use` on it, and removes the folder whatever happens. */
export async function withBuiltDeck<T>(opts: { root: string; project?: string; slides: string; bundler: RuntimeBundler; onBuilt?: (s: BuildSummary) => void }, use: (deck: BuiltDeck) => Promise<T>): Promise<T> {
  const work = await mkdtemp(join(tmpdir(), 'gildeck-export-'));
  try {
    const dir = join(work, 'dist');
    const summary = await buildDeck({ root: opts.root, ...(opts.project ? { project: opts.project } : {}), slides: opts.slides, out: dir, bundler: opts.bundler, rebundle: true });
    opts.onBuilt?.(summary);
    if (!summary.ok) throw new ExportError('the deck does not build (errors above); nothing was exported');
    return await use({ dir, summary });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Serves a built folder on 127.0.0.1 (a free port, loopback host names only, isolation headers) until `use` ends. */
export async function withServedFolder<T>(dir: string, use: (url: string) => Promise<T>): Promise<T> {
  const build = new ServedBuild('export', await readSnapshot(dir));
  const server = createServer(createHandler({ current: () => build, previous: () => null, status: () => ({ ok: true, errors: [], build: 'export' }), clients: new Set(), client: null }));
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const address = server.address();
  try {
    return await use(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
  } finally {
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeAllConnections();
    await closed;
    build.retire();
  }
}

/** Fails at once, before any build, where there is no Chromium to print with. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new ExportError(`Chromium is needed and is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH to the system's Chromium; gildeck never downloads a browser`);
  }
}

/** Debian's (or the system's) Chromium, headless, for the time `use` runs; a clear error when there is none. */
export async function withChromium<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  requireChromium();
  const browser = await launchChromium().catch((e: unknown) => {
    throw new ExportError(`could not start Chromium at ${CHROMIUM}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  });
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}
