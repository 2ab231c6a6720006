/** The service worker's file name, at the deck's root (its scope must cover the deck). */
export const ISOLATION_WORKER = 'gildeck-sw.js';
const TRIED = 'gildeck:isolation-tried';

/**
 * On a static host that does not send COOP/COEP, registers the deck's service worker and reloads once, so the
 * page comes back cross-origin isolated. Does nothing where isolation already works (`serve`), cannot work
 * (file://, insecure origins) or was already tried this session (no reload loops). Returns true if a reload is coming.
 */
export function ensureIsolation(win: Window & typeof globalThis = window): boolean {
  if (win.crossOriginIsolated || !win.isSecureContext || !('serviceWorker' in win.navigator)) return false;
  if (win.location.protocol !== 'http:' && win.location.protocol !== 'https:') return false;
  if (win.sessionStorage.getItem(TRIED)) return false;
  win.sessionStorage.setItem(TRIED, '1');
  win.navigator.serviceWorker
    .register(ISOLATION_WORKER)
    .then(() => win.navigator.serviceWorker.ready)
    .then(() => win.location.reload())
    .catch(() => undefined); // Without it the engine runs its message fallback, as on file://.
  return true;
}
