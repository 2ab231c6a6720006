import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// A stand-in project: build.mjs with a two-module CLI whose second module is a chunk loaded on first use.
let proj: string;
beforeEach(() => {
  proj = mkdtempSync(join(tmpdir(), 'gildeck-clicache-'));
  copyFileSync(join(ROOT, 'build.mjs'), join(proj, 'build.mjs'));
  mkdirSync(join(proj, 'src/cli'), { recursive: true });
  mkdirSync(join(proj, 'node_modules'));
  symlinkSync(join(ROOT, 'node_modules/esbuild'), join(proj, 'node_modules/esbuild'));
  writeFileSync(join(proj, 'src/cli/main.ts'), "export const later = async () => (await import('./later.js')).value;\nexport const main = async () => 0;\n");
  writeFileSync(join(proj, 'src/cli/later.ts'), 'export const value = 1;\n');
});
afterEach(() => rmSync(proj, { recursive: true, force: true }));

test('a CLI bundle still in use is not pruned when a newer one is built: its lazily loaded chunks still import', () => {
  const script = `
    import { writeFileSync } from 'node:fs';
    const { loadGildeck } = await import(${JSON.stringify(join(proj, 'build.mjs'))});
    const first = await loadGildeck();
    writeFileSync(${JSON.stringify(join(proj, 'src/cli/later.ts'))}, 'export const value = 2; // edited\\n');
    const second = await loadGildeck();
    console.log(first.stamp !== second.stamp, await second.later(), await first.later());
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: proj, encoding: 'utf8' });
  expect(out.trim()).toBe('true 2 1');
});

test('a CLI cache that cannot be written is a one-line error, not a stack trace', () => {
  mkdirSync(join(proj, 'node_modules/.cache'));
  writeFileSync(join(proj, 'node_modules/.cache/gildeck'), 'not a folder');
  const r = spawnSync(process.execPath, ['build.mjs', 'build'], { cwd: proj, encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: could not load gildeck's CLI .*node_modules\/\.cache\/gildeck.*: .*(EEXIST|ENOTDIR)/)]);
});
