export type WakeLockState = 'held' | 'released' | 'unavailable' | 'refused';

interface WakeLockSentinelLike extends EventTarget {
  released: boolean;
}

/**
 * Keeps the screen on with the Screen Wake Lock API where the browser has it. The browser releases the lock
 * whenever the page is hidden, so it is asked for again each time the page is shown. Returns the current state.
 */
export function holdWakeLock(win: Window & typeof globalThis): () => WakeLockState {
  const api = (win.navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<WakeLockSentinelLike> } }).wakeLock;
  if (!api) return () => 'unavailable';
  let state: WakeLockState = 'released';
  const acquire = () => {
    if (win.document.visibilityState !== 'visible' || state === 'held') return;
    api.request('screen').then(
      (sentinel) => {
        state = 'held';
        sentinel.addEventListener('release', () => (state = 'released'));
      },
      () => (state = 'refused'),
    );
  };
  acquire();
  win.document.addEventListener('visibilitychange', acquire);
  return () => state;
}
