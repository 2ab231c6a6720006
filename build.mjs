#!/usr/bin/env node
// gildeck's build script and CLI entry. The CLI is TypeScript under src/cli; this file bundles it with esbuild
// (cached until a source file changes) and runs it. `node build.mjs --help` lists the commands.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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

/** Bundles the CLI (with the compiler) unless an up-to-date bundle is cached, and imports it. */
export async function loadGildeck() {
  const stamp = sourceStamp(join(root, 'src'), createHash('sha256')).digest('hex').slice(0, 16);
  const file = join(cacheDir, `cli-${stamp}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(root, 'src/cli/main.ts')],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'error',
    });
  }
  return import(pathToFileURL(file).href);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const cli = await loadGildeck();
  process.exitCode = await cli.main(process.argv.slice(2), { root, reload: loadGildeck });
}
