import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runWidget } from '../../src/bench/chromium.js';
import { exportHtml } from '../../src/cli/exportHtml.js';
import { RuntimeBundler } from '../../src/cli/runtimeBundle.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT } from '../support/serve.js';

describe.runIf(browserAvailable())('export html', () => {
  let work: string;
  let browser: LaunchedBrowser;
  const bundler = new RuntimeBundler(ROOT);
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-html-'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await bundler.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  test('the talk as one file, opened alone from file://, runs a widget in the message fallback and makes no request', async () => {
    const out = join(work, 'talk.html');
    await exportHtml({ root: ROOT, slides: join(ROOT, 'slides'), out, bundler });
    expect(readdirSync(work)).toEqual(['talk.html']);
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const file = pathToFileURL(out).href;
    await page.goto(file);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const id = await page.evaluate(() => document.querySelector('gd-timeline')!.id);
    expect(id).not.toBe('');
    const summary = await runWidget(page, `#${id}`);
    expect(summary).not.toBe('');
    expect(await page.locator(`#${id} .gd-w-badge`).textContent()).toBe('message fallback: scheduling approximate');
    expect(await page.evaluate(() => (window as any).crossOriginIsolated)).toBe(false);
    // The run can be taken away as a Chrome trace, from a Blob: still no request.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id} a.gd-w-trace`).click()]);
    const trace = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(trace.traceEvents.find((e: { name: string }) => e.name === 'process_name').args.name).toMatch(/^timeline run 1: threads: .*\(message-fallback\)$/);
    expect(download.url()).toMatch(/^blob:/);
    expect(requests.filter((u) => u !== file && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    await page.close();
  });
});
