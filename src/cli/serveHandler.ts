import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { posix } from 'node:path';
import type { Snapshot } from './snapshot.js';

/** What the dev client hears on the event stream. `build` names the last good build; pages carry the one they show. */
export interface Status {
  ok: boolean;
  errors: string[];
  build: string;
}

/**
 * Sent with every answer. Shared memory (SharedArrayBuffer, Atomics.wait) needs the page to be cross-origin
 * isolated; nosniff keeps a browser from reading a text file as a script.
 */
export const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

const TEXT = 'text/plain; charset=utf-8';

/**
 * Only loopback names: a page on another site whose name is re-pointed at 127.0.0.1 (DNS rebinding) sends its
 * own name as Host, and must not read the deck or its sources.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i.test(host);
}

/** A snapshot while it is served; large files are read through its open handles, closed once nobody reads them. */
export class ServedBuild {
  private readers = 0;
  private retired = false;

  constructor(
    readonly id: string,
    readonly snapshot: Snapshot,
  ) {}

  acquire(): () => void {
    this.readers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.readers === 0 && this.retired) void this.snapshot.close();
    };
  }

  /** No longer the current build: close its handles after the answers in flight. */
  retire(): void {
    this.retired = true;
    if (this.readers === 0) void this.snapshot.close();
  }
}

export interface DevServerState {
  /** The last good build, or null before the first one. */
  current: () => ServedBuild | null;
  /** The good build before it: a page of that build may still ask for its content-hashed bundles. */
  previous: () => ServedBuild | null;
  status: () => Status;
  clients: Set<ServerResponse>;
  /** The dev client's script, or null when serve does not watch. */
  client: string | null;
  /** Live runs of real Python (`serve --python`), or null. */
  cpython?: { handle(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void } | null;
}

/** The tag that loads the dev client, with the build the page belongs to. */
export const clientTag = (build: string) => `<script src="/__gildeck/client.js" data-build="${build}"></script>`;

/** Content-hashed bundle names never change meaning, so an older page may still load them from the build before. */
const HASHED = /^\/gildeck\.(?:[\w-]+\.)?[A-Za-z0-9]+\.(?:js|css)$/;

/**
 * Streams a file through its open handle with positional reads. Not fs.createReadStream: destroying such a stream
 * (when the browser goes away mid-file) closes the descriptor, which the snapshot still shares with other answers.
 */
async function sendFromHandle(handle: FileHandle, size: number, res: ServerResponse): Promise<void> {
  for (let at = 0; at < size && !res.destroyed; ) {
    // A fresh buffer each time: res.write may hold on to it until it is sent.
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(Math.min(256 * 1024, size - at)), 0, Math.min(256 * 1024, size - at), at);
    if (bytesRead === 0) throw new Error('the file is shorter than when the build was read');
    at += bytesRead;
    if (!res.write(buffer.subarray(0, bytesRead))) {
      await new Promise<void>((go) => {
        const on = () => (res.off('drain', on), res.off('close', on), go());
        res.on('drain', on).on('close', on);
      });
    }
  }
  res.end();
}

export function createHandler(state: DevServerState): (req: IncomingMessage, res: ServerResponse) => void {
  const text = (res: ServerResponse, code: number, body: string, extra: Record<string, string> = {}) =>
    void res.writeHead(code, { 'Content-Type': TEXT, 'Content-Length': Buffer.byteLength(body), ...HEADERS, ...extra }).end(body);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!isLoopbackHost(req.headers.host)) {
      return text(res, 403, `gildeck serve answers only to 127.0.0.1, localhost and [::1], not to host "${req.headers.host ?? ''}"; open the address serve printed\n`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'only GET and HEAD\n', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/__gildeck/events' && state.client !== null) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', ...HEADERS });
      res.write(`retry: 500\nevent: status\ndata: ${JSON.stringify(state.status())}\n\n`);
      state.clients.add(res);
      req.on('close', () => state.clients.delete(res));
      return;
    }
    if (url.pathname === '/__gildeck/cpython' && state.cpython && req.method === 'GET') return state.cpython.handle(req, res, HEADERS);
    if (url.pathname === '/__gildeck/client.js' && state.client !== null) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', ...HEADERS });
      return void res.end(req.method === 'HEAD' ? undefined : state.client);
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return text(res, 400, 'bad request: the path is not valid URL encoding\n');
    }
    if (path.includes('\0') || path.includes('\\')) return text(res, 400, 'bad request\n');
    path = posix.normalize(path);
    if (!path.startsWith('/')) return text(res, 403, 'forbidden\n');

    const build = state.current();
    if (!build) {
      // Before the first good build there is no deck yet: a page that shows the errors, and reloads on success.
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...HEADERS });
        return void res.end(`<!doctype html><meta charset="utf-8"><title>gildeck</title>${clientTag('')}<body></body>`);
      }
      return text(res, 404, 'not found: the deck has not been built yet\n');
    }
    const { files, dirs } = build.snapshot;
    const key = path.endsWith('/') || dirs.has(path) ? posix.join(path, 'index.html') : path;
    let from = build;
    let file = files.get(key);
    const older = state.previous();
    if (!file && HASHED.test(key) && older) {
      const old = older.snapshot.files.get(key);
      if (old && 'body' in old) ((file = old), (from = older));
    }
    if (!file) return text(res, 404, `not found: ${path}\n`);
    const size = 'body' in file ? file.body.byteLength : file.size;
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': size, ...HEADERS });
    if (req.method === 'HEAD') return void res.end();
    if ('body' in file) return void res.end(file.body);
    if (size === 0) return void res.end();
    const release = from.acquire();
    void sendFromHandle(file.handle, size, res)
      .catch(() => res.destroy())
      .finally(release);
  };

  return (req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      // One bad request must never stop the talk's server.
      console.error(`request ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) text(res, 500, 'internal error; see the terminal running serve\n');
      else res.end();
    }
  };
}
