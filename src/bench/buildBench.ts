import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDeck } from '../cli/build.js';
import { readDeckFiles } from '../cli/deckFiles.js';
import { RuntimeBundler } from '../cli/runtimeBundle.js';
import { median } from '../stats.js';
import { printTable, writeJson } from './report.js';
import { inlineText, startFiles } from './pageBytes.js';
import { plainDeck } from './plainDeck.js';

/**
 * Gzip (and raw) bytes of a built deck's JS and CSS: at start, what its page carries inline (start stylesheet,
 * first-paint script) and the files it names (the runtime); later, the chunks it loads on demand.
 */
async function deckSizes(dir: string): Promise<{ start: number; later: number; startRaw: number; laterRaw: number }> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const linked = new Set(startFiles(html));
  const sizes = { start: 0, later: 0, startRaw: 0, laterRaw: 0 };
  for (const text of [inlineText(html, 'style'), inlineText(html, 'script')].filter(Boolean)) {
    sizes.start += gzipSync(text, { level: 9 }).byteLength;
    sizes.startRaw += Buffer.byteLength(text);
  }
  for (const f of (await readdir(dir)).filter((f) => /^gildeck\..*\.(js|css)$/.test(f))) {
    const data = await readFile(join(dir, f));
    const at = linked.has(f) ? 'start' : 'later';
    sizes[at] += gzipSync(data, { level: 9 }).byteLength;
    sizes[`${at}Raw`] += data.byteLength;
  }
  return sizes;
}

export interface BuildBenchOptions {
  root: string;
  slides: string;
  json?: string;
  runs?: number;
}

/**
 * Cold build (a fresh `node build.mjs build` process, what a user waits for), no-op and one-slide-edit rebuilds
 * (what `serve` does on save), and output size.
 */
export async function benchBuild(opts: BuildBenchOptions): Promise<void> {
  const runs = opts.runs ?? 5;
  const work = await mkdtemp(join(tmpdir(), 'gildeck-bench-'));
  try {
    const slides = join(work, 'slides');
    await cp(opts.slides, slides, { recursive: true });
    const out = join(work, 'dist');

    const cold: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(opts.root, 'build.mjs'), 'build', '--slides', slides, '--out', out], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
      // The first run may bundle the CLI after a source change; that one-off cost is not a cold build.
      if (i > 0) cold.push(performance.now() - t0);
    }

    // The same, with no cache at all: what the very first build after installing or editing src/ costs.
    const uncached: number[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(opts.root, 'build.mjs'), 'build', '--slides', slides, '--out', out], { encoding: 'utf8', env: { ...process.env, GILDECK_NO_CACHE: '1' } });
      if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
      uncached.push(performance.now() - t0);
    }

    const bundler = new RuntimeBundler(opts.root);
    const opt = { root: opts.root, slides, out, bundler };
    await buildDeck({ ...opt, rebundle: true });
    const noop: number[] = [];
    for (let i = 0; i < runs * 2; i++) noop.push((await buildDeck(opt)).ms);

    const files = await readDeckFiles(slides);
    const edited = join(slides, files[Math.floor(files.length / 2)]!.path.replace(/^.*[\\/]/, ''));
    const original = await readFile(edited, 'utf8');
    const edit: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      await writeFile(edited, `${original}\n\nAn edit, take ${i}.\n`);
      const t0 = performance.now();
      const s = await buildDeck(opt);
      if (!s.ok) throw new Error('edited build failed');
      edit.push(performance.now() - t0);
    }
    // Per deck: what its page loads at start, and what it may load on demand (the speaker view, the engine, widgets).
    const plainMd = join(work, 'plain.md');
    await writeFile(plainMd, plainDeck());
    const plainOut = join(work, 'plain');
    if (!(await buildDeck({ root: opts.root, slides: plainMd, out: plainOut, bundler })).ok) throw new Error('the no-widget deck failed to build');
    await bundler.dispose();
    const deck = await deckSizes(out);
    const plain = await deckSizes(plainOut);
    const raw = deck.startRaw + deck.laterRaw;
    const gzip = deck.start + deck.later;

    const result = {
      env: { runtime: `node ${process.version}`, slides: opts.slides },
      coldBuildMs: median(cold),
      firstBuildNoCacheMs: median(uncached),
      noopRebuildMs: median(noop),
      editRebuildMs: median(edit),
      output: { jsCssBytes: raw, jsCssGzipBytes: gzip, startGzipBytes: deck.start, onDemandGzipBytes: deck.later },
      noWidgetDeck: { startGzipBytes: plain.start, onDemandGzipBytes: plain.later },
    };
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    printTable('gildeck build benchmark (medians)', [
      { metric: 'cold build (fresh process, caches warm)', value: `${result.coldBuildMs.toFixed(0)} ms`, target: '< 500 ms', ok: result.coldBuildMs < 500 },
      { metric: 'first build (fresh process, no cache)', value: `${result.firstBuildNoCacheMs.toFixed(0)} ms` },
      { metric: 'no-op rebuild', value: `${result.noopRebuildMs.toFixed(1)} ms`, target: '< 100 ms', ok: result.noopRebuildMs < 100 },
      { metric: 'one-slide edit rebuild', value: `${result.editRebuildMs.toFixed(1)} ms`, target: '< 100 ms', ok: result.editRebuildMs < 100 },
      { metric: 'JS+CSS raw, all files', value: kb(raw) },
      { metric: 'JS+CSS gzip, all files', value: kb(gzip), target: '< 120 KB', ok: gzip < 120 * 1024 },
      { metric: 'this deck: JS+CSS gzip at start', value: kb(deck.start) },
      { metric: 'this deck: JS+CSS gzip on demand', value: kb(deck.later) },
      { metric: '40 slides, no widget: JS+CSS gzip at start', value: kb(plain.start), target: '<= 40 KB', ok: plain.start <= 40 * 1024 },
      { metric: '40 slides, no widget: JS+CSS gzip on demand', value: kb(plain.later) },
    ]);
    await writeJson(opts.json, result);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
