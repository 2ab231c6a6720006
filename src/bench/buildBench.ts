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
    await bundler.dispose();

    const assets = (await readdir(out)).filter((f) => /\.(js|css)$/.test(f));
    let raw = 0;
    let gzip = 0;
    for (const f of assets) {
      const data = await readFile(join(out, f));
      raw += data.byteLength;
      gzip += gzipSync(data, { level: 9 }).byteLength;
    }

    const result = {
      env: { runtime: `node ${process.version}`, slides: opts.slides },
      coldBuildMs: median(cold),
      firstBuildNoCacheMs: median(uncached),
      noopRebuildMs: median(noop),
      editRebuildMs: median(edit),
      output: { jsCssBytes: raw, jsCssGzipBytes: gzip },
    };
    printTable('gildeck build benchmark (medians)', [
      { metric: 'cold build (fresh process, caches warm)', value: `${result.coldBuildMs.toFixed(0)} ms`, target: '< 500 ms', ok: result.coldBuildMs < 500 },
      { metric: 'first build (fresh process, no cache)', value: `${result.firstBuildNoCacheMs.toFixed(0)} ms` },
      { metric: 'no-op rebuild', value: `${result.noopRebuildMs.toFixed(1)} ms`, target: '< 100 ms', ok: result.noopRebuildMs < 100 },
      { metric: 'one-slide edit rebuild', value: `${result.editRebuildMs.toFixed(1)} ms`, target: '< 100 ms', ok: result.editRebuildMs < 100 },
      { metric: 'JS+CSS raw', value: `${(raw / 1024).toFixed(1)} KB` },
      { metric: 'JS+CSS gzip', value: `${(gzip / 1024).toFixed(1)} KB`, target: '< 120 KB', ok: gzip < 120 * 1024 },
    ]);
    await writeJson(opts.json, result);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
