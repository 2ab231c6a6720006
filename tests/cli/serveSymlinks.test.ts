import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get } from '../support/http.js';
import { ROOT, startServe } from '../support/serve.js';

const SECRET = 'not-for-the-audience-7f3a';

/** Resident memory of a process in MB, from /proc (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('serve: symlinks in the deck never leak files or loop', () => {
  let work: string;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-serve-links-'));
    mkdirSync(join(work, 'private'));
    writeFileSync(join(work, 'private/secret.txt'), SECRET);
    const slides = join(work, 'slides');
    cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), slides, { recursive: true });
    mkdirSync(join(slides, 'assets'));
    writeFileSync(join(slides, 'assets/ok.txt'), 'fine');
    symlinkSync('/etc/passwd', join(slides, 'assets/p.txt'));
    symlinkSync(join(work, 'private/secret.txt'), join(slides, 'assets/secret.txt'));
    symlinkSync(join(work, 'private'), join(slides, 'assets/private-dir'));
    symlinkSync('/etc', join(slides, 'assets/etc-dir'));
    // A loop: assets/up/slides/assets/up/... forever, for anything that follows links.
    symlinkSync('../../', join(slides, 'assets/up'));
    server = await startServe(slides, join(work, 'dist'));
  });
  afterAll(async () => {
    if (server?.proc.exitCode === null) server.proc.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  test('a file or folder linked from assets/ is refused, whatever the path', async () => {
    const paths = [
      'assets/p.txt',
      'assets/secret.txt',
      'assets/private-dir/secret.txt',
      'assets/etc-dir/passwd',
      'assets/etc-dir/hostname',
      'assets/up/private/secret.txt',
      'assets/up/slides/assets/up/private/secret.txt',
      'assets/up/up/up/etc/passwd',
      '..%2fprivate%2fsecret.txt',
      'assets/..%2f..%2fprivate%2fsecret.txt',
    ];
    for (const path of paths) {
      const a = await get(server.url + path);
      expect([path, a.status]).toEqual([path, expect.toSatisfy((s: number) => s === 403 || s === 404)]);
      expect(a.body.toString()).not.toContain(SECRET);
      expect(a.body.toString()).not.toContain('root:');
    }
  });

  test('a link loop in the deck folder is not walked: memory stays small and answers stay quick', async () => {
    const samples: number[] = [];
    let slowest = 0;
    for (let i = 0; i < 15; i++) {
      samples.push(rssMb(server.proc.pid!));
      if (samples.at(-1)! > 1000) server.proc.kill('SIGKILL'); // do not take the machine down on a regression
      expect(samples.at(-1)!).toBeLessThan(1000);
      slowest = Math.max(slowest, (await get(server.url)).ms, (await get(`${server.url}assets/up/up/up/up/`)).ms);
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`link loop: RSS at most ${Math.max(...samples).toFixed(0)} MB, slowest answer ${slowest.toFixed(0)} ms`);
    expect(Math.max(...samples)).toBeLessThan(600);
    expect(slowest).toBeLessThan(1000);
  });
});
