import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get } from '../support/http.js';
import { ROOT, startServe } from '../support/serve.js';

/** 1,500 ordinary slides (~270 KB): a compile of several seconds on this machine, however fast per byte. */
function bigDeck(): string {
  let text = '## Big\n';
  for (let i = 0; i < 1500; i++) {
    text += `\n---\n\n## Slide ${i}\n\nSome *text* with **bold**, \`code\` and a [link](#x).\n\n- one\n- two\n  - nested _item_\n\n\`\`\`js\nconst x = ${i};\nfunction f(a) { return a * 2; }\n\`\`\`\n\nNote: notes\n`;
  }
  return text;
}

describe('serve: a slow compile', () => {
  let work: string;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-serve-slow-'));
    cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), join(work, 'slides'), { recursive: true });
    server = await startServe(join(work, 'slides'), join(work, 'dist'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('does not hold up answers: the last good deck is served while the new one compiles', { timeout: 120_000 }, async () => {
    const page = (await get(server.url)).body.toString();
    const js = /src="(gildeck\.[A-Za-z0-9]+\.js)"/.exec(page)![1]!;
    const times: number[] = [];
    const bad: string[] = [];
    let rebuilt = false;
    const poll = async (path: string) => {
      while (!rebuilt) {
        const a = await get(server.url + path);
        times.push(a.ms);
        if (a.status !== 200 || a.body.length === 0) bad.push(`${path}: ${a.status}, ${a.body.length} bytes`);
        if (path === '' && a.body.includes('Slide 1499')) rebuilt = true;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const t0 = performance.now();
    writeFileSync(join(work, 'slides/03-big.md'), bigDeck());
    await Promise.race([Promise.all([poll(''), poll(js)]), new Promise((r) => setTimeout(r, 30_000))]);
    const seconds = (performance.now() - t0) / 1000;
    const worst = Math.max(...times);
    console.log(`slow compile: rebuilt in ${seconds.toFixed(1)} s; ${times.length} answers meanwhile, worst ${worst.toFixed(0)} ms`);
    expect(rebuilt, server.output()).toBe(true);
    expect(bad).toEqual([]);
    expect(worst).toBeLessThan(1000);
  });
});
