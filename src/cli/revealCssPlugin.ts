import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';

/** reveal.css's loading spinner for preview overlays: an animated GIF as a data: URL, 4.5 KB that gzip cannot shrink. */
const SPINNER = /(\.r-overlay-spinner\{[^}]*?)background-image:url\(data:image\/gif;base64,[^)]*\);?/;

/**
 * Every page loads reveal.css at start, and a tenth of it (a third, gzipped) would be the spinner a preview link's
 * overlay shows while its frame loads. gildeck drops the image (the overlay shows empty until the frame is in). If
 * reveal.js's file changes shape, the original is bundled unchanged.
 */
export function revealCssWithoutSpinner(): Plugin {
  return {
    name: 'gildeck-reveal-css-without-spinner',
    setup(b) {
      b.onLoad({ filter: /reveal\.js[\\/]dist[\\/]reveal\.css$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!SPINNER.test(source)) return undefined;
        return { contents: source.replace(SPINNER, '$1'), loader: 'css' };
      });
    },
  };
}
