import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildDeck, type BuildOptions } from '../../src/cli/build.js';
import { UsageError } from '../../src/cli/deckFiles.js';
import { checkOutputPath, cleanStaleTemps, isOutputPath, OUTPUT_MARKER, OutputError, type OutputStep } from '../../src/cli/output.js';
import type { RuntimeBundler } from '../../src/cli/runtimeBundle.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A stand-in for esbuild: the output phase is what these tests look at. */
function fakeBundler(tag: string): RuntimeBundler {
  const files = [
    { name: 'gildeck.AAAAAAAA.js', contents: new TextEncoder().encode(`/* ${tag} */`) },
    { name: 'gildeck.BBBBBBBB.css', contents: new TextEncoder().encode(`/* ${tag} */`) },
  ];
  return { bundle: async () => files, current: async () => files, dispose: async () => undefined } as unknown as RuntimeBundler;
}

/** A build is complete when index.html and every script and stylesheet it names are there. */
function complete(out: string): string | null {
  const html = existsSync(join(out, 'index.html')) ? readFileSync(join(out, 'index.html'), 'utf8') : null;
  if (html === null) return null;
  const refs = [...html.matchAll(/(?:src|href)="(gildeck\.[A-Z0-9]{8}\.(?:js|css))"/g)].map((m) => m[1]!);
  if (!refs.length || !refs.every((r) => existsSync(join(out, r)))) return null;
  return readFileSync(join(out, refs.find((r) => r.endsWith('.js'))!), 'utf8');
}

let work: string;
let slides: string;
let out: string;
const opts = (tag: string, extra: Partial<BuildOptions> = {}): BuildOptions => ({ root: ROOT, slides, out, bundler: fakeBundler(tag), rebundle: true, ...extra });
const temps = () => readdirSync(work).filter((n) => n.includes('.tmp-'));

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'gildeck-out-'));
  slides = join(work, 'slides');
  out = join(work, 'dist');
  cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), slides, { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('which --out folders a build may replace', () => {
  test('a folder with files gildeck did not write is refused, naming the folder and --force; nothing in it changes', async () => {
    mkdirSync(join(work, 'notes'));
    writeFileSync(join(work, 'notes', 'keep.txt'), 'x');
    const err = await buildDeck(opts('new', { out: join(work, 'notes') })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/notes: the folder is not empty and is not a gildeck build.*--force/);
    expect(readdirSync(join(work, 'notes'))).toEqual(['keep.txt']);
  });

  test('--force replaces such a folder', async () => {
    mkdirSync(join(work, 'notes'));
    writeFileSync(join(work, 'notes', 'keep.txt'), 'x');
    expect((await buildDeck(opts('new', { out: join(work, 'notes'), force: true }))).ok).toBe(true);
    expect(complete(join(work, 'notes'))).toContain('new');
    expect(existsSync(join(work, 'notes', 'keep.txt'))).toBe(false);
  });

  test('a previous build (marked) and an empty folder are replaced; every build is marked and lists its files', async () => {
    mkdirSync(out);
    const first = await buildDeck(opts('one'));
    expect(first.files).toEqual(expect.arrayContaining([OUTPUT_MARKER, 'index.html', 'gildeck.AAAAAAAA.js']));
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8'))).toMatchObject({ generator: 'gildeck' });
    expect((await buildDeck(opts('two'))).ok).toBe(true);
    expect(complete(out)).toContain('two');
  });

  test('an output of a build from before the marker (only gildeck\'s files in it) is replaced; one file more and it is refused', async () => {
    mkdirSync(join(out, 'assets'), { recursive: true });
    for (const f of ['index.html', 'gildeck.ABCD1234.js', 'gildeck.ABCD1234.css', 'gildeck-sw.js']) writeFileSync(join(out, f), '');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    await expect(buildDeck(opts('new'))).rejects.toThrow(/not a gildeck build/);
    rmSync(join(out, 'notes.txt'));
    expect((await buildDeck(opts('new'))).ok).toBe(true);
    expect(complete(out)).toContain('new');
  });

  test('a file, or a path under a file, is refused even with --force', async () => {
    writeFileSync(join(work, 'f.txt'), 'mine');
    for (const bad of [join(work, 'f.txt'), join(work, 'f.txt', 'dist')]) {
      await expect(buildDeck(opts('x', { out: bad, force: true }))).rejects.toThrow(/f\.txt.*is a file/);
    }
    expect(readFileSync(join(work, 'f.txt'), 'utf8')).toBe('mine');
  });

  // A stand-in project, so a refusal that failed would only ever delete temp files.
  test.each([
    ['the slides folder', (w: string) => join(w, 'slides'), /is the slides/],
    ['a parent of the slides', (w: string) => w, /holds the (slides|project folder)/],
    ["the deck's assets", (w: string) => join(w, 'slides', 'assets'), /is the deck's assets/],
    ['a folder inside the assets', (w: string) => join(w, 'slides', 'assets', 'out'), /is inside the deck's assets/],
    ['the project folder', (w: string) => join(w, 'proj'), /is the project folder/],
    ["the project's src", (w: string) => join(w, 'proj', 'src'), /is the project's src/],
    ["a folder inside the project's src", (w: string) => join(w, 'proj', 'src', 'out'), /is inside the project's src/],
    ["the project's node_modules/.cache", (w: string) => join(w, 'proj', 'node_modules', '.cache'), /is inside the project's node_modules/],
    ["the project's tests", (w: string) => join(w, 'proj', 'tests'), /is the project's tests/],
    ['the file system root', () => '/', /root/],
  ])('%s is refused even with --force', async (_name, path, message) => {
    mkdirSync(join(slides, 'assets'), { recursive: true });
    writeFileSync(join(slides, 'assets', 'a.png'), 'png');
    mkdirSync(join(work, 'proj', 'src'), { recursive: true });
    writeFileSync(join(work, 'proj', 'src', 'main.ts'), '');
    const places = { root: join(work, 'proj'), slides, cwd: join(work, 'proj'), home: join(work, 'home') };
    await expect(checkOutputPath(path(work), places)).rejects.toThrow(message);
    await expect(buildDeck(opts('x', { root: join(work, 'proj'), out: path(work), force: true }))).rejects.toBeInstanceOf(UsageError);
    expect(readdirSync(slides).sort()).toEqual(['01-intro.md', '02-more.md', 'assets']);
    expect(readdirSync(join(work, 'proj', 'src'))).toEqual(['main.ts']);
  });

  test('a previous build that holds a file the user added is refused, naming the file; --force replaces it', async () => {
    expect((await buildDeck(opts('one'))).ok).toBe(true);
    mkdirSync(join(out, 'assets'), { recursive: true });
    writeFileSync(join(out, 'assets', 'mine.png'), 'mine');
    const err = await buildDeck(opts('two')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/dist\/assets\/mine\.png was not written by the previous build.*--force/);
    expect(readFileSync(join(out, 'assets', 'mine.png'), 'utf8')).toBe('mine');
    expect(complete(out)).toContain('one');
    expect((await buildDeck(opts('three', { force: true }))).ok).toBe(true);
    expect(complete(out)).toContain('three');
    expect((await buildDeck(opts('four'))).ok).toBe(true);
  });

  test('a build whose assets hold an empty folder is replaced by the next build without --force', async () => {
    mkdirSync(join(slides, 'assets', 'empty'), { recursive: true });
    writeFileSync(join(slides, 'assets', 'a.png'), 'png');
    expect((await buildDeck(opts('one'))).ok).toBe(true);
    expect(existsSync(join(out, 'assets', 'empty'))).toBe(true);
    expect((await buildDeck(opts('two'))).ok).toBe(true);
    expect(complete(out)).toContain('two');
  });

  test('--out is normalised: dist/../dist and dist/. build into dist like dist, and leave no temp folder', async () => {
    for (const [i, path] of [join(work, 'dist', '..', 'dist'), `${out}/.`, `${out}/`, join(work, 'dist', '..', 'dist')].entries()) {
      const r = await buildDeck(opts(`b${i}`, { out: path }));
      expect(r.ok).toBe(true);
      expect(complete(out)).toContain(`b${i}`);
      expect(temps()).toEqual([]);
    }
  });

  test('the current and home folders are refused', async () => {
    await expect(checkOutputPath(work, { root: ROOT, slides: join(ROOT, 'slides'), cwd: work })).rejects.toThrow(/is the current folder/);
    await expect(checkOutputPath(work, { root: ROOT, slides: join(ROOT, 'slides'), home: work })).rejects.toThrow(/is your home folder/);
  });
});

test('a slide file that links outside the project is an error at its path, and nothing is written', async () => {
  writeFileSync(join(work, 'secret.md'), '# secret');
  symlinkSync(join(work, 'secret.md'), join(slides, '03-secret.md'));
  const r = await buildDeck(opts('x'));
  expect(r.ok).toBe(false);
  expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', location: expect.objectContaining({ file: expect.stringMatching(/slides\/03-secret\.md$/) }), message: expect.stringMatching(/symbolic link to .*secret\.md, outside the project/) }));
  expect(existsSync(out)).toBe(false);
});

test('serve refuses an --out inside the deck\'s assets before it builds or listens', async () => {
  const { serve } = await import('../../src/cli/serve.js');
  const run = serve({ root: ROOT, slides, out: join(slides, 'assets', 'out'), port: 0, watch: false, until: Promise.resolve() });
  await expect(run).rejects.toThrow(/--out .*slides\/assets\/out: is inside the deck's assets/);
  expect(readdirSync(slides).sort()).toEqual(['01-intro.md', '02-more.md']);
});

test('an --out beside the slides (slides/dist) builds, and a rebuild reads none of it', async () => {
  const inside = join(slides, 'dist');
  const first = await buildDeck({ ...opts('x'), out: inside });
  expect(first.ok).toBe(true);
  const again = await buildDeck({ ...opts('x'), out: inside });
  expect(again.ok).toBe(true);
  expect(again.slides).toBe(first.slides);
  expect(existsSync(join(inside, 'index.html'))).toBe(true);
});

test('serve ignores the output folder, its contents and its temp folders, whatever they hold', () => {
  for (const p of [out, join(out, 'index.html'), join(work, '.dist.tmp-1-2'), join(work, '.dist.tmp-1-2.old', 'x', 'y.js'), join(work, 'x', '..', 'dist', 'a')]) {
    expect(isOutputPath(p, out), p).toBe(true);
    expect(isOutputPath(p, `${out}/.`), p).toBe(true);
  }
  for (const p of [work, join(work, 'dist2'), join(work, '.dist2.tmp-1-2'), join(work, 'slides', 'a.md'), '/']) expect(isOutputPath(p, out), p).toBe(false);
});

describe('the output swap', () => {
  const steps: OutputStep[] = ['temp-created', 'written', 'old-moved-aside', 'new-moved-in', 'old-removed'];

  test.each(steps)('a build that stops at "%s" leaves a complete build at --out, or one the next run restores', async (stop) => {
    await buildDeck(opts('old'));
    let reached!: () => void;
    const atStep = new Promise<void>((r) => (reached = r));
    // The build freezes at the step, as a killed process would; it is never resumed.
    void buildDeck(opts('new', { step: (s) => (s === stop ? (reached(), new Promise(() => undefined)) : undefined) }));
    await atStep;
    const now = complete(out);
    if (now === null) expect(stop).toBe('old-moved-aside');
    // What the next build does first: repair and clean, once the frozen process is gone (dead pid).
    renamePids(work);
    await cleanStaleTemps(out);
    expect(complete(out)).toMatch(/old|new/);
    expect(temps()).toEqual([]);
  });

  test('a write that fails (disk full) is a one-line OutputError; the previous output stays and no temp folder is left', async () => {
    await buildDeck(opts('old'));
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const err = await buildDeck(opts('new', { step: (s) => { if (s === 'written') throw enospc; } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect((err as Error).message).toMatch(/^cannot write .*dist\/: no space left on device \(ENOSPC\); free some space and build again; .*dist\/ left as it was$/);
    expect(complete(out)).toContain('old');
    expect(temps()).toEqual([]);
  });

  test('a failed swap puts the previous output back', async () => {
    await buildDeck(opts('old'));
    const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    await expect(buildDeck(opts('new', { step: (s) => { if (s === 'old-moved-aside') throw eacces; } }))).rejects.toThrow(/permission denied \(EACCES\)/);
    expect(complete(out)).toContain('old');
    expect(temps()).toEqual([]);
  });

  test('stale temp folders are removed only when they match the pattern, carry the marker and their process is gone', async () => {
    await buildDeck(opts('old'));
    const marked = (name: string) => (mkdirSync(join(work, name)), writeFileSync(join(work, name, OUTPUT_MARKER), '{"generator":"gildeck"}'), name);
    marked('.dist.tmp-999999999-1');
    marked('.dist.tmp-999999999-2.old');
    mkdirSync(join(work, '.dist.tmp-999999999-3')); // empty: killed before its marker
    mkdirSync(join(work, '.dist.tmp-999999999-6')); // killed while writing its marker: the file is there, empty
    writeFileSync(join(work, '.dist.tmp-999999999-6', OUTPUT_MARKER), '');
    mkdirSync(join(work, '.dist.tmp-999999999-7')); // ... or cut short
    writeFileSync(join(work, '.dist.tmp-999999999-7', OUTPUT_MARKER), '{"gener');
    mkdirSync(join(work, '.dist.tmp-999999999-4'));
    writeFileSync(join(work, '.dist.tmp-999999999-4', 'mine.txt'), 'not ours');
    marked(`.dist.tmp-${process.pid}-5`); // a live build's
    marked('.dist.tmp-notes');
    await cleanStaleTemps(out);
    expect(temps().sort()).toEqual(['.dist.tmp-999999999-4', `.dist.tmp-${process.pid}-5`, '.dist.tmp-notes'].sort());
  });
});

/** Temp folders carry their builder's pid; a frozen in-process build is this (live) process, so make them a dead one's. */
function renamePids(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = /^(\.dist\.tmp-)(\d+)(-.*)$/.exec(name);
    if (m && Number(m[2]) === process.pid) renameSync(join(dir, name), join(dir, `${m[1]}999999999${m[3]}`));
  }
}
