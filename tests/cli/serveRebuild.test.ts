import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get } from '../support/http.js';
import { ROOT, startServe } from '../support/serve.js';
import { startFiles } from '../../src/bench/pageBytes.js';

describe('serve: rebuilds', () => {
  let work: string;
  let slides: string;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-serve-rebuild-'));
    slides = join(work, 'slides');
    cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), slides, { recursive: true });
    mkdirSync(join(slides, 'assets'));
    writeFileSync(join(slides, 'assets/pic.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${'<rect/>'.repeat(20_000)}</svg>`);
    server = await startServe(slides, join(work, 'dist'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('no request during 25 rebuilds gets a 404, an empty or short file, or the placeholder page', { timeout: 120_000 }, async () => {
    const page = (await get(server.url)).body.toString();
    // The runtime (the first-paint script names it; its stylesheet is inline), and a large asset.
    const js = startFiles(page).at(-1)!;
    const paths = [js, 'assets/pic.svg', js];
    const sizes = new Map<string, number>();
    for (const path of paths) sizes.set(path, (await get(server.url + path)).body.length);

    let done = false;
    let answers = 0;
    const bad: string[] = [];
    const hammer = async () => {
      for (let i = 0; !done; i++) {
        const path = i % 4 === 3 ? '' : paths[i % 4]!;
        const a = await get(server.url + path).catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }));
        answers++;
        const ok = path === '' ? a.status === 200 && a.body.includes(js) : a.status === 200 && a.body.length === sizes.get(path);
        if (!ok) bad.push(`/${path}: ${a.status}, ${a.body.length} bytes${path === '' ? `: ${a.body.toString().slice(0, 80)}` : ''}`);
      }
    };
    const hammers = Array.from({ length: 4 }, hammer);

    const file = join(slides, '02-more.md');
    const original = readFileSync(file, 'utf8');
    for (let k = 1; k <= 25; k++) {
      writeFileSync(file, `${original}\n\n## Edit ${k}\n`);
      const deadline = performance.now() + 20_000;
      while (!(await get(server.url)).body.includes(`Edit ${k}<`) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    }
    done = true;
    await Promise.all(hammers);
    console.log(`rebuilds: ${answers} answers during 25 rebuilds, ${bad.length} bad`);
    expect((await get(server.url)).body.toString()).toContain('Edit 25<');
    expect(bad).toEqual([]);
  });
});
