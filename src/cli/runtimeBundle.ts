import { build, type BuildContext, context, type OutputFile } from 'esbuild';
import { ISOLATION_WORKER } from '../runtime/isolation.js';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { join } from 'node:path';
import { revealNotesWithoutMarked } from './revealNotesPlugin.js';
import { workerSourcePlugin } from './workerBundle.js';

export interface BundleFile {
  /** File name in the output folder, content-hashed: `gildeck.3F2A1B9C.js`. */
  name: string;
  contents: Uint8Array;
}

/**
 * Bundles the browser runtime (reveal.js, our plugin, widgets, theme) as one classic script and one stylesheet,
 * so the deck also runs from a plain static server. Kept as an incremental esbuild context between rebuilds.
 */
export class RuntimeBundler {
  private ctx: BuildContext | null = null;
  private last: BundleFile[] | null = null;

  /**
   * @param cache where to keep bundles between processes, keyed by a stamp of src/ and the installed packages,
   *   so a cold build after no source change skips esbuild.
   */
  constructor(
    private readonly root: string,
    private readonly cache?: { dir: string; stamp: string },
  ) {}

  async bundle(): Promise<BundleFile[]> {
    const cached = await this.readCache();
    if (cached) return (this.last = cached);
    this.ctx ??= await context({
      entryPoints: { gildeck: join(this.root, 'src/runtime/main.ts') },
      outdir: join(this.root, 'dist-virtual'),
      entryNames: '[name].[hash]',
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      legalComments: 'none',
      write: false,
      metafile: false,
      logLevel: 'silent',
      plugins: [workerSourcePlugin(this.root), revealNotesWithoutMarked()],
      // Named, not found: esbuild ignores a tsconfig.json under node_modules, where an installed gildeck lives.
      tsconfig: join(this.root, 'tsconfig.json'),
    });
    const result = await this.ctx.rebuild();
    // The isolation service worker keeps a fixed name: pages register it by that name.
    const sw = await build({
      entryPoints: [join(this.root, 'src/runtime/isolationWorker.ts')],
      tsconfig: join(this.root, 'tsconfig.json'),
      bundle: true,
      write: false,
      minify: true,
      format: 'iife',
      logLevel: 'silent',
    });
    this.last = [
      ...(result.outputFiles ?? []).map((f: OutputFile) => ({ name: f.path.replace(/^.*[\\/]/, ''), contents: f.contents })),
      { name: ISOLATION_WORKER, contents: sw.outputFiles[0]!.contents },
    ];
    await this.writeCache(this.last);
    return this.last;
  }

  private get cacheFolder(): string | null {
    return this.cache ? join(this.cache.dir, `runtime-${this.cache.stamp}`) : null;
  }

  private async readCache(): Promise<BundleFile[] | null> {
    const folder = this.cacheFolder;
    if (!folder || process.env.GILDECK_NO_CACHE) return null;
    const names = await readdir(folder).catch(() => null);
    if (!names?.length) return null;
    // A folder pruned while being read is a cache miss, not an error.
    return Promise.all(names.map(async (name) => ({ name, contents: new Uint8Array(await readFile(join(folder, name))) }))).catch(() => null);
  }

  private async writeCache(files: BundleFile[]): Promise<void> {
    const folder = this.cacheFolder;
    if (!folder) return;
    // Written aside and renamed, so a concurrent build never reads half a bundle; the name is unique per thread,
    // since serve's build workers share a pid. The cache is an optimisation: failing to write it is not an error.
    const tmp = `${folder}.tmp-${process.pid}-${threadId}-${Math.random().toString(36).slice(2)}`;
    try {
      await mkdir(tmp, { recursive: true });
      for (const f of files) await writeFile(join(tmp, f.name), f.contents);
      await rename(tmp, folder);
    } catch {
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** The last bundle, without rebuilding: slide edits do not touch the runtime. */
  async current(): Promise<BundleFile[]> {
    return this.last ?? this.bundle();
  }

  async dispose(): Promise<void> {
    await this.ctx?.dispose();
    this.ctx = null;
  }
}
