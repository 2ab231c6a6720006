import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

const alive = (page: Page) => page.evaluate(async () => (await (window as any).gildeck.loadEngine()).aliveWorkers as number);

/** Workers that were handed a run (not merely started or calibrating). */
const running = (page: Page) => page.evaluate(() => ((window as any).startedWorkers as Array<{ running?: boolean }>).filter((w) => w.running).length);

/** Ends the last worker handed a run, from outside the engine: no event tells the engine. */
const endRunningWorker = (page: Page) => page.evaluate(() => ((window as any).startedWorkers as Array<Worker & { running?: boolean }>).filter((w) => w.running).at(-1)!.terminate());

describe.runIf(browserAvailable())('a worker that disappears, in Chromium', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;
  const urls: Record<string, () => string> = {
    'shared memory (served)': () => server.url,
    'message fallback (file://)': () => pathToFileURL(join(work, 'static/index.html')).href,
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-liveness-e2e-'));
    [server, browser] = await Promise.all([startServe(join(ROOT, 'tests/fixtures/e2e-deck'), join(work, 'served')), launchBrowser()]);
    const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', join(ROOT, 'tests/fixtures/e2e-deck'), '--out', join(work, 'static')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function open(url: string, errors: string[]): Promise<Page> {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const Native = window.Worker;
      const started: Worker[] = [];
      (window as any).startedWorkers = started;
      window.Worker = class extends Native {
        running = false;
        constructor(...args: ConstructorParameters<typeof Worker>) {
          super(...args);
          started.push(this);
        }
        override postMessage(message: any, transfer?: any): void {
          if (message?.type === 'run') this.running = true;
          super.postMessage(message, transfer);
        }
      };
    });
    await page.goto(url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    return page;
  }

  for (const [mode, url] of Object.entries(urls)) {
    test(`${mode}: the run rejects with a clear message and no worker is left`, async () => {
      const errors: string[] = [];
      const page = await open(url(), errors);
      const outcome = page.evaluate(async () => {
        try {
          await (await (window as any).gildeck.loadEngine()).run({ strategy: 'threads', workers: 3, workload: 'countdown', seconds: 60 }).result;
          return 'finished';
        } catch (e) {
          return (e as Error).message;
        }
      });
      await expect.poll(() => running(page), { timeout: 10_000 }).toBe(3);
      await page.waitForTimeout(300);
      await endRunningWorker(page);
      const message = await Promise.race([outcome, new Promise((r) => setTimeout(() => r('still running after 10 s'), 10_000))]);
      expect(message).toMatch(/^worker \d stopped answering \(no heartbeat for \d+\.\d s: it hung or was ended\); the run was stopped$/);
      expect(await alive(page)).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });

    test(`${mode}: the widget stops its clock and shows the error inside itself`, async () => {
      const errors: string[] = [];
      const page = await open(`${url()}#/7`, errors);
      const widget = page.locator('gd-timeline');
      await expect.poll(() => widget.getAttribute('data-mounted')).toBe('live');
      await widget.locator('.gd-w-run').click();
      await expect.poll(() => widget.getAttribute('data-state')).toBe('running');
      await expect.poll(() => running(page), { timeout: 10_000 }).toBe(2);
      await endRunningWorker(page);
      await expect.poll(() => widget.getAttribute('data-state'), { timeout: 10_000 }).toBe('error');
      expect(await widget.locator('.gd-w-status').textContent()).toBe('failed');
      expect(await widget.locator('[aria-live]').textContent()).toMatch(/^Error: worker \d stopped answering/);
      expect(await alive(page)).toBe(0);
      // The widget can run again afterwards, on fresh workers.
      await widget.locator('.gd-w-run').click();
      await expect.poll(async () => `${await widget.getAttribute('data-state')} ${await widget.locator('[aria-live]').textContent()}`, { timeout: 30_000 }).toMatch(/^done/);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  }
});
