#!/usr/bin/env node
// gildeck's build script and CLI entry. The CLI is TypeScript under src/cli; this file bundles it with esbuild
// (cached until a source file changes) and runs it. `node build.mjs --help` lists the commands.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { threadId } from 'node:worker_threads';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
/**
 * Installed as a dependency (root is .../node_modules/gildeck), the node_modules folder gildeck lives in; in
 * gildeck's own repository, null. Installed, the project is the current folder and the command is `gildeck`.
 */
const installedIn = (() => {
  const at = root.lastIndexOf(`${sep}node_modules${sep}`);
  return at < 0 ? null : root.slice(0, at + `${sep}node_modules`.length);
})();

/** Where bundles are cached: the repository's node_modules/.cache/gildeck (as always), else the project's, else tmp. */
function cacheCandidates() {
  return installedIn ? [join(installedIn, '.cache', 'gildeck'), tmpCache()] : [join(root, 'node_modules', '.cache', 'gildeck')];
}
const tmpCache = () => join(tmpdir(), `gildeck-cache-${typeof process.getuid === 'function' ? process.getuid() : 'user'}`);

/** The first cache folder that can be made and written to (a shared tmp folder only if it is this user's own). */
function usableCacheDir() {
  const candidates = cacheCandidates();
  for (const [i, dir] of candidates.entries()) {
    if (i === candidates.length - 1) return dir; // the last one is used as is: failing there is the error shown
    try {
      mkdirSync(dir, { recursive: true });
      accessSync(dir, constants.W_OK);
      return dir;
    } catch {
      // Not writable (a global install under /usr): try the next place.
    }
  }
  return candidates[0];
}

/** The tmp cache folder is made private; one made by another user (or a link to elsewhere) is refused. */
function ownCacheDir(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  if (!info.isDirectory() || (typeof process.getuid === 'function' && info.uid !== process.getuid())) {
    throw new LoadError(`the cache folder ${dir} is not a folder of your own; remove it and run again`);
  }
}

let cacheDir = cacheCandidates()[0];

function sourceStamp(dir, hash) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceStamp(path, hash);
    else {
      const s = statSync(path);
      hash.update(`${path}:${s.size}:${s.mtimeMs}\n`);
    }
  }
  return hash;
}

/** A key that changes whenever src/ or the installed dependencies change; names the cached bundles. */
function stampNow() {
  const hash = sourceStamp(join(root, 'src'), createHash('sha256'));
  // Installed, the package's version and npm's record of the node_modules tree it was installed into (every
  // npm install rewrites it) stand for the repository's lock file.
  for (const lock of [join(root, 'package-lock.json'), ...(installedIn ? [join(installedIn, '.package-lock.json')] : [])]) {
    if (existsSync(lock)) hash.update(`lock:${lock}:${statSync(lock).mtimeMs}:${statSync(lock).size}`);
  }
  if (installedIn) hash.update(readFileSync(join(root, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

/** A cached bundle not used for this long is removed; a younger one may still be loading in another process or thread. */
const KEEP_MS = 60 * 60 * 1000;

/** Loading the CLI failed (cache not writable, a source file that does not parse): a one-line message. */
class LoadError extends Error {
  name = 'LoadError';
}

/** Bundles the CLI (with the compiler) unless an up-to-date bundle is cached, and imports it. */
export async function loadGildeck() {
  let stamp = '';
  try {
    cacheDir = usableCacheDir();
    stamp = stampNow();
    const file = await ensureBundle(stamp);
    const cli = await import(pathToFileURL(file).href);
    return { ...cli, stamp, cacheDir };
  } catch (e) {
    if (e instanceof LoadError) throw e;
    const what = Array.isArray(e?.errors) ? 'a source file does not compile' : String(e?.message ?? e).split('\n')[0];
    throw new LoadError(`could not load gildeck's CLI (bundled into ${join(cacheDir, `cli-${stamp}`)}): ${what}; fix it (or remove ${cacheDir}) and run again`);
  }
}

async function ensureBundle(stamp) {
  const dir = join(cacheDir, `cli-${stamp}`);
  const file = join(dir, 'main.mjs');
  if (!existsSync(file)) {
    if (cacheDir === tmpCache()) ownCacheDir(cacheDir);
    else mkdirSync(cacheDir, { recursive: true });
    const { build } = await import('esbuild');
    // Built aside and renamed into place: no reader ever imports half a bundle. The name is unique per thread too,
    // since serve's build workers share this process's pid.
    const tmp = `${dir}.${process.pid}-${threadId}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await build({
        entryPoints: { main: join(root, 'src/cli/main.ts') },
        // Named, not found: esbuild ignores a tsconfig.json under node_modules, where an installed gildeck lives.
        ...(existsSync(join(root, 'tsconfig.json')) ? { tsconfig: join(root, 'tsconfig.json') } : {}),
        outdir: tmp,
        outExtension: { '.js': '.mjs' },
        // Commands load what they use: a build does not parse the dev server, the engine or the benchmarks.
        splitting: true,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Dependencies are bundled in: one file loads far faster than hundreds of small ESM modules.
        plugins: [externalFromRoot(['esbuild', 'playwright-core'])],
        banner: { js: "import { createRequire as __gdRequire } from 'node:module'; const require = __gdRequire(import.meta.url);" },
        sourcemap: 'linked',
        logLevel: 'error',
      });
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(file)) throw e; // else another process or thread got there first
    }
  }
  // The modification time says when a bundle was last loaded: only bundles unused for KEEP_MS are pruned, so a
  // process still importing an older generation's chunks (or a slower thread's newer one) never loses them.
  const now = new Date();
  try {
    utimesSync(dir, now, now);
  } catch {
    // Only affects pruning.
  }
  for (const name of readdirSync(cacheDir)) {
    if (name.includes(stamp) || !/^(cli|runtime|slides)-/.test(name)) continue;
    const path = join(cacheDir, name);
    const age = now.getTime() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now.getTime());
    if (age > KEEP_MS) rmSync(path, { recursive: true, force: true });
  }
  return file;
}

/**
 * Packages left out of the bundle (esbuild's binary, playwright's driver), imported by their absolute path as found
 * from gildeck's own folder: the bundle lives in a cache that may be anywhere (tmp), where a bare name would not
 * resolve, or would find another version the project installed.
 */
function externalFromRoot(names) {
  const filter = new RegExp(`^(${names.join('|')})(/|$)`);
  return {
    name: 'gildeck-external-from-root',
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData === 'inner') return undefined;
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: root, pluginData: 'inner' });
        if (found.errors.length) return { errors: found.errors };
        return { path: pathToFileURL(found.path).href, external: true };
      });
    },
  };
}

/** Run as a program: `node build.mjs`, or the `gildeck` bin (a link to this file, so compared by real path). */
const isMain = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();

if (isMain) {
  const cli = await loadGildeck().catch((e) => {
    if (!(e instanceof LoadError)) throw e;
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
  const place = installedIn ? { project: process.cwd(), bin: 'gildeck' } : { project: root, bin: 'node build.mjs' };
  if (installedIn) process.env.GILDECK_COMMAND = 'npx gildeck'; // for the hints in build messages (src/cli/commandName.ts)
  process.exitCode = await cli.main(process.argv.slice(2), { root, cacheDir: cli.cacheDir, stamp: cli.stamp, ...place });
}
