import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { BuildSummary } from './build.js';
import { ExportError, withBuiltDeck } from './exportDeck.js';
import { checkExportTarget, HTML, writeExport } from './exportFile.js';
import type { RuntimeBundler } from './runtimeBundle.js';
import { TYPES } from './snapshot.js';
import { CHUNKS_ID, DECK_STYLE_ATTRIBUTE, FILE_ATTRIBUTE, parseManifest } from '../runtime/chunks.js';
import { RUNTIME_ATTRIBUTE } from '../runtime/firstPaint.js';

export interface HtmlOptions {
  root: string;
  project?: string;
  slides: string;
  out: string;
  bundler: RuntimeBundler;
  onBuilt?: (s: BuildSummary) => void;
}

/** `</script` inside an inlined script would end it: `<\/script` means the same to JavaScript (in strings, templates and regular expressions). */
const scriptText = (js: string) => js.replace(/<\/(script)/gi, '<\\/$1');
/** Likewise `</style` inside a stylesheet. */
const styleText = (css: string) => css.replace(/<\/(style)/gi, '<\\/$1');

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Turns a built deck's page into one self-contained file: its stylesheets and scripts inline (the runtime at the
 * end of the body, after the first-paint script), and every file of the build it names (images, fonts, media
 * under assets/) as a data: URL. The engine's worker is already a Blob made from the script. Pure: the caller reads
 * the files. Returns the page and how many files went into it.
 */
export function inlinePage(page: string, files: ReadonlyMap<string, Buffer>): { html: string; inlined: number } {
  let html = page;
  let inlined = 0;
  const take = (name: string): Buffer => {
    const f = files.get(name);
    if (!f) throw new ExportError(`the built page names ${name}, which the build did not write`);
    inlined++;
    return f;
  };
  // Stylesheets and scripts of the bundle: a function replacement, so `$&` in their text is not a pattern.
  html = html.replace(new RegExp(`<link rel="stylesheet" href="([^"]+\\.css)"( ${DECK_STYLE_ATTRIBUTE})?>`, 'g'), (_m, name: string, mark = '') => `<style${mark}>${styleText(take(name).toString('utf8'))}</style>`);
  // The code the page loads on demand, all of it inline (there is nothing to fetch from one file): each chunk only
  // registers itself, so they go before the runtime, which finds them by name and fetches nothing.
  const manifest = parseManifest(new RegExp(`<script type="application/json" id="${CHUNKS_ID}">([^<]*)</script>`).exec(html)?.[1]);
  const chunkFiles = [...new Set(Object.values(manifest).flatMap((u) => [...u.css, ...u.js]))];
  const chunkStyles = chunkFiles.filter((f) => f.endsWith('.css')).map((f) => `<style ${FILE_ATTRIBUTE}="${f}">${styleText(take(f).toString('utf8'))}</style>`);
  const scripts: string[] = chunkFiles.filter((f) => f.endsWith('.js')).map((f) => `<script ${FILE_ATTRIBUTE}="${f}">${scriptText(take(f).toString('utf8'))}</script>`);
  if (chunkStyles.length) {
    const head = html.indexOf('</head>');
    if (head === -1) throw new ExportError('the built page has no </head>');
    // gildeck's stylesheets go before the deck's own styles, whose rules win (as on a page that loads them).
    const deck = html.slice(0, head).search(new RegExp(`<(style|link)\\b[^>]*\\s${DECK_STYLE_ATTRIBUTE}[\\s>]`));
    const at = deck === -1 ? head : deck;
    html = `${html.slice(0, at)}${chunkStyles.join('\n')}\n${html.slice(at)}`;
  }
  // The runtime the first-paint script would start (or, in an older page, deferred): here inline after it, and the
  // first-paint script, naming none, only draws the first slide.
  const runtime = (name: string) => scripts.push(`<script>${scriptText(take(name).toString('utf8'))}</script>`);
  html = html.replace(new RegExp(`<script ${RUNTIME_ATTRIBUTE}="([^"]+)">`, 'g'), (_m, names: string) => (names.split(' ').filter(Boolean).forEach(runtime), '<script>'));
  html = html.replace(/<script defer src="([^"]+\.js)"><\/script>\n?/g, (_m, name: string) => (runtime(name), ''));
  const end = html.lastIndexOf('</body>');
  if (end === -1) throw new ExportError('the built page has no </body>');
  html = `${html.slice(0, end)}${scripts.join('\n')}\n${html.slice(end)}`;
  // Every other file the page names (assets/...), wherever a URL may stand: attributes, srcset, CSS url().
  for (const [name, bytes] of files) {
    if (/^gildeck\.([\w-]+\.)?[A-Za-z0-9]+\.(js|css)$/.test(name)) continue;
    const spellings = [...new Set([name, encodeURI(name)])].map(escapeRegExp).join('|');
    const pattern = new RegExp(`(["'(\\s,=]|^)(?:\\./)?(?:${spellings})(?=[)"'\\s,?#]|$)`, 'gm');
    let used = false;
    const type = TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
    const url = `data:${type.replace(/; charset=utf-8$/, '')};base64,${bytes.toString('base64')}`;
    html = html.replace(pattern, (_m, before: string) => ((used = true), `${before}${url}`));
    if (used) inlined++;
  }
  return { html, inlined };
}

/** Every file of a built folder, by its path relative to it with `/` (the page's own, the marker and the service worker left out). */
async function builtFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (rel === 'index.html' || rel === '.gildeck-output' || rel === 'gildeck-sw.js') continue;
    files.set(rel, await readFile(join(dir, rel)));
  }
  return files;
}

/** `export html`: the deck as one file that works from disk or as an e-mail attachment, making no request. */
export async function exportHtml(opts: HtmlOptions): Promise<{ inlined: number; bytes: number }> {
  await checkExportTarget(opts.out, HTML);
  return withBuiltDeck({ root: opts.root, ...(opts.project ? { project: opts.project } : {}), slides: opts.slides, bundler: opts.bundler, ...(opts.onBuilt ? { onBuilt: opts.onBuilt } : {}) }, async ({ dir }) => {
    const { html, inlined } = inlinePage(await readFile(join(dir, 'index.html'), 'utf8'), await builtFiles(dir));
    await writeExport(opts.out, html, HTML);
    return { inlined, bytes: Buffer.byteLength(html) };
  });
}
