import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../support/serve.js';

const DECK = `# Races

::race{workers=2 increments=1000 modes=threads,free-threading}

---

::race{workers=2 increments=1000 modes=threads,free-threading}

---

::timeline{strategy=threads workers=2 duration=0.1 controls=false}
`;

describe('export trace', () => {
  let work: string;
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'build.mjs'), 'export', 'trace', '--slides', join(work, 'talk.md'), ...args], { cwd: work, encoding: 'utf8' });
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-trace-'));
    writeFileSync(join(work, 'talk.md'), DECK);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('every run of each widget configuration, as one Chrome trace with a named process per run', () => {
    const r = cli('--out', 'runs.json');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote runs\.json: 3 runs of 2 widgets/);
    const trace = JSON.parse(readFileSync(join(work, 'runs.json'), 'utf8'));
    const names = trace.traceEvents.filter((e: { name: string }) => e.name === 'process_name').map((e: { args: { name: string } }) => e.args.name);
    expect(names).toEqual([
      expect.stringMatching(/^race at talk\.md:3, run 1: threads: countdown, 2 workers/),
      expect.stringMatching(/^race at talk\.md:3, run 2: free-threading: countdown, 2 workers/),
      expect.stringMatching(/^timeline at talk\.md:11, run 1: threads: primes, 2 workers/),
    ]);
    expect(trace.traceEvents.some((e: { ph: string }) => e.ph === 'X')).toBe(true);
    // Written aside and renamed: nothing else is left in the folder.
    expect(readdirSync(work).sort()).toEqual(['runs.json', 'talk.md']);
  });

  test('only the widgets named; a name that is no widget is an error that lists them', () => {
    expect(cli('--out', 'races.json', 'race').stdout).toMatch(/2 runs of 1 widget\b/);
    const bad = cli('--out', 'x.json', 'racer');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/"racer" is not a live widget; live widgets: timeline, /);
  });

  test('an --out that is not an earlier trace is left alone', () => {
    writeFileSync(join(work, 'data.json'), '{"mine": true}');
    const r = cli('--out', 'data.json', 'race');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/data\.json exists and is not Chrome trace JSON gildeck exported/);
    expect(readFileSync(join(work, 'data.json'), 'utf8')).toBe('{"mine": true}');
  });
});
