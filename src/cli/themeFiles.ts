import { copyFile, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { type Diagnostic, SourceFile, stylesheetUrls, type ThemeFile } from '../compiler/index.js';

/** How deep a deck stylesheet's `@import`s of its own stylesheets are followed. */
const MAX_IMPORTS = 8;

/**
 * Puts the files the theme keys name (logo, fonts, `style`) into the output: one already there (under assets/) is
 * kept; any other is copied from the deck's folder, refused if it is a link leaving the project. The stylesheet, and
 * the stylesheets it loads, are read for their `url()`s: an off-origin one is an error at its position in the sheet,
 * a local one is copied too, or reported when it is missing.
 *
 * @param taken output paths gildeck wrote itself (the page, the bundle), which a theme file must not replace
 */
export async function copyThemeFiles(files: readonly ThemeFile[], deckDir: string, out: string, allowed: readonly string[], taken: ReadonlySet<string>, cwd = process.cwd()): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const written: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const inside = (real: string) => allowed.some((a) => real === a || real.startsWith(a + sep));

  /** Makes `path` (relative to the output, with `/`) present in the output; says why not, or null. */
  async function place(path: string): Promise<string | null> {
    if (taken.has(path)) return 'has the name of a file gildeck writes';
    const target = join(out, path);
    if (!target.startsWith(out + sep)) return "leaves the deck's folder";
    if ((await stat(target).catch(() => null))?.isFile()) return null;
    const source = join(deckDir, path);
    const real = await realpath(source).catch(() => null);
    if (!real || !(await stat(real).catch(() => null))?.isFile()) return `is not in the deck's folder (${relative(cwd, source) || source})`;
    if (!inside(real)) return `is a symbolic link to ${real}, outside the project`;
    await mkdir(dirname(target), { recursive: true });
    await copyFile(real, target);
    written.push(path);
    return null;
  }

  async function sheet(path: string, depth: number): Promise<void> {
    if (seen.has(path) || depth > MAX_IMPORTS) return;
    seen.add(path);
    const file = new SourceFile(relative(cwd, join(deckDir, path)) || path, await readFile(join(out, path), 'utf8'));
    const { errors, local } = stylesheetUrls(file, path);
    diagnostics.push(...errors);
    for (const u of local) {
      const why = await place(u.path);
      if (why) diagnostics.push({ severity: 'warning', location: u.location, message: `"${u.url}" ${why}, so it will not load`, hint: 'put the file next to the stylesheet (or in assets/) and write its relative path' });
      else if (/\.css$/i.test(u.path)) await sheet(u.path, depth + 1);
    }
  }

  for (const f of files) {
    const path = f.url.replace(/^\.\//, '');
    const why = await place(path);
    if (why) {
      const severity = taken.has(path) ? 'error' : 'warning';
      diagnostics.push({ severity, location: f.location, message: `the ${f.kind} "${f.url}" ${why}${severity === 'warning' ? ', so it will not load' : ''}`, hint: `put the file in the deck's folder (e.g. in assets/) and write its path relative to it` });
    } else if (f.kind === 'style') await sheet(path, 0);
  }
  return { files: written, diagnostics };
}
