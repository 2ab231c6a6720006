import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';

const MARKED_START = '//#region node_modules/marked/lib/marked.esm.js';
const REGION_END = '//#endregion';
/** What the notes plugin uses of marked: the speaker window's `marked.parse`, only for `data-markdown` notes. */
const USE = 't.marked = $';

/**
 * reveal.js's notes plugin ships a whole Markdown parser (~19 KB gzipped) for notes written as `data-markdown`.
 * gildeck compiles notes to HTML at build time, so the bundle keeps the speaker view and drops the parser, leaving
 * an identity `parse`. If reveal.js's file ever changes shape, the original is bundled unchanged.
 */
export function revealNotesWithoutMarked(): Plugin {
  return {
    name: 'gildeck-reveal-notes-without-marked',
    setup(b) {
      b.onLoad({ filter: /reveal\.js[\\/]dist[\\/]plugin[\\/]notes\.mjs$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const start = source.indexOf(MARKED_START);
        const end = start === -1 ? -1 : source.indexOf(REGION_END, start);
        const rest = end === -1 ? '' : source.slice(end + REGION_END.length);
        if (start === -1 || end === -1 || !rest.includes(USE) || rest.includes('marked.esm')) return undefined;
        return { contents: `${source.slice(0, start)}var $ = { parse: (s) => s };${rest}`, loader: 'js' };
      });
    },
  };
}
