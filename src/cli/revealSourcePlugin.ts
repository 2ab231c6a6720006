import type { Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RevealPart } from '../runtime/revealParts.js';

/**
 * reveal.js's parts a page loads only when it uses them (src/runtime/revealParts.ts): the module in reveal.js's
 * sources each one is, and, for the start script, the stand-in that replaces it there.
 */
const PARTS: Record<RevealPart, { source: string; standIn: string }> = {
  scrollview: { source: 'controllers/scrollview.js', standIn: `export default deferredController('scrollview', SCROLL_VIEW_OFF);` },
  printview: { source: 'controllers/printview.js', standIn: `export default deferredController('printview', PRINT_VIEW_OFF);` },
  autoanimate: { source: 'controllers/autoanimate.js', standIn: `export default deferredController('autoanimate', AUTO_ANIMATE_OFF);` },
  fitty: { source: 'fitty', standIn: `export default deferredFitty;` },
};
const STAND_IN_IMPORTS = `import { deferredController, deferredFitty, SCROLL_VIEW_OFF, PRINT_VIEW_OFF, AUTO_ANIMATE_OFF } from ${JSON.stringify('./revealParts.ts')};\n`;

/** Marks this plugin's own resolving of reveal.js's package entry, which it must not answer itself. */
const PREBUILT = Symbol('reveal.js prebuilt');

/** The module a unit imports for a part's real code: `gildeck-reveal-part:scrollview`. */
const PART_PREFIX = 'gildeck-reveal-part:';
export const revealPartModule = (part: RevealPart): string => `${PART_PREFIX}${part}`;

/**
 * Bundles reveal.js from its own sources (its npm package ships them, `js/`) instead of its prebuilt file, so that
 * the start script leaves out the parts most pages never use: in the start script (`standIns: true`) each part is a
 * stand-in that takes the real one if its unit provided it; a unit gets a part's real code by importing
 * `revealPartModule(part)`. If reveal.js's sources are not where this expects them (a reveal.js that changed
 * shape), its prebuilt file is bundled as it comes, with every part in it.
 */
export function revealFromSource(runtimeDir: string, options: { standIns: boolean }): Plugin {
  return {
    name: 'gildeck-reveal-from-source',
    setup(b) {
      let sources: Promise<string | null> | null = null;
      // reveal.js's `js/` folder, beside its `dist/` (which is what the package's entry resolves to).
      const sourceDir = () =>
        (sources ??= b.resolve('reveal.js', { kind: 'import-statement', resolveDir: runtimeDir, pluginData: PREBUILT }).then((r) => {
          const dir = join(dirname(r.path), '..', 'js');
          return r.errors.length === 0 && existsSync(join(dir, 'index.ts')) && Object.values(PARTS).every((p) => p.source === 'fitty' || existsSync(join(dir, p.source))) ? dir : null;
        }));
      b.onResolve({ filter: /^reveal\.js$/ }, async (args) => {
        if (args.pluginData === PREBUILT) return undefined;
        const dir = await sourceDir();
        return dir ? { path: join(dir, 'index.ts') } : undefined;
      });
      b.onResolve({ filter: /^gildeck-reveal-part:/ }, async (args) => {
        const part = args.path.slice(PART_PREFIX.length) as RevealPart;
        const spec = PARTS[part];
        if (!spec) return { errors: [{ text: `no reveal.js part "${part}"` }] };
        if (spec.source === 'fitty') return b.resolve('fitty', { kind: 'import-statement', resolveDir: runtimeDir });
        const dir = await sourceDir();
        return dir ? { path: join(dir, spec.source) } : { path: part, namespace: 'gildeck-reveal-part-missing' };
      });
      // Without reveal.js's sources the prebuilt file carries every part: a unit then provides nothing.
      b.onLoad({ filter: /.*/, namespace: 'gildeck-reveal-part-missing' }, () => ({ contents: 'export default undefined;', loader: 'js' }));
      if (!options.standIns) return;
      // Inside reveal.js's sources, each part's import becomes its stand-in.
      b.onResolve({ filter: /^(\.\/controllers\/(scrollview|printview|autoanimate)(\.js)?|fitty)$/ }, async (args) => {
        const dir = await sourceDir();
        if (!dir || !args.importer.startsWith(dir)) return undefined;
        const part = (Object.keys(PARTS) as RevealPart[]).find((p) => args.path === 'fitty' ? p === 'fitty' : args.path.replace(/\.js$/, '') === `./${PARTS[p].source.replace(/\.js$/, '')}`);
        return part ? { path: part, namespace: 'gildeck-reveal-stand-in' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'gildeck-reveal-stand-in' }, (args) => ({
        contents: STAND_IN_IMPORTS + PARTS[args.path as RevealPart].standIn,
        resolveDir: runtimeDir,
        loader: 'ts',
      }));
    },
  };
}
