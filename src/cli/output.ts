import { lstat, mkdir, readdir, readFile, realpath, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { ISOLATION_WORKER } from '../runtime/isolation.js';
import { UsageError } from './deckFiles.js';

/**
 * The output folder's life cycle. A build is written into a hidden temporary sibling (`.dist.tmp-PID-TIME`), marked
 * as gildeck's from its first instant, and swapped in by two renames. A crash between the renames leaves the old
 * build as `.dist.tmp-PID-TIME.old`, which the next run renames back; every other temp folder gildeck left is removed.
 * Nothing gildeck did not write is deleted without --force, and never a folder holding the deck's sources.
 */

/** Written into every output (and every temp folder at its creation): what makes a folder gildeck's to replace. */
export const OUTPUT_MARKER = '.gildeck-output';
const markerText = (files?: string[]) =>
  `${JSON.stringify({ generator: 'gildeck', note: 'this folder is replaced by every `node build.mjs build`', ...(files ? { files } : {}) }, null, files ? 1 : undefined)}\n`;
const MARKER_TEXT = markerText();

/**
 * Records in the marker every file and folder of the finished build in `dir` (relative, with `/`): only those may be
 * replaced by the next build without --force. Written aside and renamed, so a kill never leaves a torn marker.
 */
export async function writeMarker(dir: string): Promise<void> {
  const files = (await listTree(dir)).map((e) => e.rel).filter((rel) => rel !== OUTPUT_MARKER);
  const aside = join(dir, `${OUTPUT_MARKER}.tmp`);
  await writeFile(aside, markerText(files.sort()));
  await rename(aside, join(dir, OUTPUT_MARKER));
}

/** Every file and folder under `dir`, relative with `/`; links are listed, not followed. */
async function listTree(dir: string, prefix = ''): Promise<Array<{ rel: string; folder: boolean }>> {
  const out: Array<{ rel: string; folder: boolean }> = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push({ rel, folder: entry.isDirectory() });
    if (entry.isDirectory()) out.push(...(await listTree(dir, rel)));
  }
  return out;
}

/** The first entry in a marked output that its build did not write (a file the user added), or null. */
export async function foreignEntry(dir: string): Promise<string | null> {
  const marker = await readFile(join(dir, OUTPUT_MARKER), 'utf8').catch(() => null);
  let files: unknown;
  try {
    files = marker === null ? undefined : (JSON.parse(marker) as { files?: unknown }).files;
  } catch {
    return null;
  }
  // Marked before builds listed their files: nothing to compare with.
  if (!Array.isArray(files)) return null;
  const wrote = new Set(files.filter((f): f is string => typeof f === 'string'));
  const folders = new Set([...wrote].flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const added = (await listTree(dir)).filter(({ rel }) => rel !== OUTPUT_MARKER && !wrote.has(rel) && !folders.has(rel));
  // A file is named rather than the new folder holding it: that is what the user will look for.
  return (added.find((e) => !e.folder) ?? added[0])?.rel ?? null;
}

/** Writing the output failed (permissions, disk full): a one-line message, exit code 1. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** The steps of a build's output phase, in order; a test hook can stop a build at each one. */
export type OutputStep = 'temp-created' | 'written' | 'old-moved-aside' | 'new-moved-in' | 'old-removed';
export type StepHook = (step: OutputStep, paths: { tmp: string; out: string }) => unknown;

export interface OutputPlaces {
  /** The project folder (where build.mjs is). */
  root: string;
  /** The --slides argument: a Markdown file or a folder. */
  slides: string;
  cwd?: string;
  home?: string;
}

/** `--out` as one canonical path: `dist/../dist`, `dist/.` and `dist/` are all `dist` (renames need the plain name). */
export function normalOut(out: string): string {
  return normalize(out).replace(/(?<=.)[\\/]+$/, '');
}

/**
 * True for the output folder, anything in it, and the temp folders a build writes beside it (`.dist.tmp-…`): serve's
 * watcher ignores them all, so a build never triggers another.
 */
export function isOutputPath(path: string, out: string): boolean {
  const abs = resolve(out);
  const rel = relative(dirname(abs), resolve(path));
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return false;
  const first = rel.split(sep)[0]!;
  return first === basename(abs) || first.startsWith(`.${basename(abs)}.tmp-`);
}

const within = (path: string, folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
const shown = (path: string, cwd = process.cwd()) => relative(cwd, path) || '.';

/** The real path of `path`, resolving links in the part of it that exists (the rest may not exist yet). */
async function realish(path: string): Promise<string> {
  const abs = resolve(path);
  try {
    return await realpath(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(await realish(parent), basename(abs));
  }
}

/**
 * Refuses an output path that is a file, a link, or a folder whose replacement would delete the deck's sources
 * (the project, the slides, their assets, the working or home folder, or any folder holding one of those). These
 * stand even with --force.
 */
export async function checkOutputPath(out: string, places: OutputPlaces): Promise<void> {
  const cwd = places.cwd ?? process.cwd();
  const name = `--out ${out}`;
  const info = await lstat(out).catch(() => null);
  if (info?.isSymbolicLink()) throw new UsageError(`${name}: is a symbolic link; pass --out with the folder itself (a build replaces the folder at that path)`);
  if (info && !info.isDirectory()) throw new UsageError(`${name}: is a file, not a folder; pass --out with a folder (e.g. dist); --force does not change this`);
  for (let above = dirname(resolve(out)); !info; above = dirname(above)) {
    const up = await lstat(above).catch(() => null);
    if (up && !up.isDirectory() && !(await realpath(above).then(async (r) => (await lstat(r)).isDirectory(), () => false))) {
      throw new UsageError(`${name}: ${shown(above, cwd)} is a file, so the folder cannot be made there; pass --out with a folder path`);
    }
    if (up || dirname(above) === above) break;
  }
  const real = await realish(out);
  const slides = await realish(places.slides);
  const slidesInfo = await lstat(slides).catch(() => null);
  const deckDir = slidesInfo?.isDirectory() ? slides : dirname(slides);
  const root = await realish(places.root);
  const sources: Array<[string, string]> = [
    [root, 'the project folder'],
    ...['src', 'node_modules', '.git', 'tests'].map((d): [string, string] => [join(root, d), `the project's ${d}`]),
    [slides, 'the slides'],
    [deckDir, 'the deck folder'],
    [join(root, 'assets'), "the project's assets"],
    [join(deckDir, 'assets'), "the deck's assets"],
    [await realish(cwd), 'the current folder'],
    [await realish(places.home ?? homedir()), 'your home folder'],
  ];
  const hint = 'pass --out with a folder of its own (e.g. dist); --force does not change this';
  if (dirname(real) === real) throw new UsageError(`${name}: is the file system's root; ${hint}`);
  for (const [path, what] of [...sources.filter(([p]) => p === real), ...sources]) {
    if (within(path, real)) throw new UsageError(`${name}: ${path === real ? 'is' : 'holds'} ${what} (${shown(path, cwd)}), which a build would delete; ${hint}`);
  }
  // Folders the build copies (or gildeck's code and cache live in): an output inside them would be copied into
  // itself or read back. An output beside the slides (slides/dist) is fine: the build reads only the .md files there,
  // and serve's watcher ignores the output and its temp folders.
  const read: Array<[string, string, string]> = [
    ...sources.filter(([, what]) => what.endsWith('assets')).map(([p, what]): [string, string, string] => [p, what, 'which the build copies']),
    ...['src', 'node_modules', '.git'].map((d): [string, string, string] => [join(root, d), `the project's ${d}`, 'which gildeck reads']),
  ];
  for (const [path, what, why] of read) {
    if (within(real, path)) throw new UsageError(`${name}: is inside ${what} (${shown(path, cwd)}), ${why}; ${hint}`);
  }
}

/**
 * Everything to do before writing into `out`: refuse paths that must not be replaced, repair and clean what killed
 * builds left, and refuse a folder gildeck did not write unless forced.
 */
export async function prepareOutput(out: string, places: OutputPlaces, force = false): Promise<{ restored: string | null; left: string[] }> {
  await checkOutputPath(out, places);
  const stale = await cleanStaleTemps(out);
  await checkReplaceable(out, force);
  return stale;
}

/** True for a folder gildeck wrote: it has the marker, or (from builds before the marker) holds only gildeck's files. */
export async function isGildeckOutput(dir: string): Promise<boolean> {
  const marker = await readFile(join(dir, OUTPUT_MARKER), 'utf8').catch(() => null);
  if (marker !== null) {
    try {
      return (JSON.parse(marker) as { generator?: unknown }).generator === 'gildeck';
    } catch {
      return false;
    }
  }
  const names: string[] = await readdir(dir).catch(() => []);
  const ours = new RegExp(`^(index\\.html|assets|${ISOLATION_WORKER.replace('.', '\\.')}|gildeck\\.[A-Z0-9]{8}\\.(js|css))$`);
  return names.includes('index.html') && names.some((n) => /^gildeck\.[A-Z0-9]{8}\.js$/.test(n)) && names.every((n) => ours.test(n));
}

/** Refuses to replace a folder that is neither empty nor gildeck's, unless forced. */
export async function checkReplaceable(out: string, force: boolean): Promise<void> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    // Unreadable: what is in it cannot be known, so it is not replaced.
    throw outputError(e, out);
  }
  if (!names.length || force) return;
  if (await isGildeckOutput(out)) {
    const added = await foreignEntry(out).catch((e: unknown) => {
      throw outputError(e, out);
    });
    if (added === null) return;
    throw new UsageError(
      `--out ${out}: ${join(out, added)} was not written by the previous build, and a build would delete it. ` +
        `Move it out of ${out}, or add --force to replace everything in it`,
    );
  }
  throw new UsageError(
    `--out ${out}: the folder is not empty and is not a gildeck build (it has no ${OUTPUT_MARKER}); a build would delete its ${names.length} ${names.length === 1 ? 'entry' : 'entries'}. ` +
      `Pass --out with a new or empty folder, or add --force to replace everything in it`,
  );
}

const tempPattern = (out: string) => new RegExp(`^\\.${basename(out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-(\\d+)-(\\d+)(\\.old)?$`);

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Repairs what a killed build left next to `out`: if `out` is missing and an old build was moved aside, renames the
 * newest back; then removes every temp folder of a dead gildeck process (name pattern and marker both required).
 * Returns the paths it could not remove (e.g. no permission), for a warning.
 */
export async function cleanStaleTemps(out: string): Promise<{ restored: string | null; left: string[] }> {
  const parent = dirname(resolve(out));
  const pattern = tempPattern(out);
  const temps = ((await readdir(parent).catch(() => [])) as string[])
    .map((name) => ({ name, m: pattern.exec(name) }))
    .filter((t): t is { name: string; m: RegExpExecArray } => !!t.m && !alive(Number(t.m[1])))
    .map((t) => ({ path: join(parent, t.name), time: Number(t.m[2]), old: !!t.m[3] }));
  let restored: string | null = null;
  if (!(await lstat(out).catch(() => null))) {
    // The old build is restored even without a marker: a rename back loses nothing.
    const old = temps.filter((t) => t.old).sort((a, b) => b.time - a.time)[0];
    if (old && (await rename(old.path, out).then(() => true, () => false))) restored = old.path;
  }
  const left: string[] = [];
  for (const t of temps) {
    if (t.path === restored) continue;
    // Ours: it carries the marker, or holds nothing but the marker's file (a build killed while writing it leaves
    // that file empty or cut short), or nothing at all (killed before it).
    const names: string[] = await readdir(t.path).catch(() => ['']);
    if (!(await isGildeckOutput(t.path)) && names.some((n) => n !== OUTPUT_MARKER)) continue;
    if (!(await removeOutputTree(t.path))) left.push(t.path);
  }
  return { restored, left };
}

/**
 * Removes a folder gildeck wrote, its marker last, so a removal cut short still carries the marker and the next run
 * finishes it. Returns false if something could not be removed.
 */
export async function removeOutputTree(dir: string): Promise<boolean> {
  try {
    for (const name of await readdir(dir)) if (name !== OUTPUT_MARKER) await rm(join(dir, name), { recursive: true, force: true });
    await unlink(join(dir, OUTPUT_MARKER)).catch(() => undefined);
    await rmdir(dir);
    return true;
  } catch {
    return false;
  }
}

/** Creates the marked temp folder a build writes into, next to `out` (same file system, so the swap is a rename). */
export async function createTemp(out: string): Promise<string> {
  const abs = resolve(out);
  const tmp = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(dirname(abs), { recursive: true });
  await mkdir(tmp);
  await writeFile(join(tmp, OUTPUT_MARKER), MARKER_TEXT);
  return tmp;
}

/**
 * Puts the complete build `tmp` at `out`. Between the two renames `out` is briefly missing, with the old build
 * at `<tmp>.old`: on an error it is renamed back here, after a crash by the next run's cleanStaleTemps.
 * Returns false if the old build could not be removed (it is left for the next run).
 */
export async function swapIn(tmp: string, out: string, step?: StepHook): Promise<boolean> {
  const paths = { tmp, out };
  const old = `${tmp}.old`;
  const hadOut = !!(await lstat(out).catch(() => null));
  if (hadOut) await rename(out, old);
  try {
    if (hadOut) await step?.('old-moved-aside', paths);
    await rename(tmp, out);
  } catch (e) {
    if (hadOut) await rename(old, out).catch(() => undefined);
    throw e;
  }
  await step?.('new-moved-in', paths);
  const removed = hadOut ? await removeOutputTree(old) : true;
  await step?.('old-removed', paths);
  return removed;
}

const REASONS: Record<string, [string, string]> = {
  EACCES: ['permission denied', 'make it writable, or pass --out with a folder you can write'],
  EPERM: ['operation not permitted', 'make it writable, or pass --out with a folder you can write'],
  EROFS: ['read-only file system', 'pass --out with a folder on a writable disk'],
  ENOSPC: ['no space left on device', 'free some space and build again'],
  EDQUOT: ['disk quota exceeded', 'free some space and build again'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'pass --out with a folder path'],
  EMFILE: ['too many open files', 'close some programs and build again'],
};

/** The one-line message for a failure to write `out`, from the file system's error code. */
export function outputError(e: unknown, out: string, restored = true): OutputError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const [reason, hint] = REASONS[code] ?? [(e as Error).message?.split(',')[0] ?? String(e), 'check the folder and build again'];
  const folder = `${shown(resolve(out))}/`;
  const where = code === 'EACCES' || code === 'EPERM' ? hint.replace('make it', `make ${shown(dirname(resolve(out)))}/ (where the build is written)`) : hint;
  return new OutputError(
    `cannot write ${folder}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}; ${where}; ${restored ? `${folder} left as it was` : 'the next build restores the previous output'}`,
  );
}
