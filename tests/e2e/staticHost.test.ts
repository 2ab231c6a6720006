import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { plainHost, type PlainHost } from '../support/plainHost.js';
import { ROOT } from '../support/serve.js';

describe.runIf(browserAvailable())('on a plain static host', () => {
  let work: string;
  let host: PlainHost;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-static-'));
    const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', join(ROOT, 'tests/fixtures/e2e-deck'), '--out', join(work, 'dist')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    [host, browser] = await Promise.all([plainHost(join(work, 'dist')), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('the deck\'s service worker adds the isolation headers, so the engine gets shared memory after one reload', async () => {
    const page = await browser.browser.newPage();
    await page.goto(host.url);
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 15_000 });
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const mode = await page.evaluate(async () => (await (await (window as any).gildeck.loadEngine()).run({ strategy: 'threads', workers: 2, workload: 'countdown', units: 2000 }).result).mode);
    expect(mode).toBe('shared-memory');
    await page.close();
  });
});
