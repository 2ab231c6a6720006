// gildeck-sw.js: a service worker that adds the cross-origin isolation headers a plain static host does not send,
// so the deck gets SharedArrayBuffer (and the engine its shared-memory mode) on any host; and keeps the build's
// files, so after one visit the deck opens offline, deep links included. The build writes the list of its files and
// their content hash at the top of this script: a new build is a new script, which the browser installs, and its
// activation deletes the previous build's cache. It fetches and caches nothing outside its own scope.
import { cacheName, isHashed, isManifest, MANIFEST_GLOBAL, pageUrl, precacheUrls, staleCaches } from './precache.js';

// The DOM typings and the service-worker typings cannot share one program; name just what is used.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends Event {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
const sw = globalThis as unknown as {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', h: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', h: (e: FetchEvent) => void): void;
};

const raw = (globalThis as Record<string, unknown>)[MANIFEST_GLOBAL];
const manifest = isManifest(raw) ? raw : null;
const scope = sw.registration.scope;
const current = manifest ? cacheName(scope, manifest.version) : null;
/** How long the page waits for the network before the cached copy is shown (a dead Wi-Fi may hang, not fail). */
const NETWORK_TIMEOUT_MS = 4000;
/**
 * How long installing waits for a file's answer to begin. A file whose request stalls would otherwise hold the new
 * build's worker in install forever, and the old build with it. Only the wait for the answer is bounded: a slow
 * download that has begun is not cut.
 */
const PRECACHE_ANSWER_TIMEOUT_MS = 15_000;

/** The response to `url`, or a rejection if its answer has not begun within `ms`. */
async function fetchAnswering(url: string, ms: number): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no answer for ${url} within ${ms} ms`)), ms);
  try {
    return await fetch(url, { cache: 'reload', credentials: 'same-origin', signal: abort.signal });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Precaches file by file: a file the host will not serve, or that does not come, leaves the rest usable (and
 * isolation still works); it is fetched, and kept, when the page asks for it (cacheFirst).
 */
async function precache(): Promise<void> {
  if (!manifest || !current) return;
  const cache = await caches.open(current);
  await Promise.all(
    precacheUrls(manifest, scope).map(async (url) => {
      try {
        const response = await fetchAnswering(url, PRECACHE_ANSWER_TIMEOUT_MS);
        if (response.ok) await cache.put(url, response);
      } catch {
        // Offline during install, the host refused it or it stalled.
      }
    }),
  );
}

sw.addEventListener('install', (e) => {
  e.waitUntil(precache().catch(() => undefined));
  void sw.skipWaiting();
});

sw.addEventListener('activate', (e) => {
  const cleanup = current ? caches.keys().then((names) => Promise.all(staleCaches(names, scope, manifest!.version).map((n) => caches.delete(n)))) : Promise.resolve();
  e.waitUntil(cleanup.catch(() => undefined).then(() => sw.clients.claim()));
});

/** The response with the isolation headers (and without a redirect flag, which a navigation would refuse). */
function isolated(response: Response): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const cached = async (url: string): Promise<Response | undefined> => (current ? (await caches.open(current)).match(url) : undefined);

/**
 * The deck's page and its unhashed files (assets/): from the network, so a new build shows at once, else from the
 * cache when offline or too slow. `key` is the cached copy's URL (the page's, whatever the query).
 */
async function networkFirst(request: Request, key: string): Promise<Response> {
  const network = fetch(request);
  network.catch(() => undefined); // Its failure after the timeout is not an error: the cached copy was shown.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<null>((ok) => (timer = setTimeout(() => ok(null), NETWORK_TIMEOUT_MS)));
  try {
    const fresh = await Promise.race([network, slow]);
    if (fresh) return fresh;
  } catch {
    // Offline: the cached page below.
  } finally {
    clearTimeout(timer);
  }
  return (await cached(key)) ?? network;
}

/**
 * A file named by its content hash: the cached copy is right by construction. One that install could not keep is
 * kept now, so that it too opens offline next time.
 */
async function cacheFirst(request: Request): Promise<Response> {
  const hit = await cached(request.url);
  if (hit) return hit;
  const response = await fetch(request);
  if (current && response.ok && response.type === 'basic') {
    const copy = response.clone();
    void caches.open(current).then((c) => c.put(request.url, copy)).catch(() => undefined);
  }
  return response;
}

sw.addEventListener('fetch', (e) => {
  const request = e.request;
  if (!request.url.startsWith(scope)) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  // A range request (audio, video) wants a 206 the cache cannot give.
  const answer =
    request.method !== 'GET' || request.headers.has('range') ? fetch(request)
    : isHashed(request.url) ? cacheFirst(request)
    : networkFirst(request, pageUrl(request.url, scope) ?? request.url);
  e.respondWith(answer.then(isolated));
});
