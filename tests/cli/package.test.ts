import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withServedFolder } from '../../src/cli/exportDeck.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A command's output, for the failure message. */
const said = (r: SpawnSyncReturns<string>) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

/**
 * The lock file of a fresh project holding the packages this repository's lock installs for gildeck's
 * `dependencies` (those not marked dev). npm 11 resolves a version range from the registry's full package
 * document, which `npm ci` never fetches, so the npm cache alone cannot resolve gildeck's ranges; with the versions
 * pinned here, `npm i` takes every tarball from the cache by its integrity. A dependency gildeck forgot to declare
 * is dev-only in the repository's lock, so it is missing here too, and the installed CLI fails.
 */
function pinnedLock(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const packages = Object.fromEntries(Object.entries(lock.packages).filter(([path, p]) => path !== '' && !p.dev));
  return JSON.stringify({ name, lockfileVersion: 3, requires: true, packages: { '': { name }, ...packages } }, null, 2);
}

describe('the npm package', () => {
  let work: string;
  let project: string;
  let tarball: string;
  let npmLog = '';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-pack-'));
    const packed = spawnSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT, encoding: 'utf8' });
    expect(packed.status, said(packed)).toBe(0);
    tarball = join(work, packed.stdout.trim().split('\n').at(-1)!);
    project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-talks', private: true }));
    writeFileSync(join(project, 'package-lock.json'), pinnedLock('my-talks'));
    const installed = spawnSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund'], { cwd: project, encoding: 'utf8' });
    npmLog = said(installed);
    if (/ENOTCACHED/.test(installed.stderr)) throw new Error(`npm i needed the network (a package the npm cache does not have):\n${npmLog}`);
    expect(installed.status, npmLog).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the tarball holds build.mjs and src/ (the starter too), never slides/, tests/, dist/ or caches', () => {
    const listed = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(listed).toContain('package/build.mjs');
    expect(listed).toContain('package/src/cli/main.ts');
    expect(listed).toContain('package/src/cli/starter/talk.md');
    expect(listed).toContain('package/src/recorder/gildeck_recorder.py');
    expect(listed.filter((f) => /^package\/(slides|tests|dist|assets|node_modules)\/|\.gildeck\/|\.test\.ts$/.test(f))).toEqual([]);
  });

  test('installed offline from the npm cache, `npx gildeck new talk && npx gildeck build talk` builds the starter with no warning, and it runs in Chromium', async () => {
    const gildeck = (...args: string[]) => spawnSync('npx', ['--offline', 'gildeck', ...args], { cwd: project, encoding: 'utf8' });
    expect(existsSync(join(project, 'node_modules/.bin/gildeck')), npmLog).toBe(true);
    const made = gildeck('new', 'talk');
    expect(made.status, said(made)).toBe(0);
    expect(made.stdout).toContain('next: npx gildeck serve talk');
    expect(readFileSync(join(project, 'talk/README.md'), 'utf8')).toContain('`npx gildeck serve talk`');
    const built = gildeck('build', 'talk');
    expect(built.status, said(built)).toBe(0);
    expect(built.stderr).toBe('');
    expect(built.stdout.trim()).toMatch(/^built dist: 12 slides, 3 acts \+ prologue \+ finale, 2 widgets, [\d.]+ KB in \d+ ms$/);
    // The project's own folders: the output in its cwd, the CLI cached in its node_modules/.cache, nothing written
    // into the installed package.
    expect(existsSync(join(project, 'dist/assets/logo.svg'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/.cache/gildeck'))).toBe(true);
    expect(existsSync(join(project, 'node_modules/gildeck/node_modules/.cache'))).toBe(false);
    // The same runtime, byte for byte, as the repository bundles for the same talk (esbuild reads gildeck's
    // tsconfig.json only when told to: under node_modules it ignores it, and the runtime would lose strict mode).
    const fromRepo = spawnSync(process.execPath, ['build.mjs', 'build', join(project, 'talk'), '--out', join(work, 'repo-dist')], { cwd: ROOT, encoding: 'utf8' });
    expect(fromRepo.status, said(fromRepo)).toBe(0);
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    // The start bundle (reveal.js and the runtime): the chunks name each other by content hashes, which esbuild
    // computes from module paths that differ between the two installations.
    const runtime = (dir: string) => readdirSync(dir).filter((f) => /^gildeck\.[A-Z0-9]+\.(js|css)$/.test(f)).map((f) => `${f.split('.').at(-1)} ${sha(join(dir, f))}`).sort();
    expect(runtime(join(project, 'dist'))).toEqual(runtime(join(work, 'repo-dist')));
    // The project is the current folder: its assets/ are copied, and an --out inside its node_modules is refused.
    mkdirSync(join(project, 'assets'));
    writeFileSync(join(project, 'assets/shared.txt'), 'from the project');
    const again = gildeck('build', 'talk');
    expect(again.status, said(again)).toBe(0);
    expect(readFileSync(join(project, 'dist/assets/shared.txt'), 'utf8')).toBe('from the project');
    const inside = gildeck('build', 'talk', '--out', 'node_modules/gildeck');
    expect([inside.status, inside.stderr.split('\n')[0]]).toEqual([2, expect.stringContaining("is inside the project's node_modules")]);
    // A project whose node_modules/.cache cannot be written: the CLI is cached in a private folder in tmp instead.
    rmSync(join(project, 'node_modules/.cache'), { recursive: true });
    writeFileSync(join(project, 'node_modules/.cache'), 'not a folder');
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    const fallback = spawnSync('npx', ['--offline', 'gildeck', 'build', 'talk', '--out', 'dist-tmp'], { cwd: project, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    expect(fallback.status, said(fallback)).toBe(0);
    const [own] = readdirSync(tmp).filter((n) => n.startsWith('gildeck-cache-'));
    expect(readdirSync(join(tmp, own!)).some((n) => n.startsWith('cli-'))).toBe(true);
    if (process.platform !== 'win32') expect(statSync(join(tmp, own!)).mode & 0o777).toBe(0o700);
    // The repository's own commands are refused with a reason, not run against the package's files.
    const docs = gildeck('docs');
    expect([docs.status, docs.stderr.split('\n')[0]]).toEqual([2, "error: docs regenerates gildeck's own README.md, in gildeck's repository only; your deck needs no docs step"]);

    if (!browserAvailable()) return;
    let browser: LaunchedBrowser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
      const offOrigin: string[] = [];
      await withServedFolder(join(project, 'dist'), async (url) => {
        page.on('request', (r) => void (new URL(r.url()).origin !== new URL(url).origin && !r.url().startsWith('data:') && offOrigin.push(r.url())));
        await page.goto(url);
        await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
        expect(await page.locator('.reveal section.present h1').textContent()).toBe('Doing Many Things at Once');
        await page.evaluate(() => {
          const deck = (window as any).gildeck.deck;
          const { h, v } = deck.getIndices(document.querySelector('gd-timeline')!.closest('section'));
          deck.slide(h, v);
        });
        const timeline = page.locator('.reveal section.present gd-timeline');
        await expect.poll(() => timeline.getAttribute('data-mounted')).toBe('live');
        await page.keyboard.press('r');
        await expect.poll(() => timeline.getAttribute('data-state'), { timeout: 30_000, interval: 200 }).toBe('done');
        expect(await timeline.locator('.gd-w-status').textContent()).not.toMatch(/error/i);
      });
      expect(offOrigin).toEqual([]);
    } finally {
      await browser?.close();
    }
  }, 90_000);
});
