/** The service worker's file name, at the deck's root (its scope must cover the deck). */
export const ISOLATION_WORKER = 'gildeck-sw.js';
const TRIED = 'gildeck:isolation-tried';

/**
 * On a static host that does not send COOP/COEP, registers the deck's service worker and reloads once, so the
 * page comes back cross-origin isolated (and, from then on, opens offline: the worker keeps the build's files).
 * Does nothing where isolation already works (`serve`), cannot work (file://, insecure origins, private windows and
 * sandboxed frames that refuse service workers or storage) or was already tried this session (no reload loops).
 * Never throws: without the worker the engine runs its message fallback, as on file://. Returns true if a reload
 * is coming.
 */
export function ensureIsolation(win: Window & typeof globalThis = window): boolean {
  try {
    if (win.crossOriginIsolated || !win.isSecureContext || !('serviceWorker' in win.navigator)) return false;
    if (win.location.protocol !== 'http:' && win.location.protocol !== 'https:') return false;
    if (win.sessionStorage.getItem(TRIED)) return false;
    win.sessionStorage.setItem(TRIED, '1');
    const container = win.navigator.serviceWorker;
    container
      .register(ISOLATION_WORKER)
      .then(() => container.ready)
      .then(() => win.location.reload())
      .catch(() => undefined);
    return true;
  } catch {
    // A SecurityError from navigator.serviceWorker or sessionStorage: the deck runs without isolation.
    return false;
  }
}
