#!/usr/bin/env node
// gildeck's build script and CLI entry. The CLI is TypeScript under src/cli; this file bundles it with esbuild
// (cached until a source file changes) and runs it. `node build.mjs --help` lists the commands.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
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

/** Bundles the CLI (with the compiler) unless an up-to-date bundle is cached, and imports it. */
export async function loadGildeck() {
  const stamp = stampNow();
  const dir = join(cacheDir, `cli-${stamp}`);
  const file = join(dir, 'main.mjs');
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    const { build } = await import('esbuild');
    // Built aside and renamed into place: concurrent runs never import half a bundle.
    const tmp = `${dir}.${process.pid}.tmp`;
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
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process got there first
    }
    // Drop bundles of older sources; the cache holds one generation.
    for (const name of readdirSync(cacheDir)) {
      if (!name.includes(stamp) && /^(cli|runtime|slides)-/.test(name)) rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
  }
  const cli = await import(pathToFileURL(file).href);
  return { ...cli, stamp };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cli = await loadGildeck();
  process.exitCode = await cli.main(process.argv.slice(2), { root, cacheDir, stamp: cli.stamp, reload: loadGildeck });
}
