import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ISOLATION_WORKER } from '../runtime/isolation.js';
import { manifestPrelude, type PrecacheManifest } from '../runtime/precache.js';
import { OUTPUT_MARKER } from './output.js';

/**
 * The files of the build in `dir` the service worker precaches (everything but itself and gildeck's marker), and
 * their version: a hash of every path and its contents, so the same build gives the same worker byte for byte and
 * any change gives a new one, which browsers install in place of the old.
 */
export async function precacheManifest(dir: string): Promise<PrecacheManifest> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split(sep).join('/'))
    .filter((f) => f !== ISOLATION_WORKER && !f.startsWith(OUTPUT_MARKER))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f}\0${createHash('sha256').update(await readFile(join(dir, f))).digest('hex')}\n`);
  return { version: hash.digest('hex').slice(0, 16), files };
}

/** Writes gildeck-sw.js into the finished build `dir`: the manifest of its files, then the worker's code. */
export async function writeServiceWorker(dir: string, code: Uint8Array): Promise<PrecacheManifest> {
  const manifest = await precacheManifest(dir);
  await writeFile(join(dir, ISOLATION_WORKER), Buffer.concat([Buffer.from(manifestPrelude(manifest)), code]));
  return manifest;
}
