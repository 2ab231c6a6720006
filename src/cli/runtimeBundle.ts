import { type BuildContext, context, type OutputFile } from 'esbuild';
import { join } from 'node:path';

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

  constructor(private readonly root: string) {}

  async bundle(): Promise<BundleFile[]> {
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
    });
    const result = await this.ctx.rebuild();
    this.last = (result.outputFiles ?? []).map((f: OutputFile) => ({ name: f.path.replace(/^.*[\\/]/, ''), contents: f.contents }));
    return this.last;
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
