import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gilHolds, gilOverlaps } from '../../src/engine/analysis.js';
import type { RunSpec } from '../../src/engine/plan.js';
import type { TraceEvent } from '../../src/engine/trace.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

/** Runs a spec on the page's own engine and returns what the run reported. */
async function runInPage(page: Page, spec: RunSpec): Promise<{ mode: string; events: TraceEvent[]; counter: number | null }> {
  return page.evaluate(async (s) => {
    const r = await (await (window as any).gildeck.loadEngine()).run(s).result;
    return { mode: r.mode, events: r.events, counter: r.counter };
  }, spec);
}

describe.runIf(browserAvailable())('the engine in Chromium', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-engine-e2e-'));
    [server, browser] = await Promise.all([startServe(join(ROOT, 'tests/fixtures/e2e-deck'), join(work, 'served')), launchBrowser()]);
    const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', join(ROOT, 'tests/fixtures/e2e-deck'), '--out', join(work, 'static')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a cross-origin isolated page runs the GIL on shared memory: workers start from a Blob URL, no two hold it at once', async () => {
    const page = await browser.browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const r = await runInPage(page, { strategy: 'threads', workers: 3, workload: 'primes', seconds: 0.3 });
    expect(r.mode).toBe('shared-memory');
    expect(gilHolds(r.events).length).toBeGreaterThan(10);
    expect(gilOverlaps(r.events)).toEqual([]);
    await page.close();
  });

  test('from file:// (no shared memory) the message fallback runs the same model and says so', async () => {
    const page = await browser.browser.newPage();
    await page.goto(pathToFileURL(join(work, 'static/index.html')).href);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const r = await runInPage(page, { strategy: 'threads', workers: 3, workload: 'primes', seconds: 0.3 });
    expect(r.mode).toBe('message-fallback');
    expect(gilHolds(r.events).length).toBeGreaterThan(10);
    expect(gilOverlaps(r.events)).toEqual([]);
    const free = await runInPage(page, { strategy: 'free-threading', workers: 2, workload: 'primes', seconds: 0.1 });
    expect(free.mode).toBe('message-fallback');
    await page.close();
  });
});
