import { watch } from 'chokidar';
import { build as esbuild } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { BuildWorker } from './buildWorker.js';
import { UsageError } from './deckFiles.js';
import { clientTag, createHandler, ServedBuild, type Status } from './serveHandler.js';
import { checkOutputPath, isOutputPath } from './output.js';
import { readSnapshot } from './snapshot.js';
import { CPYTHON_ENDPOINT, CpythonRuns, cpythonTag } from './cpythonRuns.js';
import { checkPython } from '../recorder/python.js';

export interface ServeOptions {
  /** gildeck's own folder (its sources are watched when it is the project). */
  root: string;
  /** The presenter's project (its assets/ are watched and copied; default: root). */
  project?: string;
  slides: string;
  out: string;
  port: number;
  /** Called with the URL once listening (tests use it instead of parsing stdout). */
  onListening?: (url: string) => void;
  /** Resolves to stop the server (tests); otherwise Ctrl-C stops it. */
  until?: Promise<void>;
  /** Watch and live-reload (default true); benchmarks serve a fixed build. */
  watch?: boolean;
  /** An interpreter widgets with `engine=cpython` may run, live (see cpythonRuns.ts). */
  python?: string;
  /** Serve what is in `out` as it is, without building (the kiosk builds first, in the foreground). */
  prebuilt?: boolean;
}

/** A build running this long when a newer edit arrives is abandoned for the newer one. */
const SLOW_BUILD_MS = 1500;

/**
 * Builds, serves on 127.0.0.1, rebuilds on change and live-reloads; resolves with the exit code when stopped.
 * Builds run on a worker thread, so serve answers while a slow deck compiles. Each good build is read once into an
 * immutable snapshot and answers come only from snapshots: a rebuild swaps one reference, so no request ever sees a
 * half-written or missing file, and nothing outside the build folder (a symlink's target) is ever served.
 */
export async function serve(opts: ServeOptions): Promise<number> {
  const watching = opts.watch !== false;
  // Refused up front (not only in each build): serve would otherwise keep running with nothing to serve.
  const project = opts.project ?? opts.root;
  await checkOutputPath(opts.out, { root: project, slides: opts.slides });
  const outDir = resolve(opts.out);
  // Checked before anything starts: a wrong --python is a one-line error, not a deck whose live runs all fail.
  const cpython = opts.python === undefined ? null : { runs: new CpythonRuns(opts.python, opts.root), tag: cpythonTag({ python: opts.python, version: await checkPython(opts.python).catch((e: Error) => Promise.reject(new UsageError(e.message))), endpoint: CPYTHON_ENDPOINT }) };
  const client = watching
    ? (await esbuild({ entryPoints: [join(opts.root, 'src/runtime/devClient.ts')], tsconfig: join(opts.root, 'tsconfig.json'), bundle: true, write: false, format: 'iife', minify: true, logLevel: 'silent' })).outputFiles[0]!.text
    : null;
  const clients = new Set<ServerResponse>();
  // Build ids differ between runs of serve too, so a page left open across a restart reloads.
  const session = randomBytes(4).toString('hex');
  let builds = 0;
  const served: { current: ServedBuild | null; previous: ServedBuild | null } = { current: null, previous: null };
  let status: Status = { ok: false, errors: [], build: '' };
  const worker = new BuildWorker(opts.root);

  const broadcast = () => {
    for (const res of clients) res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
  };

  const warned = new Set<string>();
  /** Reads the finished build into a snapshot and makes it the one served. */
  const publish = async () => {
    const id = `${session}-${builds + 1}`;
    const snapshot = await readSnapshot(outDir, {
      html: (html) => {
        const tags = [client === null ? '' : clientTag(id), cpython?.tag ?? ''].filter(Boolean).join('\n');
        return !tags ? html : html.includes('</head>') ? html.replace('</head>', `${tags}\n</head>`) : tags + html;
      },
    });
    for (const path of snapshot.skipped.filter((p) => !warned.has(p))) {
      warned.add(path);
      console.warn(`serve: not serving ${join(opts.out, path)}: a symlink or special file (links are never followed)`);
    }
    builds++;
    served.previous?.retire();
    served.previous = served.current;
    served.current = new ServedBuild(id, snapshot);
  };

  let pending: Promise<void> = Promise.resolve();
  const rebuild = (reason: { sourceChanged: boolean }) =>
    (pending = pending.then(async () => {
      if (stopping) return;
      // New compiler or runtime code: a fresh worker loads it (and bundles the runtime anew).
      if (reason.sourceChanged) await worker.restart();
      const outcome = opts.prebuilt ? { ok: true as const } : await worker.build({ root: opts.root, project, slides: opts.slides, out: opts.out });
      if (stopping || (!outcome.ok && outcome.cancelled)) return;
      if (outcome.ok) {
        try {
          await publish();
          status = { ok: true, errors: [], build: served.current!.id };
        } catch (e) {
          status = { ...status, ok: false, errors: [`could not read the built deck in ${opts.out}: ${e instanceof Error ? e.message : String(e)}`] };
        }
      } else status = { ...status, ok: false, errors: outcome.errors };
      broadcast();
    }).catch((e: unknown) => {
      // Never leave the chain rejected: every later rebuild would be skipped.
      console.error(`rebuild failed: ${e instanceof Error ? e.message : String(e)}`);
    }));

  let stopping = false;
  await rebuild({ sourceChanged: false });

  // gildeck's own src/ is watched in its repository; installed in node_modules, it changes only with an upgrade.
  const watchPaths = watching ? [opts.slides, ...(project === opts.root ? [join(opts.root, 'src')] : []), join(project, 'assets')] : [];
  // Links are not followed: a link to a parent folder would otherwise be walked forever.
  const watcher = watch(watchPaths, { ignoreInitial: true, awaitWriteFinish: false, followSymlinks: false, ignored: (path) => isOutputPath(path, outDir) });
  let timer: NodeJS.Timeout | undefined;
  let sourceChanged = false;
  const srcDir = resolve(opts.root, 'src') + sep;
  watcher.on('all', (_event, path) => {
    if (resolve(path).startsWith(srcDir)) sourceChanged = true;
    clearTimeout(timer);
    // Editors write a file in several steps; one rebuild per burst.
    timer = setTimeout(() => {
      if (worker.cancelSlow(SLOW_BUILD_MS)) console.log('a newer edit arrived: abandoned the slow build in progress');
      const changed = sourceChanged;
      sourceChanged = false;
      void rebuild({ sourceChanged: changed });
    }, 40);
  });
  watcher.on('error', (e) => console.error(`serve: watching failed: ${e instanceof Error ? e.message : String(e)}`));
  // Ready before serve says it is serving: an edit made right away must not be taken for an initial file.
  if (watching) await new Promise<void>((ready) => watcher.once('ready', () => ready()));

  const server = createServer(createHandler({ current: () => served.current, previous: () => served.previous, status: () => status, clients, client, cpython: cpython?.runs ?? null }));
  await new Promise<void>((ok, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new UsageError(`port ${opts.port} is in use; pass --port with another number, or --port 0 for any free port`) : e),
    );
    server.listen(opts.port, '127.0.0.1', ok);
  }).catch(async (e: unknown) => {
    clearTimeout(timer);
    await Promise.all([worker.stop(), watcher.close()]);
    throw e;
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : opts.port}/`;
  console.log(`serving ${opts.slides} at ${url}  (Ctrl-C stops)`);
  opts.onListening?.(url);

  await (opts.until ??
    new Promise<void>((stop) => {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }));
  stopping = true;
  clearTimeout(timer);
  // A build in progress is abandoned: the worker gets a moment to close its bundler, then is terminated.
  await worker.stop(500);
  await pending;
  await watcher.close();
  for (const res of clients) res.end();
  cpython?.runs.stop();
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeAllConnections();
  await closed;
  served.current?.retire();
  served.previous?.retire();
  console.log('stopped');
  return 0;
}
