import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ROOT } from '../support/serve.js';

/** esbuild processes whose parent is `pid`, live or exited but never reaped (zombies), from /proc. */
function esbuildChildren(pid: number): Array<{ pid: number; zombie: boolean }> {
  const found: Array<{ pid: number; zombie: boolean }> = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const stat = (() => {
      try {
        return readFileSync(`/proc/${name}/stat`, 'utf8');
      } catch {
        return '';
      }
    })();
    const m = /^\d+ \((.*)\) (\S) (\d+)/.exec(stat);
    if (m && m[1] === 'esbuild' && Number(m[3]) === pid) found.push({ pid: Number(name), zombie: m[2] === 'Z' });
  }
  return found;
}

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

// A copy of the project, so its src/ can be edited (its node_modules links to ours, its cache is its own).
let proj: string;
let serve: ChildProcess;
let output = '';
beforeAll(async () => {
  proj = mkdtempSync(join(tmpdir(), 'gildeck-serve-stop-'));
  cpSync(join(ROOT, 'src'), join(proj, 'src'), { recursive: true });
  cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), join(proj, 'slides'), { recursive: true });
  for (const f of ['build.mjs', 'package.json', 'tsconfig.json']) copyFileSync(join(ROOT, f), join(proj, f));
  mkdirSync(join(proj, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules')).filter((n) => n !== '.cache')) symlinkSync(join(ROOT, 'node_modules', name), join(proj, 'node_modules', name));
  serve = spawn(process.execPath, ['build.mjs', 'serve', '--port', '0'], { cwd: proj, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((ok, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/serving .* at http/.test(output)) ok();
    };
    serve.stdout!.on('data', onData);
    serve.stderr!.on('data', onData);
    serve.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
  });
}, 120_000);
afterAll(() => {
  if (serve.exitCode === null) serve.kill('SIGKILL');
  rmSync(proj, { recursive: true, force: true });
});

test.skipIf(!existsSync('/proc/self/stat'))(
  'after 10 slide edits and 20 src/ edits, Ctrl-C ends serve with no esbuild process left, and esbuild processes never pile up',
  { timeout: 120_000 },
  async () => {
    const seen = new Set<number>();
    let most = 0;
    const sample = () => {
      const now = esbuildChildren(serve.pid!);
      for (const c of now) seen.add(c.pid);
      most = Math.max(most, now.length);
    };
    const slide = join(proj, 'slides/02-more.md');
    const slideText = readFileSync(slide, 'utf8');
    for (let i = 0; i < 10; i++) {
      writeFileSync(slide, `${slideText}\n\n## Edit ${i}\n`);
      await new Promise((r) => setTimeout(r, 600));
      sample();
    }
    const theme = join(proj, 'src/runtime/theme.css');
    const themeText = readFileSync(theme, 'utf8');
    for (let i = 0; i < 20; i++) {
      writeFileSync(theme, `${themeText}\n.gd-edit-${i} { color: red }\n`);
      await new Promise((r) => setTimeout(r, 400));
      sample();
    }
    await new Promise((r) => setTimeout(r, 3000));
    sample();
    const exited = new Promise<number | null>((ok) => serve.once('exit', ok));
    serve.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running 15 s after Ctrl-C'), 15_000))]);
    expect(code).toBe(0);
    // One esbuild for serve's own page script, one for the worker's build in progress, one being stopped.
    expect(most).toBeLessThanOrEqual(3);
    // esbuild's service ends when serve does; its exit may lag serve's by a moment, never more than a few seconds.
    await expect.poll(() => [...seen].filter(alive), { timeout: 3000 }).toEqual([]);
    expect(output).not.toMatch(/rebuild failed|ERR_MODULE_NOT_FOUND|\n\s+at /);
  },
);
