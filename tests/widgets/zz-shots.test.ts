import { join } from 'node:path';
import { test } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startServe } from '../support/serve.js';

test('shots', async () => {
  const [server, browser] = await Promise.all([startServe('/tmp/inv/deck', '/tmp/inv/dist'), launchBrowser()]);
  try {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    console.log('cores', await page.evaluate(() => navigator.hardwareConcurrency), 'isolated', await page.evaluate(() => crossOriginIsolated));
    const names = ['heatmap-threads', 'heatmap-free', 'timeline-free', 'server'];
    for (let i = 0; i < names.length; i++) {
      await page.evaluate((h) => (window as any).gildeck.deck.slide(h), i + 1);
      const el = page.locator('section.present gd-heatmap, section.present gd-timeline, section.present gd-server').first();
      await el.locator('.gd-w-run').click();
      for (let k = 0; k < 240 && (await el.getAttribute('data-state')) !== 'done'; k++) await page.waitForTimeout(250);
      await page.waitForTimeout(300);
      console.log(names[i], '|', await el.locator('[aria-live]').textContent());
      await el.screenshot({ path: join('/tmp/inv/shots', `${names[i]}.png`) });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}, 240_000);
