// gildeck-sw.js: a service worker that adds the cross-origin isolation headers a plain static host does not send,
// so the deck gets SharedArrayBuffer (and the engine its shared-memory mode) on any host. It caches nothing.

// The DOM typings and the service-worker typings cannot share one program; name just what is used.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends Event {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
const sw = globalThis as unknown as {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', h: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', h: (e: FetchEvent) => void): void;
};

sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));
sw.addEventListener('fetch', (e) => {
  const request = e.request;
  if (new URL(request.url).origin !== sw.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  e.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
