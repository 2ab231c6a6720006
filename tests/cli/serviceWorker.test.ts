import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { precacheManifest } from '../../src/cli/serviceWorker.js';
import type { PrecacheManifest } from '../../src/runtime/precache.js';

const ROOT = resolve(import.meta.dirname, '../..');
const build = (slides: string, out: string) => {
  const r = spawnSync(process.execPath, ['build.mjs', 'build', '--slides', slides, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
};
const manifestOf = (out: string): PrecacheManifest => JSON.parse(/^self\.GILDECK_PRECACHE=(\{.*?\});\n/.exec(readFileSync(join(out, 'gildeck-sw.js'), 'utf8'))![1]!) as PrecacheManifest;

describe('the service worker a build writes', () => {
  let work: string;
  let slides: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-sw-'));
    slides = join(work, 'slides');
    cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), slides, { recursive: true });
    mkdirSync(join(slides, 'assets', 'img'), { recursive: true });
    writeFileSync(join(slides, 'assets', 'img', 'a b.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('lists every file of the build but itself and gildeck\'s marker, with the content hash of them all', () => {
    build(slides, join(work, 'one'));
    const m = manifestOf(join(work, 'one'));
    const written = readdirSync(join(work, 'one'), { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('.gildeck-output') && f !== 'gildeck-sw.js' && !statSync(join(work, 'one', f)).isDirectory());
    expect(m.files).toEqual(written.sort());
    expect(m.files).toContain('assets/img/a b.svg');
    expect(m.files).toContain('index.html');
    expect(m.version).toMatch(/^[0-9a-f]{16}$/);
    // The worker's code follows the manifest.
    expect(readFileSync(join(work, 'one', 'gildeck-sw.js'), 'utf8')).toMatch(/caches/);
  });

  test('the same sources give the same worker byte for byte; a changed slide or asset gives a new version', () => {
    build(slides, join(work, 'two'));
    expect(readFileSync(join(work, 'two', 'gildeck-sw.js'))).toEqual(readFileSync(join(work, 'one', 'gildeck-sw.js')));
    const first = manifestOf(join(work, 'one')).version;
    const file = join(slides, readdirSync(slides).find((f) => f.endsWith('.md'))!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n\nOne more line.\n`);
    build(slides, join(work, 'three'));
    const changedSlide = manifestOf(join(work, 'three')).version;
    expect(changedSlide).not.toBe(first);
    writeFileSync(join(slides, 'assets', 'img', 'a b.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1"/>');
    build(slides, join(work, 'four'));
    expect(manifestOf(join(work, 'four')).version).not.toBe(changedSlide);
  });

  test('precacheManifest skips folders, the marker and the worker, and sorts what it lists', async () => {
    const dir = join(work, 'plain');
    mkdirSync(join(dir, 'z', 'y'), { recursive: true });
    for (const f of ['index.html', '.gildeck-output', 'gildeck-sw.js', 'z/y/b.txt', 'a.css']) writeFileSync(join(dir, f), f);
    const m = await precacheManifest(dir);
    expect(m.files).toEqual(['a.css', 'index.html', 'z/y/b.txt']);
    writeFileSync(join(dir, 'gildeck-sw.js'), 'another worker');
    expect((await precacheManifest(dir)).version).toBe(m.version);
  });
});
