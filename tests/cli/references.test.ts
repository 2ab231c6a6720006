import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'build.mjs'), ...args], { cwd: work, encoding: 'utf8' });
let work: string;

const DECK = `---
title: Reference test
---

# Races

::race{workers=2 increments=1000 modes=threads}

---

::race{workers=2 increments=2000 modes=threads}

---

::race{increments=1000 modes=threads workers=2}
`;

/** The reference runs a built page embeds, by key. */
const embedded = (out: string): Record<string, { widget: string; attributes: Record<string, unknown> }> => {
  const m = /<script type="application\/json" id="gildeck-references">(.*?)<\/script>/s.exec(readFileSync(join(out, 'index.html'), 'utf8'));
  return m ? JSON.parse(m[1]!) : {};
};
const identity = (out: string) => /<meta name="gildeck-deck" content="([^"]*)">/.exec(readFileSync(join(out, 'index.html'), 'utf8'))?.[1];

describe('reference runs per widget instance', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-refs-'));
    writeFileSync(join(work, 'talk.md'), DECK);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a deck without a references folder builds without warnings and embeds no other configuration\'s run', () => {
    const r = cli('build', '--slides', 'talk.md', '--out', 'dist');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/warning/);
    expect(embedded(join(work, 'dist'))).toEqual({});
  });

  test('record-references runs each configuration of the deck once and stores it next to the deck, labelled', () => {
    const r = cli('record-references', '--slides', 'talk.md');
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(join(work, '.gildeck/references')).sort();
    // Three instances, two configurations (the third has the first one's attributes in another order).
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(f).toMatch(/^race-[0-9a-f]{12}\.json$/);
      const run = JSON.parse(readFileSync(join(work, '.gildeck/references', f), 'utf8'));
      expect(run).toMatchObject({ widget: 'race', key: f.replace('.json', ''), runtime: expect.stringMatching(/^Node \d+ worker threads$/), cores: expect.any(Number), engine: expect.stringMatching(/^gildeck [\d.]+, worker [0-9a-f]{12}$/) });
      expect(Date.parse(run.recordedAt)).not.toBeNaN();
    }
    expect(r.stdout).toMatch(/reference run: Node \d+ worker threads, \d+ cores?, \d{4}-\d\d-\d\d/);
  });

  test('the build embeds each instance\'s own run, and the same deck always gets the same identity', () => {
    const r = cli('build', '--slides', 'talk.md', '--out', 'dist');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/warning/);
    const runs = embedded(join(work, 'dist'));
    expect(Object.values(runs).map((x) => x.attributes.increments).sort()).toEqual([1000, 2000]);
    expect(identity(join(work, 'dist'))).toMatch(/^Reference test #[0-9a-f]{12}$/);
    const again = cli('build', '--slides', 'talk.md', '--out', 'dist2');
    expect(again.status).toBe(0);
    expect(identity(join(work, 'dist2'))).toBe(identity(join(work, 'dist')));
  });

  test('an instance whose settings have no run is a warning at its position with the command that records it', () => {
    writeFileSync(join(work, 'talk.md'), `${DECK}\n---\n\n::race{workers=3 increments=1000 modes=threads}\n`);
    const r = cli('build', '--slides', 'talk.md', '--out', 'dist');
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/talk\.md:19:1 warning: widget "race" has no reference run for these settings/);
    expect(out).toContain('node build.mjs record-references --slides talk.md --missing race');
    expect(Object.keys(embedded(join(work, 'dist')))).toHaveLength(2);
    const rec = cli('record-references', '--slides', 'talk.md', '--missing');
    expect(rec.status, rec.stderr).toBe(0);
    expect(rec.stdout.trim().split('\n')).toHaveLength(1);
    expect(rec.stdout).toContain("talk.md:19");
    expect(readdirSync(join(work, '.gildeck/references'))).toHaveLength(3);
  });

  test('record-references removes the runs it wrote for settings no widget has any more, and nothing else', () => {
    const dir = join(work, '.gildeck/references');
    const before = readdirSync(dir).sort();
    // The fourth instance (workers=3) leaves the deck; a file of the presenter's own and a look-alike stay.
    writeFileSync(join(work, 'talk.md'), DECK);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'race-0123456789ab.json'), '{"widget":"race","key":"someone else"}');
    const rec = cli('record-references', '--slides', 'talk.md', '--missing');
    expect(rec.status, rec.stderr).toBe(0);
    const after = readdirSync(dir).sort();
    const gone = before.filter((f) => !after.includes(f));
    expect(gone).toHaveLength(1);
    expect(rec.stdout).toContain(`removed .gildeck/references/${gone[0]}: no widget of the deck has these settings any more`);
    expect(after).toEqual(expect.arrayContaining(['notes.txt', 'race-0123456789ab.json']));
    expect(rec.stdout).toContain('nothing to record');
    rmSync(join(dir, 'notes.txt'));
    rmSync(join(dir, 'race-0123456789ab.json'));
  });

  test('a damaged reference file is a warning naming it, not a crash, and is not embedded', () => {
    const dir = join(work, '.gildeck/references');
    const [first] = readdirSync(dir).sort();
    writeFileSync(join(dir, first!), '{ not json');
    const r = cli('build', '--slides', 'talk.md', '--out', 'dist');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`warning: the reference run .*${first!.replace('.', '\\.')} is not valid JSON`));
    expect(Object.keys(embedded(join(work, 'dist')))).not.toContain(first!.replace('.json', ''));
  });

  test('record-references names an unknown widget and the ones there are', () => {
    const r = cli('record-references', '--slides', 'talk.md', 'racer');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"racer" is not a live widget; live widgets: .*race/);
  });

  test('a deck\'s reference runs are committed with it: git does not ignore them', () => {
    const r = spawnSync('git', ['check-ignore', '--no-index', '-q', 'slides/.gildeck/references/timeline-0123456789ab.json'], { cwd: ROOT });
    // 1: not ignored (0 would mean ignored; 128: no git here, nothing to check).
    if (r.status !== 128) expect(r.status).toBe(1);
  });
});
