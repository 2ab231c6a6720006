import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['build.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('node build.mjs new', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-new-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('writes a starter talk (three acts, two widgets, notes, a logo, a five-line README) that builds with no warning', () => {
    const talk = join(work, 'talk');
    const made = cli('new', talk);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain(`next: node build.mjs serve ${talk}`);
    expect(readdirSync(talk, { recursive: true, encoding: 'utf8' }).sort()).toEqual(['README.md', 'assets', 'assets/logo.svg', 'talk.md']);
    // Nothing left beside it: the starter was written aside and renamed into place.
    expect(readdirSync(work)).toEqual(['talk']);

    const md = readFileSync(join(talk, 'talk.md'), 'utf8');
    expect(md).toMatch(/^---\ntitle: .+\nsubtitle: .+\nauthor: .+\nevent: .+\ndate: .+/);
    expect(md.match(/^::act\[/gm)).toHaveLength(3);
    const readme = readFileSync(join(talk, 'README.md'), 'utf8');
    expect(readme.trimEnd().split('\n')).toHaveLength(5);
    for (const command of ['serve', 'build', 'export pdf --slides']) expect(readme).toContain(`node build.mjs ${command} ${talk}`);

    const out = join(work, 'dist');
    const built = cli('build', talk, '--out', out);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toBe('');
    // Its README.md is not a slide: 10 slides of its own, the title and the agenda.
    expect(built.stdout.trim()).toMatch(new RegExp(`^built ${out}: 12 slides, 3 acts \\+ prologue \\+ finale, 2 widgets, [\\d.]+ KB in \\d+ ms$`));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<gd-timeline[^>]* strategy="threads"/);
    expect(html).toMatch(/<gd-speedup[^>]* strategies="threads,multiprocessing-pool,free-threading"/);
    expect(html.match(/<aside class="notes">/g)?.length).toBeGreaterThanOrEqual(10);
    expect(existsSync(join(out, 'assets/logo.svg'))).toBe(true);
  });

  test('writes into an empty folder too', () => {
    const talk = join(work, 'empty');
    mkdirSync(talk);
    const r = cli('new', talk);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(talk).sort()).toEqual(['README.md', 'assets', 'talk.md']);
  });

  test('refuses a folder that has anything in it, and leaves it as it was', () => {
    const talk = join(work, 'mine');
    mkdirSync(talk);
    writeFileSync(join(talk, 'talk.md'), 'my own talk\n');
    const r = cli('new', talk);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`error: ${talk} is not empty (it has talk.md); gildeck new writes only into a new or empty folder, so pass another name`, 'run `node build.mjs new --help` for usage']);
    expect(readdirSync(talk)).toEqual(['talk.md']);
    expect(readFileSync(join(talk, 'talk.md'), 'utf8')).toBe('my own talk\n');
  });

  test('refuses a file, and a missing or second folder name, with what to write', () => {
    const file = join(work, 'notes.txt');
    writeFileSync(file, 'x');
    expect(cli('new', file).stderr).toContain(`error: ${file} is a file; pass a new folder for the talk (e.g. talk)`);
    expect(readFileSync(file, 'utf8')).toBe('x');
    const none = cli('new');
    expect([none.status, none.stderr.split('\n')[0]]).toEqual([2, 'error: new takes one folder, the talk\'s (e.g. node build.mjs new talk)']);
    expect(cli('new', join(work, 'a'), join(work, 'b')).status).toBe(2);
    expect(existsSync(join(work, 'a'))).toBe(false);
  });

  test('build takes the deck as its argument; a deck given twice is an error', () => {
    const r = cli('build', join(work, 'talk'), '--slides', join(work, 'talk'), '--out', join(work, 'dist2'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: the deck is given twice');
    expect(existsSync(join(work, 'dist2'))).toBe(false);
  });
});
