import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDeck } from '../../src/cli/build.js';
import { deckChunks, RuntimeBundler } from '../../src/cli/runtimeBundle.js';
import { LIVE_WIDGETS } from '../../src/widgets/registry.js';
import { inlineText, startFiles } from '../../src/bench/pageBytes.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Text only the engine's code has (its worker starts from a Blob of its own source), and text only widget code has. */
const ENGINE_TEXT = 'new Worker(';
const WIDGET_TEXT = 'scheduling approximate';
/** Text only the URL-option checker has. */
const URL_CHECKER_TEXT = 'not an option the URL may set';
/** Text only the kiosk's code has, only print view's, and only the URL note's. */
const KIOSK_TEXT = 'Visitor mode: the tour resumes';
const PRINT_TEXT = 'gildeck-print';
const URL_NOTES_TEXT = 'did not take as written';
/** The units every deck lists, loaded on demand. */
const RUNTIME = ['auto-animate', 'kiosk', 'later', 'notes', 'overlay', 'print', 'reveal-extras', 'scroll-view', 'transitions', 'url-notes', 'url-options'];

describe('per-deck bundles', () => {
  let work: string;
  const bundler = new RuntimeBundler(ROOT);
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-chunks-'));
  });
  afterAll(async () => {
    await bundler.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  async function build(name: string, markdown: string): Promise<{ files: string[]; text: string; html: string; manifest: Record<string, { js: string[]; css: string[] }> }> {
    const md = join(work, `${name}.md`);
    writeFileSync(md, markdown);
    const out = join(work, name);
    const s = await buildDeck({ root: ROOT, slides: md, out, bundler, rebundle: true });
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const files = readdirSync(out).filter((f) => /\.(js|css)$/.test(f) && f !== 'gildeck-sw.js');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const json = /<script type="application\/json" id="gildeck-chunks">([^<]*)<\/script>/.exec(html)?.[1];
    return { files, text: files.map((f) => readFileSync(join(out, f), 'utf8')).join('\n'), html, manifest: json ? JSON.parse(json) : {} };
  }

  test('a deck with no widgets ships reveal.js, the runtime, the speaker view and the URL-option checker (both on demand): no widget or engine code', async () => {
    const { files, text, html, manifest } = await build('plain', '# One\n\n---\n\n# Two\n');
    expect(Object.keys(manifest).sort()).toEqual(RUNTIME);
    // The checker (the front matter's schema) is loaded only by an address with options, never at start; the
    // kiosk only with ?kiosk, print view's page fitting only in print view, the URL note only when there is one.
    const start = files.filter((f) => /^gildeck\.[A-Z0-9]{8}\.js$/.test(f)).map((f) => readFileSync(join(work, 'plain', f), 'utf8')).join('\n');
    const unit = (u: string) => manifest[u]!.js.map((f) => readFileSync(join(work, 'plain', f), 'utf8')).join('\n');
    for (const [u, text] of [['url-options', URL_CHECKER_TEXT], ['kiosk', KIOSK_TEXT], ['print', PRINT_TEXT], ['url-notes', URL_NOTES_TEXT]] as const) {
      expect(start).not.toContain(text);
      expect(unit(u)).toContain(text);
    }
    // reveal.css's print, scroll-view, overlay and other transitions' rules are in their units' stylesheets, not the
    // one every page loads.
    // (The start stylesheet is inline in the page.)
    const startCss = inlineText(html, 'style');
    const css = (u: string) => manifest[u]!.css.map((f) => readFileSync(join(work, 'plain', f), 'utf8')).join('\n');
    for (const [u, selector] of [['print', 'html.reveal-print .reveal .slides{'], ['scroll-view', '.reveal-viewport.reveal-scroll .scroll-page'], ['overlay', '.r-overlay-viewport'], ['transitions', '[data-transition=zoom]'], ['reveal-extras', '.fragment.grow'], ['later', '@media print{html:not(.print-pdf)'], ['later', '.reveal.overview .slides section{'], ['auto-animate', '[data-auto-animate-target^=unmatched]']] as const) {
      expect(startCss).not.toContain(selector);
      expect(css(u)).toContain(selector);
    }
    const listed = Object.values(manifest).flatMap((u) => [...u.js, ...u.css]);
    expect(files.filter((f) => !listed.includes(f)).map((f) => f.replace(/\.[A-Z0-9]{8}\./, '.HASH.')).sort()).toEqual(['gildeck.HASH.js']);
    expect(files.some((f) => /^gildeck\.(engine|w-|widgets\.)/.test(f))).toBe(false);
    // Nor the plugin that mounts widgets, nor their frames' stylesheet, nor the acts' (this deck has none).
    expect(start).not.toContain('gildeck-widgets');
    expect(startCss).not.toContain('gd-w-head');
    expect(startCss).not.toContain('.gd-act-label');
    expect(text).not.toContain(ENGINE_TEXT);
    expect(text).not.toContain(WIDGET_TEXT);
  });

  test('a deck with one widget ships that widget and the engine, loaded on demand, and no other widget', async () => {
    const { files, text, html, manifest } = await build('one', '# One\n\n---\n\n::gil{workers=2}\n');
    expect(Object.keys(manifest).sort()).toEqual([...RUNTIME, 'engine', 'gil'].sort());
    // The page starts the widgets' plugin, then the runtime (named on its first-paint script, in that order); its
    // stylesheets, the widgets' frames' included, are inline; the chunks are listed, not linked.
    expect(startFiles(html)).toEqual([expect.stringMatching(/^gildeck\.widgets\.[A-Z0-9]{8}\.js$/), expect.stringMatching(/^gildeck\.[A-Z0-9]{8}\.js$/)]);
    expect(inlineText(html, 'style')).toContain('gd-w-head');
    const listed = new Set(Object.values(manifest).flatMap((u) => [...u.js, ...u.css]));
    expect(files.filter((f) => !/^gildeck\.(widgets\.)?[A-Z0-9]{8}\.js$/.test(f)).sort()).toEqual([...listed].sort());
    for (const other of [...LIVE_WIDGETS.keys()].filter((w) => w !== 'gil')) expect(files.some((f) => f.startsWith(`gildeck.w-${other}.`))).toBe(false);
    expect(files.some((f) => /^gildeck\.w-gil\.[A-Z0-9]{8}\.js$/.test(f))).toBe(true);
    expect(text).toContain(ENGINE_TEXT);
    // The runtime every page loads has neither.
    const core = files.find((f) => /^gildeck\.[A-Z0-9]{8}\.js$/.test(f))!;
    const coreText = readFileSync(join(work, 'one', core), 'utf8');
    expect(coreText).not.toContain(ENGINE_TEXT);
    expect(coreText).not.toContain(WIDGET_TEXT);
  });

  test('only a deck with acts, a logo or a footer carries their stylesheet at start', async () => {
    // The start stylesheets are inline: gildeck's own, then the deck chrome's where the deck has any.
    const starts = (html: string) => [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => (m[1]!.includes('.gd-act-label') ? 'chrome' : 'core'));
    expect(starts((await build('no-acts', '# One\n\n---\n\n# Two\n')).html)).toEqual(['core']);
    expect(starts((await build('acts', '::act[First]\n\n---\n\n# One\n')).html)).toEqual(['core', 'chrome']);
    expect(starts((await build('footer', '---\nfooter: PyCon 2026\n---\n\n# One\n')).html)).toEqual(['core', 'chrome']);
  });

  test('a deck lists its units\' chunks with shared ones first and each entry last, and no unit it does not use', () => {
    const f = (name: string, chunk: { entry?: string; imports: string[] }) => ({ name, contents: new Uint8Array(), chunk });
    const files = [
      { name: 'gildeck.AAAAAAAA.js', contents: new Uint8Array() },
      f('gildeck.chunk.S.js', { imports: [] }),
      f('gildeck.chunk.E.js', { imports: ['gildeck.chunk.S.js'] }),
      f('gildeck.engine.X.js', { entry: 'engine', imports: ['gildeck.chunk.E.js'] }),
      f('gildeck.notes.N.js', { entry: 'notes', imports: ['gildeck.chunk.S.js'] }),
      f('gildeck.w-gil.G.js', { entry: 'gil', imports: ['gildeck.chunk.E.js', 'gildeck.w-gil.G.css'] }),
      f('gildeck.w-gil.G.css', { imports: [] }),
      f('gildeck.w-race.R.js', { entry: 'race', imports: ['gildeck.chunk.E.js'] }),
    ];
    const { manifest, files: written } = deckChunks(files, ['gil', 'gil']);
    expect(manifest.gil).toEqual({ js: ['gildeck.chunk.S.js', 'gildeck.chunk.E.js', 'gildeck.w-gil.G.js'], css: ['gildeck.w-gil.G.css'], entry: 'gildeck.w-gil.G.js' });
    expect(Object.keys(manifest).sort()).toEqual(['engine', 'gil', 'notes']);
    expect(written).not.toContain('gildeck.w-race.R.js');
    expect(Object.keys(deckChunks(files, []).manifest)).toEqual(['notes']);
  });

  test('only a deck with a code block has the code\'s rules at start; every deck has reveal.js\'s optional parts only in their units', async () => {
    const plain = await build('no-code', '# One\n\nSome `inline` code.\n\n---\n\n# Two\n');
    const code = await build('code', '# One\n\n```python\nprint(1)\n```\n');
    const inNotes = await build('code-in-notes', '# One\n\nNote:\n```python\nprint(1)\n```\n');
    expect(inlineText(plain.html, 'style')).not.toContain('.hljs-keyword');
    // Inline code is styled without it.
    expect(inlineText(plain.html, 'style')).toContain('code:not(.hljs)');
    expect(inlineText(code.html, 'style')).toContain('.hljs-keyword');
    expect(inlineText(inNotes.html, 'style')).toContain('.hljs-keyword');
    // The start script's stand-ins name the parts; the parts' code is in their units.
    const start = (d: { files: string[] }, dir: string) => d.files.filter((f) => /^gildeck\.[A-Z0-9]{8}\.js$/.test(f)).map((f) => readFileSync(join(work, dir, f), 'utf8')).join('\n');
    const unit = (d: { manifest: Record<string, { js: string[] }> }, dir: string, u: string) => d.manifest[u]!.js.map((f) => readFileSync(join(work, dir, f), 'utf8')).join('\n');
    for (const [u, text] of [['scroll-view', 'scroll-page-sticky'], ['print', 'pdf-page'], ['auto-animate', 'data-auto-animate-target'], ['reveal-extras', 'observeWindowDelay']] as const) {
      expect(start(plain, 'no-code'), u).not.toContain(text);
      expect(unit(plain, 'no-code', u), u).toContain(text);
    }
  });
});
