import { watch } from 'chokidar';
import { build as esbuild } from 'esbuild';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { formatDiagnostic } from '../compiler/index.js';
import { UsageError } from './deckFiles.js';
import { RuntimeBundler } from './runtimeBundle.js';

export interface ServeOptions {
  root: string;
  slides: string;
  out: string;
  port: number;
  reload: () => Promise<typeof import('./main.js')>;
  /** Called with the URL once listening (tests use it instead of parsing stdout). */
  onListening?: (url: string) => void;
  /** Resolves to stop the server (tests); otherwise Ctrl-C stops it. */
  until?: Promise<void>;
  /** Watch and live-reload (default true); benchmarks serve a fixed build. */
  watch?: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

/** Shared memory (SharedArrayBuffer, Atomics.wait) needs the page to be cross-origin isolated. */
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

interface Status {
  ok: boolean;
  errors: string[];
  build: number;
}

/** Builds, serves on 127.0.0.1, rebuilds on change and live-reloads; resolves with the exit code when stopped. */
export async function serve(opts: ServeOptions): Promise<number> {
  const watching = opts.watch !== false;
  let cli = await opts.reload();
  const bundler = new RuntimeBundler(opts.root);
  const outDir = resolve(opts.out);
  const client = (await esbuild({ entryPoints: [join(opts.root, 'src/runtime/devClient.ts')], bundle: true, write: false, format: 'iife', minify: true, logLevel: 'silent' })).outputFiles[0]!.text;
  const clients = new Set<ServerResponse>();
  let status: Status = { ok: false, errors: [], build: 0 };

  const broadcast = () => {
    for (const res of clients) res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
  };

  let pending: Promise<void> = Promise.resolve();
  let runtimeStale = true;
  const rebuild = (reason: { sourceChanged: boolean }) =>
    (pending = pending.then(async () => {
      try {
        if (reason.sourceChanged) {
          cli = await opts.reload();
          runtimeStale = true;
        }
        // A failed build never reaches the bundler, so a source change stays pending until a build succeeds.
        const summary = await cli.buildDeck({ root: opts.root, slides: opts.slides, out: opts.out, bundler, rebundle: runtimeStale });
        if (summary.ok) runtimeStale = false;
        cli.printSummary(summary, opts.out);
        status = summary.ok
          ? { ok: true, errors: [], build: status.build + 1 }
          : { ok: false, errors: summary.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), build: status.build };
      } catch (e) {
        const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
        console.error(`rebuild failed: ${message}`);
        status = { ...status, ok: false, errors: [e instanceof UsageError ? e.message : message] };
      }
      broadcast();
    }));

  await rebuild({ sourceChanged: true });

  const server = createServer((req, res) =>
    handle(req, res).catch((e: unknown) => {
      // One bad request must never stop the talk's server.
      console.error(`request ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, ISOLATION);
      res.end();
    }),
  );
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/__gildeck/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive', ...ISOLATION });
      res.write(`retry: 500\nevent: status\ndata: ${JSON.stringify(status)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === '/__gildeck/client.js') {
      res.writeHead(200, { 'Content-Type': TYPES['.js']!, ...ISOLATION });
      res.end(client);
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return void res.writeHead(400, { 'Content-Type': 'text/plain', ...ISOLATION }).end('bad request');
    }
    let path = normalize(join(outDir, decoded));
    if (path !== outDir && !path.startsWith(outDir + sep)) return void res.writeHead(403, ISOLATION).end('forbidden');
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) path = join(path, 'index.html');
    else if (!info) {
      // Before the first good build there is no deck yet: answer with a page that shows the errors.
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { 'Content-Type': TYPES['.html']!, ...ISOLATION });
        res.end(`<!doctype html><meta charset="utf-8"><title>gildeck</title><script src="/__gildeck/client.js"></script><body></body>`);
        return;
      }
      return void res.writeHead(404, { 'Content-Type': 'text/plain', ...ISOLATION }).end('not found');
    }
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    if (path.endsWith('.html')) {
      const html = await readFile(path, 'utf8').catch(() => null);
      if (html === null) return void res.writeHead(404, ISOLATION).end('not found');
      res.writeHead(200, { 'Content-Type': type, ...ISOLATION });
      res.end(watching ? html.replace('</head>', '<script src="/__gildeck/client.js"></script>\n</head>') : html);
      return;
    }
    res.writeHead(200, { 'Content-Type': type, ...ISOLATION });
    createReadStream(path).on('error', () => res.end()).pipe(res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new UsageError(`port ${opts.port} is in use; pass --port with another number, or --port 0 for any free port`) : e),
    );
    server.listen(opts.port, '127.0.0.1', ok);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : opts.port}/`;
  console.log(`serving ${opts.slides} at ${url}  (Ctrl-C stops)`);
  opts.onListening?.(url);

  const watchPaths = watching ? [opts.slides, join(opts.root, 'src'), join(opts.root, 'assets')] : [];
  const watcher = watch(watchPaths, { ignoreInitial: true, awaitWriteFinish: false });
  let timer: NodeJS.Timeout | undefined;
  let sourceChanged = false;
  const srcDir = resolve(opts.root, 'src') + sep;
  watcher.on('all', (_event, path) => {
    if (resolve(path).startsWith(srcDir)) sourceChanged = true;
    clearTimeout(timer);
    // Editors write a file in several steps; one rebuild per burst.
    timer = setTimeout(() => {
      const changed = sourceChanged;
      sourceChanged = false;
      void rebuild({ sourceChanged: changed });
    }, 40);
  });

  await (opts.until ??
    new Promise<void>((stop) => {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }));
  clearTimeout(timer);
  await pending;
  await watcher.close();
  for (const res of clients) res.end();
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeAllConnections();
  await closed;
  await bundler.dispose();
  console.log('stopped');
  return 0;
}
