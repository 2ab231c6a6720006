import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT } from '../support/serve.js';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A plain static host: files and content types, none of the isolation headers. */
function plainHost(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

describe.runIf(browserAvailable())('on a plain static host', () => {
  let work: string;
  let host: Awaited<ReturnType<typeof plainHost>>;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-static-'));
    const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', join(ROOT, 'tests/fixtures/e2e-deck'), '--out', join(work, 'dist')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    [host, browser] = await Promise.all([plainHost(join(work, 'dist')), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    host?.server.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('the deck\'s service worker adds the isolation headers, so the engine gets shared memory after one reload', async () => {
    const page = await browser.browser.newPage();
    await page.goto(host.url);
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 15_000 });
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const mode = await page.evaluate(async () => (await (window as any).gildeck.engine().run({ strategy: 'threads', workers: 2, workload: 'countdown', units: 2000 }).result).mode);
    expect(mode).toBe('shared-memory');
    await page.close();
  });
});
