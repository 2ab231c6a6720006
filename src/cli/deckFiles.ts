import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DeckFile } from '../compiler/index.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Reads a deck: one Markdown file, or every `.md` file in a folder in name order, but its README.md (which says
 * what the folder is, e.g. a starter talk's). Paths are shown relative to cwd.
 */
export async function readDeckFiles(path: string, cwd = process.cwd()): Promise<DeckFile[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UsageError(`${path}: no such file or folder; pass --slides with a Markdown file or a folder of .md files`);
  const paths = info.isDirectory()
    ? (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md').sort().map((n) => join(path, n))
    : [path];
  if (!paths.length) throw new UsageError(`${path}: the folder has no .md files; add e.g. ${join(path, '01-intro.md')}`);
  return Promise.all(paths.map(async (p) => ({ path: relative(cwd, p) || p, text: await readFile(p, 'utf8') })));
}
