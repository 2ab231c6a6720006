import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findChromium, kioskArgs, kioskCommandLine } from '../../src/cli/kiosk.js';
import { get } from '../support/http.js';
import { startKiosk } from '../support/serve.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DECK = join(ROOT, 'tests/fixtures/kiosk-deck');

describe('finding Chromium for --open', () => {
  const has = (...paths: string[]) => (p: string) => paths.includes(p);

  test("Debian's /usr/bin/chromium first, then chromium, chromium-browser, google-chrome on PATH, in PATH order", () => {
    expect(findChromium({ PATH: '/opt/bin:/usr/local/bin' }, has('/usr/bin/chromium', '/opt/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(findChromium({ PATH: '/opt/bin:/usr/local/bin' }, has('/usr/local/bin/chromium', '/opt/bin/google-chrome'))).toBe('/opt/bin/google-chrome');
    expect(findChromium({ PATH: '/a:/b' }, has('/b/chromium-browser'))).toBe('/b/chromium-browser');
  });

  test('CHROMIUM_PATH wins, and must be an executable', () => {
    expect(findChromium({ CHROMIUM_PATH: '/x/chrome', PATH: '' }, has('/x/chrome', '/usr/bin/chromium'))).toBe('/x/chrome');
    expect(() => findChromium({ CHROMIUM_PATH: '/x/none', PATH: '' }, has('/usr/bin/chromium'))).toThrow(/CHROMIUM_PATH is \/x\/none, which is not an executable file/);
  });

  test('none: a clear error saying what to install', () => {
    expect(() => findChromium({ PATH: '/a:/b' }, has())).toThrow(
      '--open needs Chromium, and there is none at /usr/bin/chromium or as chromium, chromium-browser, google-chrome, google-chrome-stable on PATH; install it (apt-get install chromium), set CHROMIUM_PATH, or leave out --open and start a browser with the command printed above',
    );
  });
});

test('the kiosk window: full screen without browser UI on the URL, in a fresh profile, no prompts', () => {
  const args = kioskArgs('http://127.0.0.1:4174/?kiosk', '/tmp/p');
  expect(args.slice(0, 3)).toEqual(['--kiosk', '--app=http://127.0.0.1:4174/?kiosk', '--user-data-dir=/tmp/p']);
  expect(args).toEqual(expect.arrayContaining(['--no-first-run', '--noerrdialogs', '--disable-session-crashed-bubble', '--disable-background-networking']));
  expect(kioskCommandLine('http://127.0.0.1:4174/?kiosk', '/usr/bin/chromium')).toMatch(/^\/usr\/bin\/chromium --kiosk '--app=http:\/\/127\.0\.0\.1:4174\/\?kiosk' --user-data-dir="\$\(mktemp -d\)" /);
});


describe('node build.mjs kiosk', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-kiosk-cli-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('builds once, serves the built deck with the isolation headers and no live reload, and prints the kiosk address and a Chromium command', async () => {
    const k = await startKiosk(['--slides', DECK, '--out', join(work, 'dist'), '--port', '0']);
    try {
      expect(k.output()).toMatch(/^built .*: 8 slides/m);
      expect(k.output()).toMatch(/--kiosk '--app=http:\/\/127\.0\.0\.1:\d+\/\?kiosk' --user-data-dir="\$\(mktemp -d\)"/);
      const page = await get(k.url);
      expect(page.status).toBe(200);
      expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
      // Not watching: no dev client in the page, no event stream to reload it.
      expect(page.body.toString()).not.toContain('/__gildeck/client.js');
      expect((await get(new URL('/__gildeck/events', k.url).href)).status).toBe(404);
      expect((await get(k.url, { host: 'evil.example' })).status).toBe(403);
    } finally {
      await k.stop();
    }
  });

  test('--open starts Chromium detached in kiosk mode on the address, with a fresh profile', async () => {
    const fake = join(work, 'fake-chromium.sh');
    const record = join(work, 'args.txt');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(fake, 0o755);
    const k = await startKiosk(['--slides', DECK, '--out', join(work, 'dist-open'), '--port', '0', '--open'], { ...process.env, CHROMIUM_PATH: fake });
    try {
      await expect.poll(() => existsSync(record) && readFileSync(record, 'utf8').length > 0, { timeout: 10_000 }).toBe(true);
      const args = readFileSync(record, 'utf8').trim().split('\n');
      expect(args.slice(0, 2)).toEqual(['--kiosk', `--app=${k.url}`]);
      const profile = args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
      expect(profile).toMatch(/gildeck-kiosk-profile-/);
      await expect.poll(() => k.output()).toMatch(/started .*fake-chromium\.sh in kiosk mode/);
      rmSync(profile, { recursive: true, force: true });
    } finally {
      await k.stop();
    }
  });

  test('--open without a Chromium is a clear error before anything is built', () => {
    const r = spawnSync(process.execPath, ['build.mjs', 'kiosk', '--slides', DECK, '--out', join(work, 'never'), '--open'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: join(work, 'no-such-browser') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: CHROMIUM_PATH is .*no-such-browser, which is not an executable file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test('a bad --port is an error naming the flag', () => {
    const r = spawnSync(process.execPath, ['build.mjs', 'kiosk', '--port', 'x'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--port must be a number from 0 to 65535, not "x"');
  });

  test('--help says what it does; the main help lists it', () => {
    const r = spawnSync(process.execPath, ['build.mjs', 'kiosk', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: node build.mjs kiosk \[--slides DIR\|FILE\] \[--out DIR\] \[--port 4174\] \[--open\]/);
    expect(spawnSync(process.execPath, ['build.mjs', '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout).toMatch(/^ {2}kiosk {8}build once and serve the deck for an unattended booth/m);
  });
});
