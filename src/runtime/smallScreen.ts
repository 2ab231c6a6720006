import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { DeckConfig } from './config.js';

/**
 * Phones. reveal.js would either scale the 960x700 slide down to 40% (chart text ~6 px, a Run button ~30x14 px) or,
 * below its `scrollActivationWidth`, switch to its scroll view, which on a first visit lands on the title slide and
 * erases the `#/20` of a shared link. Instead, on a small screen the paged view stays (so `#/n` works and swiping
 * pages), the slide is the screen itself at scale 1, and html.gd-small-screen (theme.css) sets type and touch
 * targets in CSS pixels: text >= 12 px, controls >= 44x44 px, each chart at its drawn size, scrolled sideways.
 */

/** At most this wide, or this tall (a phone on its side), a screen gets the small-screen layout. */
export const SMALL_SCREEN = { width: 600, height: 480 } as const;
export const SMALL_SCREEN_CLASS = 'gd-small-screen';

export const isSmallScreen = (width: number, height: number): boolean => width <= SMALL_SCREEN.width || height <= SMALL_SCREEN.height;

/** The slide fills the screen and is never scaled. */
export const SMALL_SCREEN_LAYOUT = { width: '100%', height: '100%', margin: 0, minScale: 1, maxScale: 1 } as const;

/** reveal.js's own layout defaults, for a deck that sets none and is turned back to landscape. */
const REVEAL_LAYOUT = { width: 960, height: 700, margin: 0.04, minScale: 0.2, maxScale: 2 };
interface Layout {
  width: number | string;
  height: number | string;
  margin: number;
  minScale: number;
  maxScale: number;
}

/** The deck's layout on a large screen: its own size and scale limits, else reveal.js's. */
export function largeScreenLayout(config: DeckConfig): Layout {
  // Front matter and the URL were validated against the same ranges (revealOptions.ts).
  return { ...REVEAL_LAYOUT, ...Object.fromEntries(Object.keys(REVEAL_LAYOUT).filter((k) => config[k] !== undefined).map((k) => [k, config[k]])) } as Layout;
}

/**
 * Whether this window may switch layouts: not the print view (its pages have the deck's size), not an explicit
 * scroll view, not the speaker view's preview frames (small, but they must look like the main window).
 */
export const layoutAdapts = (config: DeckConfig, flags: ReadonlySet<string>): boolean => config.view === undefined && !flags.has('print-pdf') && !flags.has('receiver');

/** The configuration to start with: the small-screen layout if the window is small now. */
export function initialLayout(config: DeckConfig, flags: ReadonlySet<string>, win: { innerWidth: number; innerHeight: number }): DeckConfig {
  return layoutAdapts(config, flags) && isSmallScreen(win.innerWidth, win.innerHeight) ? { ...config, ...SMALL_SCREEN_LAYOUT } : config;
}

/** Keeps the layout and the page's class in step with the window (a phone turned, a window resized). */
export function smallScreenPlugin(config: DeckConfig, flags: ReadonlySet<string>, win: Window = window): RevealPlugin {
  return {
    id: 'gildeck-small-screen',
    init(deck: RevealApi) {
      if (!layoutAdapts(config, flags)) return;
      const root = win.document.documentElement;
      let small = isSmallScreen(win.innerWidth, win.innerHeight);
      root.classList.toggle(SMALL_SCREEN_CLASS, small);
      win.addEventListener('resize', () => {
        const now = isSmallScreen(win.innerWidth, win.innerHeight);
        if (now === small) return;
        small = now;
        root.classList.toggle(SMALL_SCREEN_CLASS, small);
        deck.configure(small ? { ...SMALL_SCREEN_LAYOUT } : largeScreenLayout(config));
      });
    },
  };
}
