import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goToWidget } from '../support/deck.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

const ARTIFACTS = join(ROOT, 'test-results/measure');

/** Runs the widget on its slide until it is done; returns its summary. */
async function runWidget(page: Page, name: string): Promise<string> {
  await goToWidget(page, name);
  const el = page.locator(`gd-${name}`);
  await expect.poll(() => el.getAttribute('data-mounted')).toBe('live');
  await el.locator('.gd-w-run').click();
  await expect.poll(() => el.getAttribute('data-state'), { timeout: 90_000, interval: 250 }).toBe('done');
  await el.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  return (await el.locator('[aria-live]').textContent()) ?? '';
}

describe.runIf(browserAvailable())('measured figures in Chromium carry their spread', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let page: Page;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-measure-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServe(join(ROOT, 'tests/fixtures/widgets-deck'), join(work, 'dist')), launchBrowser()]);
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('the speedup chart: every figure with its interval and pairs (or marked implausible), error bars, the free cores', async () => {
    const summary = await runWidget(page, 'speedup');
    expect(summary).toMatch(/threads (\d\.\d\dx ±(\d\.\d\d|>100%), \d+ pairs|implausible: device speed changed)/);
    const el = page.locator('gd-speedup');
    const points = await el.locator('path.gd-point').count();
    expect(points).toBeGreaterThan(0);
    expect(await el.locator('path.gd-errorbar').count()).toBe(points);
    const data = await page.evaluate(() => (Object.values(JSON.parse(localStorage.getItem(`gildeck:results:${document.querySelector('meta[name="gildeck-deck"]')!.getAttribute('content')}`)!)) as any[]).find((r) => r.widget === 'speedup').data);
    expect(data.available).toBeGreaterThan(0);
    expect(data.available).toBeLessThanOrEqual(data.cores);
    for (const p of data.points) expect(p.verdict === 'implausible' || p.pairs.length >= 2).toBe(true);
  });

  test('the compare table: measured speedups carry their spread and pairs, as stored for the session', async () => {
    await runWidget(page, 'compare');
    const cells = await page.locator('gd-compare tr[data-row="speedup"] td[data-provenance="measured"] .gd-cell-value').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c).toMatch(/x ±(\d\.\d\d|>100%) at \d workers?( \(pool\))?, \d+ pairs|implausible: device speed changed/);
    const stored = await page.evaluate(() => Object.values(JSON.parse(localStorage.getItem(`gildeck:results:${document.querySelector('meta[name="gildeck-deck"]')!.getAttribute('content')}`)!)).flatMap((r: any) => r.metrics ?? []).filter((m: any) => m.key.startsWith('speedup:')));
    for (const m of stored) expect(m.pairs).toBeGreaterThanOrEqual(m.verdict === 'implausible' ? 0 : 2);
  });
});
