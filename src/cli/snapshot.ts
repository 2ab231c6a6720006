import { constants, type Dirent } from 'node:fs';
import { type FileHandle, open, readdir, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/** One file of a build as served: its bytes in memory, or (when large) an open handle to the built file. */
export type SnapshotFile = { type: string; body: Buffer } | { type: string; handle: FileHandle; size: number };

/** An immutable copy of one complete build: serve answers from it, so a rebuild never shows a half-written file. */
export interface Snapshot {
  /** URL path (`/index.html`, `/assets/a.png`) to file. */
  files: ReadonlyMap<string, SnapshotFile>;
  /** Folders, as URL paths without a trailing slash (`/assets`); `/` is always one. */
  dirs: ReadonlySet<string>;
  /** Entries left out because they are symlinks or not plain files, relative to the build folder. */
  skipped: string[];
  /** Closes the handles of large files; a snapshot no longer served calls it once its last answer is sent. */
  close: () => Promise<void>;
}

export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

export const typeOf = (path: string) => TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

export interface SnapshotOptions {
  /** Files larger than this stay on disk behind an open handle instead of being copied into memory. */
  maxInMemory?: number;
  /** Once this many bytes are in memory, further files also stay behind handles. */
  memoryBudget?: number;
  /** Rewrites each HTML file as it is read (serve injects its dev client). */
  html?: (text: string) => string;
}

/**
 * Reads a finished build folder into a snapshot. Never follows a symlink (a link in the output could point
 * anywhere, or at itself): links and anything that is not a plain file or folder are skipped, and every file is
 * opened with O_NOFOLLOW and checked to lie inside the folder's real path.
 */
export async function readSnapshot(folder: string, opts: SnapshotOptions = {}): Promise<Snapshot> {
  const maxInMemory = opts.maxInMemory ?? 8 * 1024 * 1024;
  let budget = opts.memoryBudget ?? 256 * 1024 * 1024;
  const root = await realpath(folder);
  const files = new Map<string, SnapshotFile>();
  const dirs = new Set<string>(['/']);
  const skipped: string[] = [];
  const handles: FileHandle[] = [];
  const close = async () => {
    await Promise.all(handles.splice(0).map((h) => h.close().catch(() => undefined)));
  };
  try {
    const walk = async (dir: string, url: string): Promise<void> => {
      const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
      for (const entry of entries) {
        const path = join(dir, entry.name);
        const at = `${url}${entry.name}`;
        if (entry.isDirectory()) {
          dirs.add(at);
          await walk(path, `${at}/`);
        } else if (entry.isFile()) {
          const file = await readFile(root, path, Math.min(maxInMemory, budget), opts.html);
          if (!file) skipped.push(at.slice(1));
          else {
            if ('handle' in file) handles.push(file.handle);
            else budget -= file.body.byteLength;
            files.set(at, file);
          }
        } else skipped.push(at.slice(1));
      }
    };
    await walk(root, '/');
  } catch (e) {
    await close();
    throw e;
  }
  return { files, dirs, skipped, close };
}

async function readFile(root: string, path: string, maxInMemory: number, html?: (text: string) => string): Promise<SnapshotFile | null> {
  // The entry was a plain file when listed; O_NOFOLLOW refuses it if it has since been swapped for a link.
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
  if (!handle) return null;
  let keep = false;
  try {
    const info = await handle.stat();
    const real = await realpath(path).catch(() => null);
    if (!info.isFile() || !real || !real.startsWith(root + sep)) return null;
    const type = typeOf(path);
    if (info.size > maxInMemory && !(html && type.startsWith('text/html'))) {
      keep = true;
      return { type, handle, size: info.size };
    }
    const body = await handle.readFile();
    return { type, body: html && type.startsWith('text/html') ? Buffer.from(html(body.toString('utf8'))) : body };
  } finally {
    if (!keep) await handle.close();
  }
}
