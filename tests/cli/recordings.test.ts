import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'tests/fixtures/recordings/threads-2.jsonl');
const cli = (...args: string[]) => spawnSync(process.execPath, ['build.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('a widget with trace= (a recording of real Python)', () => {
  let work: string;
  const deck = (name: string, md: string) => {
    const dir = join(work, name);
    mkdirSync(join(dir, 'assets', 'traces'), { recursive: true });
    cpSync(FIXTURE, join(dir, 'assets', 'traces', 'threads-2.jsonl'));
    writeFileSync(join(dir, 'talk.md'), `# A talk\n\n---\n\n${md}\n`);
    return dir;
  };
  const build = (dir: string) => cli('build', '--slides', dir, '--out', join(dir, 'dist'));

  beforeAll(() => (work = mkdtempSync(join(tmpdir(), 'gildeck-rec-'))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the build embeds the recording and marks the widget with it', () => {
    const dir = deck('ok', '::timeline{strategy=threads workers=2 workload=countdown trace=assets/traces/threads-2.jsonl}');
    const r = build(dir);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'dist', 'index.html'), 'utf8');
    expect(html).toContain('data-trace="assets/traces/threads-2.jsonl"');
    expect(html).toMatch(/<script type="application\/json" id="gildeck-recordings">\{"assets\/traces\/threads-2\.jsonl":"\{\\"type\\":\\"header\\"/);
  });

  test('a recording that is missing, not a recording, or of another run is an error at the widget, saying what to do', () => {
    const missing = build(deck('missing', '::timeline{strategy=threads workers=2 workload=countdown trace=assets/traces/nope.jsonl}'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/talk\.md:5:1 error: trace="assets\/traces\/nope\.jsonl": no such file/);
    expect(missing.stderr).toMatch(/node build\.mjs record --out assets\/traces\/nope\.jsonl/);

    const other = build(deck('other', '::timeline{strategy=threads workers=4 workload=primes trace=assets/traces/threads-2.jsonl}'));
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/does not fit this timeline widget: it recorded 2 workers, this widget says 4: write workers=2; it recorded workload countdown, this widget says primes: write workload=countdown/);

    const bad = deck('bad', '::timeline{strategy=threads workers=2 workload=countdown trace=assets/traces/threads-2.jsonl}');
    writeFileSync(join(bad, 'assets/traces/threads-2.jsonl'), `${readFileSync(FIXTURE, 'utf8').split('\n')[0]}\n{oops\n`);
    const r = build(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/threads-2\.jsonl:2:1: not a JSON line/);
  });

  test('a recording linked from outside the project is refused', () => {
    const dir = deck('link', '::timeline{strategy=threads workers=2 workload=countdown trace=assets/traces/out.jsonl}');
    const outside = mkdtempSync(join(tmpdir(), 'gildeck-outside-'));
    cpSync(FIXTURE, join(outside, 'r.jsonl'));
    symlinkSync(join(outside, 'r.jsonl'), join(dir, 'assets/traces/out.jsonl'));
    const r = build(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a link to .*r\.jsonl, outside the project/);
    rmSync(outside, { recursive: true, force: true });
  });

  test("compare's python= takes timed pairs (record --speedups), not a run, and the build embeds them", () => {
    const dir = deck('speedups', '::compare{python=assets/traces/speedups.jsonl}');
    const header = { ...JSON.parse(readFileSync(FIXTURE, 'utf8').split('\n')[0]!), kind: 'speedups', strategy: 'sequential', workload: 'primes' };
    const pair = { type: 'pair', strategy: 'threads', workers: 2, seqMs: 200, wallMs: 204 };
    writeFileSync(join(dir, 'assets/traces/speedups.jsonl'), `${JSON.stringify(header)}\n${JSON.stringify(pair)}\n${JSON.stringify(pair)}\n`);
    const ok = build(dir);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(join(dir, 'dist/index.html'), 'utf8')).toContain('id="gildeck-recordings">{"assets/traces/speedups.jsonl"');
    const run = build(deck('run-for-compare', '::compare{python=assets/traces/threads-2.jsonl}'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/python="assets\/traces\/threads-2\.jsonl": does not fit this compare widget: it is a recording of one run; the compare table takes timed pairs/);
  });

  test('trace= is for widgets that can draw a recording, and takes a path inside the project', () => {
    const speedup = build(deck('speedup', '::speedup{trace=assets/traces/threads-2.jsonl}'));
    expect(speedup.status).toBe(1);
    expect(speedup.stderr).toMatch(/unknown attribute "trace" for widget "speedup"/);
    const url = build(deck('url', '::timeline{trace=https://example.com/t.jsonl}'));
    expect(url.status).toBe(1);
    expect(url.stderr).toMatch(/"trace" of widget "timeline" must be a path to a .jsonl recording, not "https:\/\/example\.com\/t\.jsonl"/);
    const up = build(deck('up', '::timeline{trace=../t.jsonl}'));
    expect(up.stderr).toMatch(/no "\.\." in its path/);
  });
});
