/** A reload after the page froze: when, for how long its main thread was blocked, and at which slide (its hash). */
export interface Recovery {
  at: number;
  frozenMs: number;
  hash: string;
  /** Who noticed: the page itself once its thread came back, or the browser watchdog of `kiosk --open`. */
  by: string;
}

const KEY = 'gildeck:kiosk-recoveries';
const BEAT_MS = 250;
/** Recoveries kept across reloads, for the soak and for whoever looks at the booth's console. */
const KEPT = 20;

/**
 * Whether the main thread was blocked longer than `freezeMs`: the gap between two beats of a timer that should
 * come every BEAT_MS. Not counted while the page is hidden, where browsers slow timers down on purpose.
 */
export function frozenFor(previousBeat: number, now: number, freezeMs: number): number | null {
  const gap = now - previousBeat;
  return gap > freezeMs ? gap : null;
}

/**
 * Reloads the page at the same slide (the address keeps `?kiosk` and the slide's hash) once its main thread comes
 * back from a block longer than `freezeMs`: whatever froze it (a runaway draw, a widget stuck in a loop) may have
 * left timers, animations and workers behind, and a fresh page is the one state known to be good. Nothing inside a
 * page can act *while* its main thread is blocked (a service worker's `client.navigate()` also waits for it: tried
 * in Chromium, the navigation committed only when a 30 s loop ended), so this is the soonest recovery there is.
 * `here` is the slide on screen as an address hash (`#/3/1`). Returns the recoveries of this session, newest last.
 */
export function freezeWatch(win: Window & typeof globalThis, freezeMs: number, here: () => string): { recoveries: Recovery[]; recover(frozenMs: number, by: string): void } {
  let recoveries: Recovery[] = [];
  try {
    recoveries = JSON.parse(win.sessionStorage.getItem(KEY) ?? '[]') as Recovery[];
  } catch {
    recoveries = [];
  }
  let recovering = false;
  const recover = (frozen: number, by: string) => {
    // The page and the browser watchdog may both notice one freeze: one reload.
    if (recovering) return;
    recovering = true;
    // reveal.js writes the slide into the address at most once a second: take it from the deck.
    const hash = here();
    const entry: Recovery = { at: Date.now(), frozenMs: Math.round(frozen), hash, by };
    console.warn(`gildeck kiosk: the page was frozen for ${(frozen / 1000).toFixed(1)} s (${by}): reloading at ${entry.hash || 'the first slide'}`);
    try {
      win.sessionStorage.setItem(KEY, JSON.stringify([...recoveries, entry].slice(-KEPT)));
    } catch {
      // Storage full or refused: reload anyway.
    }
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search + hash);
    win.location.reload();
  };
  let last = win.performance.now();
  win.setInterval(() => {
    const now = win.performance.now();
    const frozen = win.document.visibilityState === 'visible' ? frozenFor(last, now, freezeMs) : null;
    last = now;
    if (frozen !== null) recover(frozen, 'the page, once its main thread came back');
  }, BEAT_MS);
  win.document.addEventListener('visibilitychange', () => (last = win.performance.now()));
  return { recoveries, recover };
}
