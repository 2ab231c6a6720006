import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['build.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });

describe("a deck's own theme files, built", () => {
  let work: string;
  let slides: string;
  let out: string;
  const talk = (frontMatter: string[]) => writeFileSync(join(slides, 'talk.md'), ['---', 'title: T', ...frontMatter, '---', '', '# Hello', ''].join('\n'));

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-theme-'));
    slides = join(work, 'talk');
    out = join(work, 'dist');
    mkdirSync(join(slides, 'assets'), { recursive: true });
    mkdirSync(join(slides, 'styles/img'), { recursive: true });
    writeFileSync(join(slides, 'assets/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    writeFileSync(join(slides, 'assets/Body.woff2'), 'not really a font');
    writeFileSync(join(slides, 'styles/theme.css'), '@import "extra.css";\n.reveal h1 { color: var(--gd-accent); }\n');
    writeFileSync(join(slides, 'styles/extra.css'), '.reveal { background: url(img/bg.svg); }\n');
    writeFileSync(join(slides, 'styles/img/bg.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the logo, the fonts, the stylesheet and what it loads are copied into the output, where the page names them', () => {
    talk(['logo: assets/logo.svg', 'fonts: { body: assets/Body.woff2 }', 'style: styles/theme.css', 'accent: "#e63946"', 'footer: Hi']);
    const r = cli('build', '--slides', slides, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of ['assets/logo.svg', 'assets/Body.woff2', 'styles/theme.css', 'styles/extra.css', 'styles/img/bg.svg']) expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<link rel="stylesheet" href="styles/theme.css" data-gd-deck-style>');
    expect(html).toContain('src:url("assets/Body.woff2") format("woff2")');
    expect(html).toContain('<img class="gd-logo" src="assets/logo.svg" alt="">');
  });

  test("an off-origin url() in the deck's stylesheet fails the build at its position; a missing file is a warning at the key", () => {
    const before = readFileSync(join(out, 'index.html'), 'utf8');
    writeFileSync(join(slides, 'styles/extra.css'), '.reveal {\n  background: url(img/bg.svg);\n  font-family: X;\n}\n@import url("https://fonts.example/css?family=Inter");\n');
    talk(['logo: assets/missing.png', 'style: styles/theme.css']);
    const r = cli('build', '--slides', slides, '--out', out);
    expect(r.status).toBe(1);
    // Paths are shown relative to the working folder: keep what follows the temporary folder's name.
    const shown = (r.stdout + r.stderr).replace(/^\S*gildeck-theme-[^/]+\//gm, '');
    expect(shown).toContain('talk/styles/extra.css:5:13 error: "https://fonts.example/css?family=Inter" would be fetched from the network; decks work offline');
    expect(shown).toContain('talk/talk.md:3:7 warning: the logo "assets/missing.png" is not in the deck\'s folder');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(before);
  });
});
