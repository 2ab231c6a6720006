import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get } from '../support/http.js';
import { ROOT, startServe } from '../support/serve.js';
import { startFiles } from '../../src/bench/pageBytes.js';

/** Ordinary slides, ~180 bytes each: 2,500 of them compile for several seconds on this machine, however fast per byte. */
function bigDeck(slides = 2500, tag = ''): string {
  let text = '## Big\n';
  for (let i = 0; i < slides; i++) {
    text += `\n---\n\n## Slide ${tag}${i}\n\nSome *text* with **bold**, \`code\` and a [link](#x).\n\n- one\n- two\n  - nested _item_\n\n\`\`\`js\nconst x = ${i};\nfunction f(a) { return a * 2; }\n\`\`\`\n\nNote: notes\n`;
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
    const js = startFiles(page).at(-1)!;
    const times: number[] = [];
    const bad: string[] = [];
    let rebuilt = false;
    const poll = async (path: string) => {
      while (!rebuilt) {
        const a = await get(server.url + path);
        times.push(a.ms);
        if (a.status !== 200 || a.body.length === 0) bad.push(`${path}: ${a.status}, ${a.body.length} bytes`);
        if (path === '' && a.body.includes('Slide 2499')) rebuilt = true;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const t0 = performance.now();
    writeFileSync(join(work, 'slides/03-big.md'), bigDeck());
    await Promise.race([Promise.all([poll(''), poll(js)]), new Promise((r) => setTimeout(r, 30_000))]);
    const seconds = (performance.now() - t0) / 1000;
    const worst = Math.max(...times);
    const built = /built .*2512 slides.* in (\d+) ms/.exec(server.output())?.[1];
    console.log(`slow compile: rebuilt in ${seconds.toFixed(1)} s (build ${built} ms); ${times.length} answers meanwhile, worst ${worst.toFixed(0)} ms`);
    expect(rebuilt, server.output()).toBe(true);
    expect(bad).toEqual([]);
    expect(worst).toBeLessThan(1000);
  });

  test('a newer edit abandons a slow build instead of waiting for it', { timeout: 120_000 }, async () => {
    const big = join(work, 'slides/03-big.md');
    let seenBig = false;
    let fixed = false;
    const watch = async () => {
      while (!fixed) {
        const body = (await get(server.url)).body.toString();
        if (body.includes('Slide b3999')) seenBig = true;
        if (body.includes('Fixed at once')) fixed = true;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const watching = watch();
    writeFileSync(big, bigDeck(4000, 'b') /* new text: nothing of it is cached */);
    await new Promise((r) => setTimeout(r, 2000));
    // A deck this size is still compiling two seconds in; if it is not, the machine is too fast for this test.
    expect(server.output()).not.toMatch(/built .*4\d{3} slides/);
    writeFileSync(big, '## Fixed at once\n');
    await Promise.race([watching, new Promise((r) => setTimeout(r, 60_000))]);
    expect(fixed).toBe(true);
    expect(seenBig).toBe(false);
    expect(server.output()).toContain('abandoned the slow build');
  });

  test('Ctrl-C during a slow build stops at once, build worker included', { timeout: 60_000 }, async () => {
    writeFileSync(join(work, 'slides/03-big.md'), bigDeck(4000, 'c'));
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = performance.now();
    const exited = new Promise<number | null>((ok) => server.proc.once('exit', ok));
    server.proc.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(server.output()).toContain('stopped');
  });
});
