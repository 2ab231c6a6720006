import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['build.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
/** Every path under `dir` that is a symbolic link. */
const links = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => lstatSync(join(dir, p)).isSymbolicLink());

describe('node build.mjs build', () => {
  let work: string;
  let slides: string;
  let out: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-cli-'));
    slides = join(work, 'slides');
    out = join(work, 'dist');
    cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), slides, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('writes index.html with its start stylesheet and first-paint script inline, a content-hashed runtime, and prints a summary', () => {
    const r = cli('build', '--slides', slides, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/built .*: 11 slides, 3 acts \+ prologue, 1 widget, [\d.]+ KB in \d+ ms/);
    const files = readdirSync(out);
    expect(files).toContain('index.html');
    expect(files.some((f) => /^gildeck\.[A-Z0-9]{8}\.js$/.test(f))).toBe(true);
    // The start stylesheet and the first-paint script are in the page: no file of their own.
    expect(files.some((f) => /^gildeck\.[A-Z0-9]{8}\.css$/.test(f) || f.includes('first-paint'))).toBe(false);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<style>[^<]*\.reveal /);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // A classic script (not a module), so the folder works from file:// and any static server, started by the
    // first-paint script at the end of the body.
    expect(html).toMatch(/<script data-gildeck-runtime="(gildeck\.widgets\.[A-Z0-9]{8}\.js )?gildeck\.[A-Z0-9]{8}\.js">[^\n]*data-gildeck-runtime[^\n]*\n?<\/script>\n<\/body>/);
    expect(html).not.toContain('<script defer');
  });

  test('a failed build prints every error with its position, exits 1 and leaves the previous output untouched', () => {
    const before = readFileSync(join(out, 'index.html'), 'utf8');
    const file = join(slides, '02-more.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('::timeline{workers=2}', '::timeline{workers=99 strategy=thread}\n\n::gill'));
    try {
      const r = cli('build', '--slides', slides, '--out', out);
      expect(r.status).toBe(1);
      const shown = relativeTo(r.stderr, work);
      expect(shown).toContain('slides/02-more.md:7:12 error: "workers" of widget "timeline" must be a whole number from 1 to 16, not "99"');
      expect(shown).toContain('slides/02-more.md:7:23 error: "strategy" of widget "timeline" must be one of');
      expect(shown).toContain('hint: did you mean "threads"?');
      expect(shown).toContain('slides/02-more.md:9:1 error: unknown directive "::gill"');
      expect(r.stderr).toMatch(/build failed: 3 errors/);
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(before);
      expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      writeFileSync(file, good);
    }
  });

  test('the deck\'s own assets/ is copied next to index.html; a local file that is missing is a warning with its position', () => {
    const deck = join(work, 'own');
    mkdirSync(join(deck, 'assets'), { recursive: true });
    writeFileSync(join(deck, 'assets', 'here.png'), 'png');
    writeFileSync(join(deck, 'deck.md'), '# A\n\n![here](assets/here.png)\n\n![gone](assets/gone.png)\n');
    const r = cli('build', '--slides', deck, '--out', join(work, 'own-dist'));
    expect(r.status).toBe(0);
    expect(existsSync(join(work, 'own-dist', 'assets', 'here.png'))).toBe(true);
    expect(relativeTo(r.stdout, work)).toContain('own/deck.md:5:1 warning: "assets/gone.png" is not in the built deck, so it will not load');
    expect(r.stdout).not.toContain('here.png" is not');
  });

  test('a missing slides folder is a usage error that says what to pass', () => {
    const r = cli('build', '--slides', join(work, 'nope'), '--out', join(work, 'never'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such file or folder; pass --slides');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test('--out naming a folder with files gildeck did not write is refused (exit 2, naming the folder and --force); nothing in it changes', () => {
    mkdirSync(join(work, 'notes'));
    writeFileSync(join(work, 'notes', 'keep.txt'), 'x');
    const r = cli('build', '--slides', slides, '--out', join(work, 'notes'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/notes: the folder is not empty and is not a gildeck build/);
    expect(r.stderr).toContain('--force');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(work, 'notes'))).toEqual(['keep.txt']);
  });

  test('--out naming a file, the slides or the folder holding them is refused, even with --force', () => {
    writeFileSync(join(work, 'f.txt'), 'mine');
    for (const bad of [join(work, 'f.txt'), slides, work]) {
      for (const force of [[], ['--force']]) {
        const r = cli('build', '--slides', slides, '--out', bad, ...force);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/--out .*: (is a file|is the slides|holds the slides)/);
      }
    }
    expect(readFileSync(join(work, 'f.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(slides).sort()).toEqual(['01-intro.md', '02-more.md']);
  });

  test('the build never emits a symbolic link: links inside the deck are copied as files, a link leaving the project or a loop is an error at its path and at the slide loading it', () => {
    const deck = join(work, 'linked');
    mkdirSync(join(deck, 'assets', 'sub'), { recursive: true });
    writeFileSync(join(deck, 'assets', 'sub', 'a.png'), 'png');
    symlinkSync('sub/a.png', join(deck, 'assets', 'b.png'));
    symlinkSync('sub', join(deck, 'assets', 'dir'));
    writeFileSync(join(deck, 'deck.md'), '# A\n\n![b](assets/b.png)\n');
    const dist = join(work, 'linked-dist');
    const ok = cli('build', '--slides', deck, '--out', dist);
    expect(ok.status, ok.stderr).toBe(0);
    expect(links(dist)).toEqual([]);
    expect(readFileSync(join(dist, 'assets', 'b.png'), 'utf8')).toBe('png');
    expect(readFileSync(join(dist, 'assets', 'dir', 'a.png'), 'utf8')).toBe('png');
    const before = readFileSync(join(dist, 'index.html'), 'utf8');

    symlinkSync('/etc/passwd', join(deck, 'assets', 'p.txt'));
    symlinkSync('/etc', join(deck, 'assets', 'etc-dir'));
    symlinkSync('..', join(deck, 'assets', 'up'));
    writeFileSync(join(deck, 'deck.md'), '# A\n\n![b](assets/b.png)\n\n![p](assets/p.txt)\n');
    const r = cli('build', '--slides', deck, '--out', dist);
    expect(r.status).toBe(1);
    const shown = relativeTo(r.stderr, work);
    expect(shown).toContain('linked/assets/p.txt:1:1 error: is a symbolic link to /etc/passwd, outside the project');
    expect(shown).toContain('linked/assets/etc-dir:1:1 error: is a symbolic link to /etc, outside the project');
    expect(shown).toMatch(/linked\/assets\/up:1:1 error: is a symbolic link to .*a loop/);
    expect(shown).toContain('linked/deck.md:5:1 error: "assets/p.txt" is a symbolic link to /etc/passwd');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(before);
    expect(links(dist)).toEqual([]);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  // Root ignores permissions, so the child runs as root without the capabilities that bypass them (setpriv).
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  test.runIf(process.getuid?.() !== 0 || setpriv)('a read-only output folder is a one-line error (exit 1) and the previous output stays', () => {
    const parent = join(work, 'ro');
    const dist = join(parent, 'dist');
    expect(cli('build', '--slides', slides, '--out', dist).status).toBe(0);
    const before = readFileSync(join(dist, 'index.html'), 'utf8');
    chmodSync(parent, 0o555);
    try {
      const args = [process.execPath, 'build.mjs', 'build', '--slides', slides, '--out', dist];
      const r = process.getuid?.() === 0
        ? spawnSync(setpriv!, ['--bounding-set=-dac_override,-dac_read_search,-fowner', '--', ...args], { cwd: ROOT, encoding: 'utf8' })
        : spawnSync(args[0]!, args.slice(1), { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: cannot write .*ro\/dist\/: permission denied \(EACCES\); make .*ro\/ .*writable.*left as it was/);
    } finally {
      chmodSync(parent, 0o755);
    }
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(before);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  // A real full disk: a 700 KB tmpfs in a private mount namespace holds one build (~450 KB) but not a second.
  const canMount = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { stdio: 'ignore' }).status === 0;
  test.runIf(canMount)('a full disk is a one-line error (exit 1) and the previous output stays, with no temp folder left', () => {
    const disk = join(work, 'small');
    mkdirSync(disk);
    const build = `"${process.execPath}" build.mjs build --slides "${slides}" --out "${disk}/dist"`;
    const script = `mount -t tmpfs -o size=700k tmpfs "${disk}" && ${build} >/dev/null && sha1sum < "${disk}/dist/index.html" && ${build}; echo "rc=$?"; sha1sum < "${disk}/dist/index.html"; ls -A "${disk}"`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { cwd: ROOT, encoding: 'utf8' });
    const [before, rc, after, ...left] = r.stdout.trim().split('\n');
    expect(rc).toBe('rc=1');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: cannot write .*small\/dist\/: no space left on device \(ENOSPC\); free some space and build again; .*left as it was/);
    expect(after).toBe(before);
    expect(left).toEqual(['dist']);
  });

  test.each(['build', 'serve'])('%s --help describes its options', (command) => {
    const r = cli(command, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: node build.mjs ${command}`);
    expect(r.stdout).toContain('--slides');
  });

  test('an unknown command or option is rejected with usage', () => {
    expect(cli('bild').stderr).toContain('unknown command "bild"');
    const r = cli('build', '--slide', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--slide'");
  });
});

/** Errors name files relative to the working directory; make them relative to the temp folder for matching. */
function relativeTo(text: string, dir: string): string {
  return text.replaceAll(`${resolve(dir).replace(/^\//, '')}/`, '').replace(/(\.\.\/)+tmp\/[^/]+\//g, '');
}
