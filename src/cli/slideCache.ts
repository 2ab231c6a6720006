import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CachedSlide, memorySlideCache, type SlideCache } from '../compiler/index.js';

/**
 * Parsed slides in memory, backed by a folder keyed by the compiler's source stamp, so a fresh `build` process
 * re-parses only slides it has not seen. A broken or missing file is just a miss.
 */
export function diskSlideCache(dir: string): SlideCache {
  const memory = memorySlideCache();
  const file = (key: string) => join(dir, `${createHash('sha1').update(key).digest('hex')}.json`);
  let made = false;
  return {
    get(key) {
      const hit = memory.get(key);
      if (hit) return hit;
      try {
        const value = JSON.parse(readFileSync(file(key), 'utf8')) as CachedSlide;
        memory.set(key, value);
        return value;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      memory.set(key, value);
      try {
        if (!made) mkdirSync(dir, { recursive: true });
        made = true;
        const path = file(key);
        writeFileSync(`${path}.${process.pid}`, JSON.stringify(value));
        renameSync(`${path}.${process.pid}`, path);
      } catch {
        // A read-only or full disk only costs speed.
      }
    },
  };
}
