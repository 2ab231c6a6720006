import { test } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startServe } from '../support/serve.js';

test('diag', async () => {
  const [server, browser] = await Promise.all([startServe('/tmp/inv/deck', '/tmp/inv/dist'), launchBrowser()]);
  try {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    for (const strategy of ['threads', 'threads', 'free-threading', 'sequential']) {
      const out = await page.evaluate(async (strategy) => {
        const engine = (window as any).gildeck.engine();
        const r = await engine.run({ strategy, workers: 2, workload: 'primes', seconds: 0.3, perWorker: true }).result;
        const gaps: number[] = [];
        const last = new Map<number, number>();
        for (const e of r.events) {
          if (e.kind !== 9) continue;
          if (last.has(e.worker)) gaps.push(e.t - last.get(e.worker)!);
          last.set(e.worker, e.t);
        }
        gaps.sort((a, b) => a - b);
        const q = (p: number) => gaps[Math.floor(p * (gaps.length - 1))]?.toFixed(2);
        const big = gaps.filter((g) => g > 2);
        return `${strategy} wall ${r.wallMs.toFixed(0)} rate ${r.unitsPerMs.toFixed(0)} n ${gaps.length} p50 ${q(0.5)} p75 ${q(0.75)} p90 ${q(0.9)} >2ms ${big.length} sum>2ms ${big.reduce((a, b) => a + b, 0).toFixed(0)}`;
      }, strategy);
      console.log(out);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}, 240_000);
