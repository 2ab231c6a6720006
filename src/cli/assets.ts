import { copyFile, lstat, mkdir, open, readdir, realpath, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../compiler/index.js';

/**
 * Copies assets folders into the output as regular files and folders only: a symbolic link is replaced by a copy
 * of what it points to, if that lies inside the project or the deck's folder; a link leaving them, a link loop or
 * anything that is not a file or folder is reported at its path and not copied. fs.cp would keep the links (and
 * make relative ones absolute), so a shared build would point into the author's disk.
 */

export interface AssetsCopy {
  /** Paths written, relative to the destination, with `/`. */
  files: string[];
  diagnostics: Diagnostic[];
  /** Paths (relative, with `/`) that were refused, so a slide loading one can be told why. */
  refused: Map<string, string>;
}

/** How deep assets/ may nest; deeper is almost surely a link structure gone wrong. */
const MAX_DEPTH = 32;

const within = (path: string, folder: string) => path === folder || path.startsWith(folder + sep);

/**
 * @param sources assets folders in order; a later one wins on a clash
 * @param allowed real paths a link may point into
 * @param cwd paths in diagnostics are shown relative to it
 */
export async function copyAssets(sources: string[], dest: string, allowed: string[], cwd = process.cwd()): Promise<AssetsCopy> {
  const result: AssetsCopy = { files: [], diagnostics: [], refused: new Map() };
  const written = new Set<string>();
  const refuse = (path: string, rel: string, message: string, hint: string, severity: 'error' | 'warning' = 'error') => {
    result.diagnostics.push({ severity, location: { file: relative(cwd, path) || path, line: 1, column: 1 }, message, hint });
    if (severity === 'error') result.refused.set(rel, message);
  };
  const inside = (real: string) => allowed.some((a) => within(real, a));

  async function walk(dir: string, realDir: string, rel: string, chain: string[]): Promise<void> {
    if (chain.length > MAX_DEPTH) return refuse(dir, rel, `assets nest deeper than ${MAX_DEPTH} folders`, 'flatten the folder, or remove the link that repeats it');
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (e) {
      return refuse(dir, rel, `cannot be read (${(e as NodeJS.ErrnoException).code}); it is not copied`, 'check its permissions');
    }
    if (written.delete(rel)) await rm(join(dest, rel), { force: true });
    await mkdir(join(dest, rel), { recursive: true });
    for (const name of names) {
      const path = join(dir, name);
      const to = rel ? `${rel}/${name}` : name;
      let real = join(realDir, name);
      let info = await lstat(path);
      if (info.isSymbolicLink()) {
        try {
          real = await realpath(path);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') refuse(path, to, 'is a symbolic link loop; it is not copied', 'remove the link, or point it at a file');
          else refuse(path, to, `is a symbolic link to nothing (${code}); it is not copied`, 'remove the link, or point it at a file', 'warning');
          continue;
        }
        if (!inside(real)) {
          refuse(path, to, `is a symbolic link to ${real}, outside the project; it is not copied`, 'copy the file into assets/ instead of linking it');
          continue;
        }
        info = await stat(real);
        // A link to a folder that holds this one would be copied forever.
        if (info.isDirectory() && chain.some((c) => within(c, real))) {
          refuse(path, to, `is a symbolic link to ${relative(cwd, real) || real}, a folder holding it: a loop; it is not copied`, 'remove the link');
          continue;
        }
      }
      if (info.isDirectory()) await walk(path, real, to, [...chain, real]);
      else if (info.isFile()) {
        try {
          await (await open(real, 'r')).close();
        } catch (e) {
          refuse(path, to, `cannot be read (${(e as NodeJS.ErrnoException).code}); it is not copied`, 'check its permissions');
          continue;
        }
        const target = join(dest, to);
        // A clash with the other assets folder: the later one wins, even a file over a folder.
        if ((await lstat(target).catch(() => null))?.isDirectory()) {
          for (const f of written) if (f.startsWith(`${to}/`)) written.delete(f);
          await rm(target, { recursive: true, force: true });
        }
        await copyFile(real, target);
        written.add(to);
      } else refuse(path, to, 'is not a regular file or folder (a socket, pipe or device); it is not copied', 'remove it from assets/', 'warning');
    }
  }

  for (const source of sources) {
    const info = await lstat(source).catch(() => null);
    if (!info) continue;
    let real: string;
    try {
      real = await realpath(source);
    } catch {
      refuse(source, '', 'is a symbolic link loop or to nothing; the folder is not copied', 'make assets/ a real folder');
      continue;
    }
    if (!inside(real)) {
      refuse(source, '', `is a symbolic link to ${real}, outside the project; the folder is not copied`, 'make assets/ a real folder inside the project');
      continue;
    }
    if (!(await stat(real)).isDirectory()) continue;
    await walk(source, real, 'assets', [real]);
  }
  result.files = [...written].sort();
  return result;
}
