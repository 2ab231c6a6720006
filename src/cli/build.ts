import { realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { compileDeck, type Diagnostic, hasCodeBlock, renderPage, type SlideCache } from '../compiler/index.js';
import { copyAssets } from './assets.js';
import { readDeckFiles, UsageError } from './deckFiles.js';
import { readReferences } from './referenceStore.js';
import { readRecordings } from './recordings.js';
import { createTemp, normalOut, OUTPUT_MARKER, outputError, prepareOutput, removeOutputTree, type StepHook, swapIn, writeMarker } from './output.js';
import { type BundleFile, CHROME_START, CODE_START, deckChunks, FIRST_PAINT, OPTIONAL_STARTS, optionalStart, type OptionalStart, type RuntimeBundler, WIDGETS_START } from './runtimeBundle.js';
import { ISOLATION_WORKER } from '../runtime/isolation.js';
import { ENGINE_UNIT } from '../runtime/chunks.js';
import { writeServiceWorker } from './serviceWorker.js';
import { copyThemeFiles } from './themeFiles.js';

export interface BuildOptions {
  /** gildeck's own folder (the runtime's sources). */
  root: string;
  /** The presenter's project: its assets/ and recordings, and what --out must never replace (default: root). */
  project?: string;
  slides: string;
  out: string;
  bundler: RuntimeBundler;
  /** Re-bundle the runtime (a source file changed); otherwise reuse the last bundle. */
  rebundle?: boolean;
  /** Where parsed slides are kept between builds (default: this process's memory). */
  slideCache?: SlideCache;
  /** Replace an --out folder that is neither empty nor a previous build (never one holding the sources). */
  force?: boolean;
  /** Called between the steps of writing and swapping the output (tests stop a build there). */
  step?: StepHook;
}

export interface BuildSummary {
  ok: boolean;
  diagnostics: Diagnostic[];
  slides: number;
  /** Numbered acts; the prologue and finale are reported apart. */
  acts: number;
  prologue: boolean;
  finale: boolean;
  widgets: number;
  /** Bytes written: HTML, JS and CSS (assets not counted). */
  bytes: number;
  ms: number;
  /** Files written into the output, relative to it with `/` (successful builds only). */
  files?: string[];
}

/**
 * Compiles the deck and writes the output folder. Everything goes to a temporary sibling folder first, swapped in
 * only when complete (see output.ts): a failed build leaves the previous output untouched. Throws UsageError for an
 * --out it must not replace, OutputError when the output cannot be written.
 */
export async function buildDeck(options: BuildOptions): Promise<BuildSummary> {
  const opts = { ...options, out: normalOut(options.out) };
  const t0 = performance.now();
  const files = await readDeckFiles(opts.slides);
  const project = opts.project ?? opts.root;
  const stale = await prepareOutput(opts.out, { root: project, slides: opts.slides }, opts.force);
  const places = await deckPlaces(project, opts.slides);
  const linked = await linksLeaving(files.map((f) => f.path), places.allowed);
  const result = compileDeck(files, opts.slideCache ? { cache: opts.slideCache } : {});
  const summary = {
    diagnostics: [...linked, ...result.diagnostics, ...stale.left.map(staleWarning)],
    slides: result.deck.columns.reduce((n, c) => n + c.length, 0),
    acts: result.deck.acts.filter((a) => a.kind === 'act').length,
    prologue: result.deck.acts.some((a) => a.kind === 'prologue'),
    finale: result.deck.acts.some((a) => a.kind === 'finale'),
    widgets: result.deck.columns.flat().reduce((n, s) => n + s.widgets.length, 0),
  };
  if (!result.ok || linked.length) return { ...summary, ok: false, bytes: 0, ms: performance.now() - t0 };

  const runtime = opts.rebundle ? await opts.bundler.bundle() : await opts.bundler.current();
  // The page loads reveal.js and the runtime at start; the engine and each widget the deck uses, on demand. Chunks of
  // widgets the deck does not use are not written at all.
  const chunks = deckChunks(runtime, result.deck.columns.flat().flatMap((s) => s.widgets.map((w) => w.name)));
  // What only some decks have at start: a deck with widgets, their plugin and frames' stylesheet (its script runs
  // before the runtime's); one with acts (their slides and indicators), a logo or a footer, the stylesheet for them;
  // one with code blocks, the code's.
  const slidesOfDeck = result.deck.columns.flat();
  const uses: Record<OptionalStart, boolean> = {
    [WIDGETS_START]: ENGINE_UNIT in chunks.manifest,
    [CHROME_START]: slidesOfDeck.some((s) => s.kind !== 'content' || s.indicator) || Boolean(result.deck.meta.logo || result.deck.meta.footer),
    [CODE_START]: slidesOfDeck.some((s) => hasCodeBlock(s.content) || (s.notes !== null && hasCodeBlock(s.notes))),
  };
  const needed = (name: string) => {
    const part = optionalStart(name);
    return part ? uses[part] : true;
  };
  // The start stylesheets go inside the page, the runtime's first, then the optional parts' in their order, and so
  // does the first-paint script: nothing to fetch before the first frame.
  const cssOrder = (n: string) => {
    const part = optionalStart(n);
    return part ? OPTIONAL_STARTS.indexOf(part) + 1 : 0;
  };
  const startCss = runtime.filter((f) => !f.chunk && f.name.startsWith('gildeck.') && f.name.endsWith('.css') && needed(f.name)).sort((a, b) => cssOrder(a.name) - cssOrder(b.name));
  const firstPaint = runtime.find((f) => f.name === FIRST_PAINT);
  const bundle: BundleFile[] = runtime.filter((f) => (f.chunk ? chunks.files.includes(f.name) : needed(f.name)) && f !== firstPaint && !startCss.includes(f));
  // The widgets' script before the runtime's, which finds the plugin when it starts the deck.
  const startJs = bundle.filter((f) => !f.chunk && f.name.startsWith('gildeck.') && f.name.endsWith('.js')).map((f) => f.name);
  const deckArg = relative(process.cwd(), opts.slides) || '.';
  const refs = await readReferences(places.deckDir, result.deck.columns.flat().flatMap((s) => s.widgets), deckArg === 'slides' ? '' : deckArg);
  summary.diagnostics.push(...refs.diagnostics);
  const recorded = await readRecordings(places.deckDir, project, places.allowed, result.deck.columns.flat().flatMap((s) => s.widgets));
  summary.diagnostics.push(...recorded.diagnostics);
  if (recorded.diagnostics.some((d) => d.severity === 'error')) return { ...summary, ok: false, bytes: 0, ms: performance.now() - t0 };
  const page = renderPage(result.deck, {
    css: [],
    styles: startCss.map((f) => Buffer.from(f.contents).toString('utf8')),
    ...(firstPaint ? { firstPaint: Buffer.from(firstPaint.contents).toString('utf8') } : {}),
    js: [...startJs.filter((n) => optionalStart(n) === WIDGETS_START), ...startJs.filter((n) => optionalStart(n) !== WIDGETS_START)],
    chunks: chunks.manifest,
    references: refs.references,
    recordings: recorded.recordings,
  });
  const written: string[] = [];
  let tmp: string | null = null;
  let swapped = false;
  try {
    tmp = await createTemp(opts.out);
    await opts.step?.('temp-created', { tmp, out: opts.out });
    await writeFile(join(tmp, 'index.html'), page);
    const worker = bundle.find((f) => f.name === ISOLATION_WORKER);
    // The runtime and the deck's chunks, side by side: a deck with every widget has some thirty files.
    await Promise.all(bundle.filter((f) => f !== worker).map((f) => writeFile(join(tmp!, f.name), f.contents)));
    written.push(OUTPUT_MARKER, 'index.html', ...bundle.map((f) => f.name));
    const own = new Set(written);
    // The project's assets/, then the deck's own (next to its .md files), which win on a clash.
    const assets = await copyAssets([join(project, 'assets'), join(places.deckDir, 'assets')], tmp, places.allowed);
    written.push(...assets.files);
    summary.diagnostics.push(...assets.diagnostics);
    const theme = await copyThemeFiles(result.deck.meta.themeFiles ?? [], places.deckDir, tmp, places.allowed, own);
    written.push(...theme.files);
    summary.diagnostics.push(...theme.diagnostics);
    for (const file of result.deck.columns.flat().flatMap((s) => s.localFiles)) {
      const raw = file.url.split(/[?#]/)[0]!.replace(/^\.?\//, '');
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        // Not URL-encoded (e.g. a literal %): look for the file as written.
      }
      const path = join(tmp, decoded);
      const rel = relative(tmp, path).split(sep).join('/');
      const refused = [...assets.refused].find(([p]) => rel === p || rel.startsWith(`${p}/`))?.[1];
      if (refused) {
        summary.diagnostics.push({ severity: 'error', location: file.location, message: `"${file.url}" ${refused}`, hint: 'copy the file into assets/ instead of linking it' });
      } else if (!path.startsWith(tmp + sep) || !(await stat(path).catch(() => null))) {
        summary.diagnostics.push({
          severity: 'warning',
          location: file.location,
          message: `"${file.url}" is not in the built deck, so it will not load`,
          hint: `put the file in assets/ (of the project or next to the slides) and write assets/${file.url.replace(/^.*\//, '')}`,
        });
      }
    }
    if (summary.diagnostics.some((d) => d.severity === 'error')) {
      await removeOutputTree(tmp);
      return { ...summary, ok: false, bytes: 0, ms: performance.now() - t0 };
    }
    // Last, once every other file is in place: the worker carries the list of them and their content hash.
    if (worker) await writeServiceWorker(tmp, worker.contents);
    await writeMarker(tmp);
    await opts.step?.('written', { tmp, out: opts.out });
    swapped = true;
    if (!(await swapIn(tmp, opts.out, opts.step))) {
      summary.diagnostics.push({ severity: 'warning', location: { file: opts.out, line: 1, column: 1 }, message: 'the previous build could not be removed; the next build tries again', hint: 'check the permissions of the folder that holds the output' });
    }
  } catch (e) {
    if (tmp) await removeOutputTree(tmp);
    if (e instanceof UsageError || !(e as NodeJS.ErrnoException).code) throw e;
    // After a failed swap the old build is back in place, or aside where the next build restores it.
    throw outputError(e, opts.out, !swapped || !!(await stat(opts.out).catch(() => null)));
  }
  const bytes = Buffer.byteLength(page) + bundle.reduce((n, f) => n + f.contents.byteLength, 0);
  return { ...summary, ok: true, bytes, ms: performance.now() - t0, files: written };
}

/** The deck's folder, and the real folders a link may point into: the project and the deck's folder. */
async function deckPlaces(root: string, slides: string): Promise<{ deckDir: string; allowed: string[] }> {
  const slidesInfo = await stat(slides);
  const deckDir = slidesInfo.isDirectory() ? slides : dirname(slides);
  const allowed = await Promise.all([root, deckDir].map((p) => realpath(p).catch(() => resolve(p))));
  return { deckDir, allowed };
}

/** Deck files that are links to outside the project: their text would end up in the page. */
async function linksLeaving(paths: string[], allowed: string[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const path of paths) {
    const real = await realpath(path).catch(() => resolve(path));
    if (!allowed.some((a) => real === a || real.startsWith(a + sep))) {
      out.push({ severity: 'error', location: { file: path, line: 1, column: 1 }, message: `is a symbolic link to ${real}, outside the project`, hint: 'copy the file into the deck instead of linking it' });
    }
  }
  return out;
}

const staleWarning = (path: string): Diagnostic => ({
  severity: 'warning',
  location: { file: relative(process.cwd(), path), line: 1, column: 1 },
  message: 'a temporary folder left by an earlier build could not be removed',
  hint: 'remove it by hand',
});
