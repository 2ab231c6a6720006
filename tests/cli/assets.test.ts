import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { copyAssets } from '../../src/cli/assets.js';

let work: string;
const write = (path: string, text: string) => (mkdirSync(join(path, '..'), { recursive: true }), writeFileSync(path, text));
const tree = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => !lstatSync(join(dir, p)).isDirectory())
    .sort();

beforeEach(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'gildeck-assets-')));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

test('the deck\'s assets win over the project\'s on a clash, a file over a folder too, and the written list says what is there', async () => {
  write(join(work, 'proj/assets/logo.png'), 'project');
  write(join(work, 'proj/assets/icons/a.svg'), 'a');
  write(join(work, 'proj/assets/keep.txt'), 'keep');
  write(join(work, 'deck/assets/logo.png'), 'deck');
  write(join(work, 'deck/assets/icons'), 'now a file');
  const dest = join(work, 'out');
  const r = await copyAssets([join(work, 'proj/assets'), join(work, 'deck/assets')], dest, [join(work, 'proj'), join(work, 'deck')], work);
  expect(r.diagnostics).toEqual([]);
  expect(readFileSync(join(dest, 'assets/logo.png'), 'utf8')).toBe('deck');
  expect(readFileSync(join(dest, 'assets/icons'), 'utf8')).toBe('now a file');
  expect(r.files).toEqual(['assets/icons', 'assets/keep.txt', 'assets/logo.png']);
  expect(tree(dest)).toEqual(r.files);
});

test('links between two folders that point at each other are a loop reported at a path, not an endless copy', async () => {
  mkdirSync(join(work, 'deck/assets/a'), { recursive: true });
  mkdirSync(join(work, 'deck/assets/b'), { recursive: true });
  write(join(work, 'deck/assets/a/f.txt'), 'f');
  symlinkSync('../b', join(work, 'deck/assets/a/to-b'));
  symlinkSync('../a', join(work, 'deck/assets/b/to-a'));
  const r = await copyAssets([join(work, 'deck/assets')], join(work, 'out'), [join(work, 'deck')], work);
  expect(r.diagnostics.map((d) => `${d.location.file}: ${d.message}`)).toEqual([
    expect.stringMatching(/^deck\/assets\/a\/to-b\/to-a: is a symbolic link to deck\/assets\/a, a folder holding it: a loop/),
    expect.stringMatching(/^deck\/assets\/b\/to-a\/to-b: is a symbolic link to deck\/assets\/b, a folder holding it: a loop/),
  ]);
  expect(tree(join(work, 'out')).every((p) => !lstatSync(join(work, 'out', p)).isSymbolicLink())).toBe(true);
});

test('a named pipe is skipped with a warning, never read (reading one would block the build)', async () => {
  mkdirSync(join(work, 'deck/assets'), { recursive: true });
  try {
    execFileSync('mkfifo', [join(work, 'deck/assets/pipe')]);
  } catch {
    return; // no mkfifo here
  }
  const r = await copyAssets([join(work, 'deck/assets')], join(work, 'out'), [join(work, 'deck')], work);
  expect(r.diagnostics).toMatchObject([{ severity: 'warning', location: { file: 'deck/assets/pipe' }, message: expect.stringContaining('not a regular file') }]);
  expect(r.files).toEqual([]);
});
