import { build, transform } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { elementName, LIVE_WIDGETS } from '../widgets/registry.js';
import { type ExportKind, writeExport } from './exportFile.js';
import { standaloneCss } from './widgetsCss.js';
import { browserBundle, workerSourcePlugin } from './workerBundle.js';

/** The first line of the bundle: names it (an earlier export is recognised by it) and says what to write. */
export const WIDGETS_BANNER = '/*! gildeck-widgets';

export const WIDGETS_JS: ExportKind = { name: 'a widgets bundle', example: 'gildeck-widgets.js', isEarlier: (head) => head.toString('utf8').startsWith(WIDGETS_BANNER) };

/** Stands in for the stylesheet in the first pass; the stylesheet is known only once the script is bundled. */
const CSS_PLACEHOLDER = '__GILDECK_WIDGETS_CSS__';

/**
 * The standalone widgets bundle: one classic script that defines every widget element, injects its styles and
 * starts the engine's worker from a Blob URL (so it works from file:// too). Bundled from src/runtime/standalone.ts
 * with its own entry, apart from the deck's runtime: no reveal.js, no service worker.
 */
export async function bundleWidgets(root: string, version: string): Promise<string> {
  const result = await build({
    ...browserBundle(root),
    entryPoints: { 'gildeck-widgets': join(root, 'src/runtime/standalone.ts') },
    outdir: join(root, 'dist-virtual'),
    format: 'iife',
    plugins: [
      workerSourcePlugin(root),
      {
        name: 'gildeck-widgets-css',
        setup(b) {
          b.onResolve({ filter: /^gildeck:widgets-css$/ }, () => ({ path: 'widgets-css', namespace: 'gildeck-css' }));
          b.onLoad({ filter: /.*/, namespace: 'gildeck-css' }, () => ({ contents: `export default ${JSON.stringify(CSS_PLACEHOLDER)};`, loader: 'js' }));
        },
      },
    ],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const widgetsCss = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const hosts = [...LIVE_WIDGETS.keys()].map(elementName);
  // The theme's widget rules: those every deck has, and the frames' (widgets.css, which only decks with widgets link).
  const theme = (await Promise.all(['theme.css', 'widgets.css'].map((f) => readFile(join(root, 'src/runtime', f), 'utf8')))).join('\n');
  const css = (await transform(standaloneCss(theme, widgetsCss, hosts), { loader: 'css', minify: true, logLevel: 'silent' })).code.trim();
  const quoted = JSON.stringify(CSS_PLACEHOLDER);
  if (js.split(quoted).length !== 2) throw new Error('the widgets bundle lost its stylesheet placeholder');
  const banner = `${WIDGETS_BANNER} ${version}: <script src="gildeck-widgets.js"></script> then e.g. <gd-timeline strategy="threads" workers="4"></gd-timeline> (${hosts.join(', ')}) */\n`;
  // A function replacement: the stylesheet's own `$&`-like text must not be read as a pattern.
  return banner + js.replace(quoted, () => JSON.stringify(css));
}

export interface WidgetsExport {
  bytes: number;
  gzip: number;
  widgets: number;
}

/** `export widgets`: writes the bundle aside and renames it into place; replaces only an earlier widgets bundle. */
export async function exportWidgets(o: { root: string; out: string }): Promise<WidgetsExport> {
  const pkg = JSON.parse(await readFile(join(o.root, 'package.json'), 'utf8')) as { version?: string };
  const text = await bundleWidgets(o.root, pkg.version ?? '?');
  const bytes = Buffer.from(text);
  await writeExport(o.out, bytes, WIDGETS_JS);
  return { bytes: bytes.length, gzip: gzipSync(bytes).length, widgets: LIVE_WIDGETS.size };
}
