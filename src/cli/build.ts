import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { compileDeck, type Diagnostic, renderPage, type SlideCache } from '../compiler/index.js';
import { readDeckFiles } from './deckFiles.js';
import type { RuntimeBundler } from './runtimeBundle.js';

export interface BuildOptions {
  root: string;
  slides: string;
  out: string;
  bundler: RuntimeBundler;
  /** Re-bundle the runtime (a source file changed); otherwise reuse the last bundle. */
  rebundle?: boolean;
  /** Where parsed slides are kept between builds (default: this process's memory). */
  slideCache?: SlideCache;
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
}

/**
 * Compiles the deck and writes the output folder. Everything goes to a temporary sibling folder first, swapped in
 * only when complete: a failed build leaves the previous output untouched.
 */
export async function buildDeck(opts: BuildOptions): Promise<BuildSummary> {
  const t0 = performance.now();
  const files = await readDeckFiles(opts.slides);
  const result = compileDeck(files, opts.slideCache ? { cache: opts.slideCache } : {});
  const summary = {
    diagnostics: result.diagnostics,
    slides: result.deck.columns.reduce((n, c) => n + c.length, 0),
    acts: result.deck.acts.filter((a) => a.kind === 'act').length,
    prologue: result.deck.acts.some((a) => a.kind === 'prologue'),
    finale: result.deck.acts.some((a) => a.kind === 'finale'),
    widgets: result.deck.columns.flat().reduce((n, s) => n + s.widgets.length, 0),
  };
  if (!result.ok) return { ...summary, ok: false, bytes: 0, ms: performance.now() - t0 };

  const bundle = opts.rebundle ? await opts.bundler.bundle() : await opts.bundler.current();
  const used = new Set(result.deck.columns.flat().flatMap((s) => s.widgets.map((w) => w.name)));
  const page = renderPage(result.deck, {
    css: bundle.filter((f) => f.name.startsWith('gildeck.') && f.name.endsWith('.css')).map((f) => f.name),
    js: bundle.filter((f) => f.name.startsWith('gildeck.') && f.name.endsWith('.js')).map((f) => f.name),
    references: await readReferences(opts.root, used),
  });
  const tmp = join(dirname(opts.out), `.${basename(opts.out)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(tmp, { recursive: true });
  try {
    await writeFile(join(tmp, 'index.html'), page);
    for (const f of bundle) await writeFile(join(tmp, f.name), f.contents);
    // The project's assets/, then the deck's own (next to its .md files), which win on a clash.
    const slidesInfo = await stat(opts.slides);
    for (const assets of [join(opts.root, 'assets'), join(slidesInfo.isDirectory() ? opts.slides : dirname(opts.slides), 'assets')]) {
      if (await stat(assets).catch(() => null)) await cp(assets, join(tmp, 'assets'), { recursive: true });
    }
    for (const file of result.deck.columns.flat().flatMap((s) => s.localFiles)) {
      const raw = file.url.split(/[?#]/)[0]!.replace(/^\.?\//, '');
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        // Not URL-encoded (e.g. a literal %): look for the file as written.
      }
      const path = join(tmp, decoded);
      if (!(await stat(path).catch(() => null))) {
        summary.diagnostics.push({
          severity: 'warning',
          location: file.location,
          message: `"${file.url}" is not in the built deck, so it will not load`,
          hint: `put the file in assets/ (of the project or next to the slides) and write assets/${file.url.replace(/^.*\//, '')}`,
        });
      }
    }
    await swapIn(tmp, opts.out);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const bytes = Buffer.byteLength(page) + bundle.reduce((n, f) => n + f.contents.byteLength, 0);
  return { ...summary, ok: true, bytes, ms: performance.now() - t0 };
}

/** The recorded reference runs (src/widgets/<name>/reference.json) of the widgets a deck uses. */
async function readReferences(root: string, widgets: Set<string>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of widgets) {
    const text = await readFile(join(root, 'src/widgets', name, 'reference.json'), 'utf8').catch(() => null);
    if (text) out[name] = JSON.parse(text);
  }
  return out;
}

/** Replaces `out` with `tmp` by two renames; the old folder is removed only after the new one is in place. */
async function swapIn(tmp: string, out: string): Promise<void> {
  const old = `${tmp}.old`;
  const hadOut = await stat(out).then(() => true, () => false);
  if (hadOut) await rename(out, old);
  try {
    await rename(tmp, out);
  } catch (e) {
    // Put the previous output back: a failed build leaves it untouched.
    if (hadOut) await rename(old, out);
    throw e;
  }
  if (hadOut) await rm(old, { recursive: true, force: true });
}
