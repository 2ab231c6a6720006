import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { browserAvailable, CHROMIUM } from '../support/browser.js';
import { ROOT } from '../support/serve.js';

describe.runIf(browserAvailable())('kiosk --open: the browser watchdog', () => {
  const work = mkdtempSync(join(tmpdir(), 'gildeck-kiosk-watchdog-'));
  let proc: ChildProcess | null = null;
  let browserPid = 0;
  let profile = '';

  afterAll(async () => {
    // The kiosk's Chromium is detached (it outlives the CLI): end its process group, which this test started.
    if (browserPid) {
      try {
        process.kill(-browserPid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGINT');
      await exited;
    }
    if (profile) rmSync(profile, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test('a page blocked for good (an endless loop) is ended and reloaded at its slide', async () => {
    // The system's Chromium, headless here: the watchdog does not care whether a screen is attached.
    const wrapper = join(work, 'chromium-headless.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${CHROMIUM}' --headless=new --no-sandbox --disable-gpu "$@"\n`);
    chmodSync(wrapper, 0o755);
    proc = spawn(process.execPath, ['build.mjs', 'kiosk', '--slides', join(ROOT, 'tests/fixtures/kiosk-deck'), '--out', join(work, 'dist'), '--port', '0', '--open'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHROMIUM_PATH: wrapper },
    });
    let output = '';
    proc.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await expect.poll(() => output, { timeout: 30_000 }).toMatch(/watchdog: watching the kiosk page's main thread/);
    const started = /started .* in kiosk mode \(pid (\d+), profile (\S+)\)/.exec(output)!;
    browserPid = Number(started[1]);
    profile = started[2]!;
    const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const page = browser.contexts()[0]!.pages().find((p) => p.url().includes('?kiosk'))!;
      await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
      const before = await page.evaluate(() => performance.timeOrigin);
      // Block the page's main thread for good: nothing inside the page can end this.
      const cdp = await browser.contexts()[0]!.newCDPSession(page);
      void cdp.send('Runtime.evaluate', { expression: 'while (true) {}' }).catch(() => undefined);
      await expect.poll(() => output, { timeout: 20_000 }).toMatch(/watchdog: the kiosk page did not answer for 3 s/);
      await expect.poll(() => page.evaluate(() => performance.timeOrigin).catch(() => before), { timeout: 20_000 }).not.toBe(before);
      await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
      const status = await page.evaluate(() => (window as any).gildeck.deck.getPlugin('gildeck-kiosk').status());
      // Once the watchdog ended the loop, the page's own check or the watchdog's call reloads it, whichever runs first.
      expect(status.recoveries).toHaveLength(1);
      expect(status.recoveries[0].frozenMs).toBeGreaterThanOrEqual(3000);
      // And the kiosk goes on.
      const from = status.advances;
      await expect.poll(() => page.evaluate(() => (window as any).gildeck.deck.getPlugin('gildeck-kiosk').status().advances), { timeout: 10_000 }).toBeGreaterThan(from);
    } finally {
      await browser.close();
    }
  }, 90_000);
});
