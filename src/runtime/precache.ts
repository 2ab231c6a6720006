// What the service worker caches and how it names it: pure functions, shared by the build (which writes the
// manifest into gildeck-sw.js) and the worker (which reads it), and tested without a browser.

/** The build's files as the service worker precaches them; `version` is the content hash of all of them. */
export interface PrecacheManifest {
  version: string;
  /** Paths relative to the deck's folder, with `/`, not URL-encoded. */
  files: string[];
}

/** The global the build defines at the top of gildeck-sw.js. */
export const MANIFEST_GLOBAL = 'GILDECK_PRECACHE';

/** The line the build puts before the worker's code. */
export const manifestPrelude = (m: PrecacheManifest): string => `self.${MANIFEST_GLOBAL}=${JSON.stringify(m)};\n`;

/** Whether a value read from that global is a manifest (a worker from an older build has none). */
export function isManifest(v: unknown): v is PrecacheManifest {
  const m = v as Partial<PrecacheManifest> | null;
  return !!m && typeof m.version === 'string' && /^[0-9a-f]{8,64}$/.test(m.version) && Array.isArray(m.files) && m.files.every((f) => typeof f === 'string');
}

/**
 * Caches are per origin, not per folder: two decks on one host (`/talk-a/`, `/talk-b/`) each name theirs by their
 * scope, so one deck's new build never deletes the other's cache.
 */
const cachePrefix = (scope: string) => `gildeck:${scope}:`;
export const cacheName = (scope: string, version: string): string => cachePrefix(scope) + version;

/** Caches of earlier builds of this deck: removed when a new build's worker activates. */
export const staleCaches = (names: readonly string[], scope: string, version: string): string[] =>
  names.filter((n) => n.startsWith(cachePrefix(scope)) && n !== cacheName(scope, version));

/** The absolute URLs to precache; a path that would leave the scope (`..`, another host) is dropped. */
export function precacheUrls(m: PrecacheManifest, scope: string): string[] {
  const urls: string[] = [];
  for (const file of m.files) {
    const url = new URL(file.split('/').map(encodeURIComponent).join('/'), scope);
    if (url.href.startsWith(scope)) urls.push(url.href);
  }
  return urls;
}

/**
 * The deck's page, for any address that shows it: the scope itself or its index.html, with any query (`?kiosk`);
 * a hash never reaches the worker. Null for anything else.
 */
export function pageUrl(url: string, scope: string): string | null {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.href === scope || u.href === `${scope}index.html` ? `${scope}index.html` : null;
}

/** Whether a same-scope URL names a file whose name carries its content hash (`gildeck.3F2A1B9C.js`, `gildeck.w-gil.3F2A1B9C.js`): never stale. */
export const isHashed = (url: string): boolean => /\/gildeck\.([a-z0-9-]+\.)?[A-Z0-9]{8}\.(js|css)$/.test(new URL(url).pathname);
