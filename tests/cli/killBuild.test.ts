import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFiles } from '../../src/bench/pageBytes.js';

const ROOT = resolve(import.meta.dirname, '../..');
const KILLS = 30;
const ASSETS = 300;

/** mulberry32: the kill instants are random but the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A complete build: index.html, every script and stylesheet it names (the runtime its first-paint script starts), and all of assets/. */
function complete(out: string): boolean {
  if (!existsSync(join(out, 'index.html'))) return false;
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  const refs = startFiles(html);
  return refs.length >= 1 && refs.every((r) => existsSync(join(out, r))) && readdirSync(join(out, 'assets')).length === ASSETS;
}

let work: string;
let slides: string;
let out: string;
const build = () => spawnSync(process.execPath, ['build.mjs', 'build', '--slides', slides, '--out', out], { cwd: ROOT, encoding: 'utf8' });
const temps = () => readdirSync(work).filter((n) => n.includes('.tmp-'));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gildeck-kill-'));
  slides = join(work, 'slides');
  out = join(work, 'dist');
  cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), slides, { recursive: true });
  // Enough assets that writing the output takes a good share of a build, so kills land in it.
  mkdirSync(join(slides, 'assets'));
  for (let i = 0; i < ASSETS; i++) writeFileSync(join(slides, 'assets', `a${i}.bin`), Buffer.alloc(16 * 1024, i));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test(`builds killed (-9) at ${KILLS} seeded random instants always leave a complete build at --out, or one the next build restores, and no temp folders after it`, { timeout: 120_000 }, async () => {
  expect(build().status).toBe(0);
  const t0 = performance.now();
  expect(build().status).toBe(0);
  const full = performance.now() - t0;
  const next = random(8);
  const seen = { whole: 0, missing: 0, withTemps: 0 };
  const good = readFileSync(join(slides, '02-more.md'), 'utf8');
  for (let i = 0; i < KILLS; i++) {
    writeFileSync(join(slides, '01-intro.md'), `# Take ${i}\n\n${readFileSync(join(ROOT, 'tests/fixtures/e2e-deck/01-intro.md'), 'utf8')}`);
    const child = spawn(process.execPath, ['build.mjs', 'build', '--slides', slides, '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((done) => child.once('exit', done));
    await new Promise((r) => setTimeout(r, next() * full * 1.1));
    child.kill('SIGKILL');
    await exited;

    const whole = complete(out);
    if (whole) seen.whole++;
    else {
      seen.missing++;
      // Not whole at this instant: only allowed mid-swap, with the old build aside for the next run.
      expect(readdirSync(work).some((n) => /^\.dist\.tmp-\d+-\d+\.old$/.test(n)), `kill ${i}: --out is incomplete and nothing to restore`).toBe(true);
    }
    if (temps().length) seen.withTemps++;

    // Every other next build fails to compile: it must still restore the old output and clean up.
    const broken = i % 2 === 1;
    if (broken) writeFileSync(join(slides, '02-more.md'), `${good}\n\n::nope\n`);
    const r = build();
    if (broken) writeFileSync(join(slides, '02-more.md'), good);
    expect(r.status, r.stderr).toBe(broken ? 1 : 0);
    expect(complete(out), `after kill ${i} and the next build`).toBe(true);
    expect(temps(), `after kill ${i} and the next build`).toEqual([]);
  }
  console.log(`kill -9 x${KILLS} (build ${full.toFixed(0)} ms): --out whole ${seen.whole}, mid-swap ${seen.missing}; temp folders left by ${seen.withTemps} kills, all cleaned by the next build`);
  expect(seen.withTemps).toBeGreaterThan(0);
});
