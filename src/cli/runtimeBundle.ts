import { build, type BuildContext, context, type Metafile, type OutputFile, type Plugin, transform } from 'esbuild';
import { ISOLATION_WORKER } from '../runtime/isolation.js';
import { AUTO_ANIMATE_UNIT, CHUNK_GLOBAL, type ChunkManifest, ENGINE_UNIT, KIOSK_UNIT, NOTES_UNIT, LATER_UNIT, OVERLAY_UNIT, PRINT_UNIT, REVEAL_EXTRAS_UNIT, RUNTIME_UNITS, SCROLL_VIEW_UNIT, TRANSITIONS_UNIT, URL_NOTES_UNIT, URL_OPTIONS_UNIT } from '../runtime/chunks.js';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { threadId } from 'node:worker_threads';
import { join } from 'node:path';
import { revealCssWithoutSpinner, revealViewModule } from './revealCssPlugin.js';
import { revealNotesWithoutMarked } from './revealNotesPlugin.js';
import { revealFromSource, revealPartModule } from './revealSourcePlugin.js';
import type { RevealPart } from '../runtime/revealParts.js';
import { browserBundle, workerSourcePlugin } from './workerBundle.js';
import { LIVE_WIDGETS } from '../widgets/registry.js';

export interface BundleFile {
  /** File name in the output folder, content-hashed: `gildeck.3F2A1B9C.js`, `gildeck.w-timeline.3F2A1B9C.js`. */
  name: string;
  contents: Uint8Array;
  /**
   * Set on the files a deck loads on demand: which unit's entry this is (`engine`, or a widget's name), and the
   * chunk files it requires. Files without it are the runtime every page loads at start.
   */
  chunk?: { entry?: string; imports: string[] };
}

/** The start files only a deck with widgets links (its plugin and frames' stylesheet), named `gildeck.widgets.<hash>`. */
export const WIDGETS_START = 'gildeck.widgets';
/** The stylesheet only a deck with acts, a logo or a footer has at start (theme.css's rules for them). */
export const CHROME_START = 'gildeck.chrome';
/** The stylesheet only a deck with code blocks has at start (reveal.css's and theme.css's `.hljs` rules). */
export const CODE_START = 'gildeck.code';
/**
 * The start files only some decks have, in the order their stylesheets follow the runtime's (their rules came after
 * reveal's and most of the theme's).
 */
export const OPTIONAL_STARTS = [CODE_START, CHROME_START, WIDGETS_START] as const;
export type OptionalStart = (typeof OPTIONAL_STARTS)[number];
/** Which optional start part a built file is, if any. */
export const optionalStart = (name: string): OptionalStart | undefined => OPTIONAL_STARTS.find((p) => name.startsWith(`${p}.`));
/** The bundle's first-paint script: the page carries it inline; it is never a file of the build. */
export const FIRST_PAINT = 'gildeck-first-paint.js';

/** The cache folder's note of which files are chunks (the files themselves are stored beside it). */
const CHUNKS_FILE = 'chunks.json';

/** The entry of each unit the page can load: the engine, and each widget (which defines its element when required). */
const UNIT_PREFIX = 'gildeck-unit:';

/** A unit's code providing reveal.js's part (see src/runtime/revealParts.ts). */
const provides = (part: RevealPart) => `import ${part}Part from '${revealPartModule(part)}';\nimport { provideRevealPart } from './revealParts.ts';\nprovideRevealPart('${part}', ${part}Part);\n`;

function unitEntries(root: string): Plugin {
  const runtime = join(root, 'src/runtime');
  return {
    name: 'gildeck-units',
    setup(b) {
      b.onResolve({ filter: /^gildeck-unit:/ }, (args) => ({ path: args.path.slice(UNIT_PREFIX.length), namespace: 'gildeck-unit' }));
      b.onLoad({ filter: /.*/, namespace: 'gildeck-unit' }, (args) => {
        if (args.path === ENGINE_UNIT) return { contents: `export { pageEngine } from './engine.ts';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === NOTES_UNIT) return { contents: `export { default } from 'reveal.js/plugin/notes';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === URL_OPTIONS_UNIT) return { contents: `export { readUrlOptions } from './urlOptions.ts';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === URL_NOTES_UNIT) return { contents: `import './urlNotes.css';\nexport { showUrlNotes } from './urlNotes.ts';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === KIOSK_UNIT) return { contents: `export * from './kiosk/unit.ts';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === PRINT_UNIT) return { contents: `import '${revealViewModule('print')}';\n${provides('printview')}export { printViewPlugin } from './printView.ts';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === SCROLL_VIEW_UNIT) return { contents: `import '${revealViewModule('scroll')}';\n${provides('scrollview')}`, resolveDir: runtime, loader: 'ts' };
        if (args.path === AUTO_ANIMATE_UNIT) return { contents: `import '${revealViewModule('autoAnimate')}';\n${provides('autoanimate')}`, resolveDir: runtime, loader: 'ts' };
        if (args.path === TRANSITIONS_UNIT) return { contents: `import '${revealViewModule('transitions')}';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === LATER_UNIT) return { contents: `import '${revealViewModule('later')}';`, resolveDir: runtime, loader: 'ts' };
        if (args.path === REVEAL_EXTRAS_UNIT) return { contents: `import '${revealViewModule('extras')}';\n${provides('fitty')}`, resolveDir: runtime, loader: 'ts' };
        if (args.path === OVERLAY_UNIT) return { contents: `import '${revealViewModule('overlay')}';`, resolveDir: runtime, loader: 'ts' };
        const widget = join(root, 'src/widgets', args.path, 'widget.ts');
        return {
          contents: `import { defineWidget } from './defineWidget.ts';\nimport * as widget from ${JSON.stringify(widget)};\ndefineWidget(${JSON.stringify(args.path)}, widget);`,
          resolveDir: runtime,
          loader: 'ts',
        };
      });
    },
  };
}

/**
 * One ESM chunk of the split build as a classic script: converted to CommonJS by esbuild and wrapped in a function
 * registered under its file name, which the page's loader (src/runtime/chunks.ts) calls with its `require`. Registering
 * runs nothing, so the chunks load in any order, from file://, or inline in an exported page.
 */
async function classicChunk(name: string, esm: string): Promise<string> {
  const cjs = await transform(esm, { format: 'cjs', minify: true, target: 'es2022', logLevel: 'silent' });
  return `(self.${CHUNK_GLOBAL}??={})[${JSON.stringify(name)}]=function(require,module,exports){${cjs.code}};\n`;
}

/**
 * Bundles the browser runtime as classic scripts, so the deck also runs from file:// and a plain static server:
 * reveal.js with the runtime (one script and one stylesheet every page loads at start), and the units a deck loads
 * on demand (the engine, each widget) split into content-hashed chunks that share their common code. A build writes
 * only the chunks its deck uses. Kept as incremental esbuild contexts between rebuilds, and cached between processes.
 */
export class RuntimeBundler {
  private core: BuildContext | null = null;
  private units: BuildContext | null = null;
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
    // reveal.js and the runtime; the speaker view's plugin is a unit of its own (below), loaded when first opened.
    this.core ??= await context({
      ...browserBundle(this.root),
      // And the start script of decks with widgets (their plugin and frames' stylesheet): `gildeck.widgets.*`.
      // And the stylesheets of decks with acts, a logo or a footer (`gildeck.chrome.*`), and with code blocks
      // (`gildeck.code.*`).
      entryPoints: { gildeck: join(this.root, 'src/runtime/main.ts'), [WIDGETS_START]: join(this.root, 'src/runtime/widgetsStart.ts'), [CHROME_START]: revealViewModule('chrome'), [CODE_START]: revealViewModule('code') },
      outdir: join(this.root, 'dist-virtual'),
      entryNames: '[name].[hash]',
      format: 'iife',
      plugins: [revealFromSource(join(this.root, 'src/runtime'), { standIns: true }), revealCssWithoutSpinner(join(this.root, 'src/runtime/theme.css'))],
    });
    this.units ??= await context({
      entryPoints: Object.fromEntries([ENGINE_UNIT, ...RUNTIME_UNITS, ...LIVE_WIDGETS.keys()].map((u) => [`${u === ENGINE_UNIT || RUNTIME_UNITS.includes(u) ? '' : 'w-'}${u}`, `${UNIT_PREFIX}${u}`])),
      outdir: join(this.root, 'dist-virtual'),
      entryNames: 'gildeck.[name].[hash]',
      chunkNames: 'gildeck.chunk.[hash]',
      ...browserBundle(this.root),
      splitting: true,
      format: 'esm',
      metafile: true,
      plugins: [unitEntries(this.root), revealFromSource(join(this.root, 'src/runtime'), { standIns: false }), workerSourcePlugin(this.root), revealNotesWithoutMarked(), revealCssWithoutSpinner(join(this.root, 'src/runtime/theme.css'))],
    });
    const [core, units] = await Promise.all([this.core.rebuild(), this.units.rebuild()]);
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
    // The first-paint script, which the page carries inline (see src/runtime/firstPaint.ts).
    const firstPaint = await build({
      ...browserBundle(this.root),
      stdin: { contents: `import { firstPaint } from './firstPaint.ts';\nfirstPaint();`, resolveDir: join(this.root, 'src/runtime'), loader: 'ts' },
      format: 'iife',
    });
    this.last = [
      { name: FIRST_PAINT, contents: firstPaint.outputFiles[0]!.contents },
      ...(core.outputFiles ?? []).map((f: OutputFile) => ({ name: baseName(f.path), contents: f.contents })),
      ...(await unitFiles(units.outputFiles ?? [], units.metafile!)),
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
    try {
      const chunks = JSON.parse(await readFile(join(folder, CHUNKS_FILE), 'utf8')) as Record<string, BundleFile['chunk']>;
      return await Promise.all(
        names.filter((n) => n !== CHUNKS_FILE).map(async (name) => ({ name, contents: new Uint8Array(await readFile(join(folder, name))), ...(chunks[name] ? { chunk: chunks[name] } : {}) })),
      );
    } catch {
      // A folder pruned while being read, or written by an older gildeck: a cache miss, not an error.
      return null;
    }
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
      await writeFile(join(tmp, CHUNKS_FILE), JSON.stringify(Object.fromEntries(files.filter((f) => f.chunk).map((f) => [f.name, f.chunk]))));
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
    await Promise.all([this.core?.dispose(), this.units?.dispose()]);
    this.core = this.units = null;
  }
}

const baseName = (path: string) => path.replace(/^.*[\\/]/, '');

/** The split build's outputs as classic chunks, each with the unit it is the entry of and the chunks it requires. */
async function unitFiles(outputs: OutputFile[], meta: Metafile): Promise<BundleFile[]> {
  const infos = new Map(Object.entries(meta.outputs).map(([p, info]) => [baseName(p), info]));
  const files: BundleFile[] = [];
  for (const f of outputs) {
    const name = baseName(f.path);
    const info = infos.get(name);
    // A unit's stylesheet is required like a chunk: the loader waits for it before defining the element.
    const css = info?.cssBundle ? [baseName(info.cssBundle)] : [];
    const imports = [...(info?.imports ?? []).filter((i) => i.kind === 'import-statement').map((i) => baseName(i.path)), ...css];
    const entry = info?.entryPoint?.startsWith(UNIT_PREFIX) ? info.entryPoint.slice(UNIT_PREFIX.length) : undefined;
    const contents = name.endsWith('.js') ? new TextEncoder().encode(await classicChunk(name, f.text)) : f.contents;
    files.push({ name, contents, chunk: { ...(entry ? { entry } : {}), imports } });
  }
  return files;
}

/**
 * What a deck whose page uses `widgets` loads on demand: the speaker view's plugin and the URL-option checker, and the engine (when any widget
 * is used) and each widget: the chunk files to load (the entry last) and its stylesheets. Pure.
 */
export function deckChunks(files: readonly BundleFile[], widgets: Iterable<string>): { manifest: ChunkManifest; files: string[] } {
  const byName = new Map(files.filter((f) => f.chunk).map((f) => [f.name, f]));
  const entryOf = new Map([...byName.values()].filter((f) => f.chunk!.entry).map((f) => [f.chunk!.entry!, f.name]));
  const used = [...new Set(widgets)].sort();
  const manifest: ChunkManifest = {};
  for (const unit of [...RUNTIME_UNITS, ...(used.length ? [ENGINE_UNIT, ...used] : [])]) {
    const entry = entryOf.get(unit);
    if (!entry) continue;
    const order: string[] = [];
    const visit = (name: string) => {
      if (order.includes(name)) return;
      for (const dep of byName.get(name)?.chunk?.imports ?? []) visit(dep);
      order.push(name);
    };
    visit(entry);
    manifest[unit] = { js: order.filter((n) => n.endsWith('.js')), css: order.filter((n) => n.endsWith('.css')), entry };
  }
  return { manifest, files: [...new Set(Object.values(manifest).flatMap((u) => [...u.js, ...u.css]))] };
}
