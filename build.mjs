#!/usr/bin/env node
// gildeck's build script and CLI entry. The CLI is TypeScript under src/cli; this file bundles it with esbuild
// (cached until a source file changes) and runs it. `node build.mjs --help` lists the commands.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'gildeck');

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
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) hash.update(`lock:${statSync(lock).mtimeMs}:${statSync(lock).size}`);
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
    stamp = stampNow();
    const file = await ensureBundle(stamp);
    const cli = await import(pathToFileURL(file).href);
    return { ...cli, stamp };
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
    mkdirSync(cacheDir, { recursive: true });
    const { build } = await import('esbuild');
    // Built aside and renamed into place: no reader ever imports half a bundle. The name is unique per thread too,
    // since serve's build workers share this process's pid.
    const tmp = `${dir}.${process.pid}-${threadId}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await build({
        entryPoints: { main: join(root, 'src/cli/main.ts') },
        outdir: tmp,
        outExtension: { '.js': '.mjs' },
        // Commands load what they use: a build does not parse the dev server, the engine or the benchmarks.
        splitting: true,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Dependencies are bundled in: one file loads far faster than hundreds of small ESM modules.
        external: ['esbuild', 'playwright-core'],
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cli = await loadGildeck().catch((e) => {
    if (!(e instanceof LoadError)) throw e;
    console.error(`error: ${e.message}`);
    process.exit(1);
  });
  process.exitCode = await cli.main(process.argv.slice(2), { root, cacheDir, stamp: cli.stamp });
}
