import type { DeckConfig } from './config.js';
import { initialLayout, largeScreenLayout } from './smallScreen.js';

// The first frame of a deck, before its runtime has run. The page carries this as a small inline script at the end
// of <body> (bundled at build time, see src/cli/runtimeBundle.ts): it lays the first slide out exactly as reveal.js
// will, then starts the runtime only once that frame is drawn. reveal.js, when it starts, finds the slide where it
// would have put it: nothing moves.

/**
 * The attribute of the first-paint script naming the start scripts (`gildeck.*.js`, space-separated, in order), which it starts. Not a preload: the
 * runtime is fetched only from the first frame on, since its download and compiling would take the CPU from the
 * first frame (bench-load: ~8-10 ms later on a busy two-core machine with `<link rel="preload">`).
 */
export const RUNTIME_ATTRIBUTE = 'data-gildeck-runtime';

/** Whether the address opens the first slide as the page is: no query (print view, speaker frames, kiosk, options) and no deep link. */
export const opensFirstSlide = (search: string, hash: string): boolean => search === '' && ['', '#', '#/', '#/0', '#/0/0'].includes(hash);

export interface SlidesLayout {
  /** The slide's size in CSS pixels, as the deck's config sets it. */
  width: number;
  height: number;
  /** reveal.js's scale for a window `presentation` wide and high (its `.reveal` element), rounded as reveal.js rounds it. */
  scale: number;
  center: boolean;
}

/**
 * reveal.js's layout (its `layout()` and `getComputedSlideSize()`), for the deck's configuration and a window of
 * that size; null where this page would lay out otherwise than a fixed-size slide scaled to fit (a phone's
 * small-screen layout, percentages, scroll or print view, a disabled layout, an embedded deck). Pure.
 */
export function slidesLayout(config: DeckConfig, presentation: { width: number; height: number }): SlidesLayout | null {
  if (config.view !== undefined || config.disableLayout || config.embedded) return null;
  // Where smallScreen.ts would switch the layout (to the screen's own size), reveal.js's runtime does it.
  const start = initialLayout(config, new Set(), { innerWidth: presentation.width, innerHeight: presentation.height });
  if (start !== config) return null;
  const { width, height, margin, minScale, maxScale } = largeScreenLayout(config);
  if (typeof width !== 'number' || typeof height !== 'number') return null;
  const pw = presentation.width - presentation.width * margin;
  const ph = presentation.height - presentation.height * margin;
  let scale = Math.min(pw / width, ph / height);
  scale = Math.min(Math.max(scale, minScale), maxScale);
  return { width, height, scale: Math.round(scale * 100) / 100, center: config.center !== false };
}

/** Lays the first slide out as reveal.js will, if the address opens it; whether it did. */
function drawFirstSlide(doc: Document, win: Window): boolean {
  if (!opensFirstSlide(win.location.search, win.location.hash)) return false;
  const wrapper = doc.querySelector<HTMLElement>('.reveal');
  const slides = wrapper?.querySelector<HTMLElement>(':scope > .slides');
  const first = slides?.querySelector<HTMLElement>(':scope > section');
  // A vertical stack, or a slide reveal.js would stretch, is left to reveal.js.
  if (!wrapper || !slides || !first || first.querySelector('section, .stretch, .r-stretch')) return false;
  const text = doc.getElementById('gildeck-config')?.textContent;
  let deck: DeckConfig;
  try {
    deck = text ? (JSON.parse(text) as DeckConfig) : {};
  } catch {
    return false;
  }
  // resolveConfig (config.ts) sets no layout key, and an address without a query adds none: the deck's own keys,
  // over reveal.js's defaults, are reveal.js's layout (a test holds resolveConfig to that). Not imported: it would
  // bring the kiosk's code into every page's first script.
  const config = deck;
  // The classes reveal.js gives the page at once: the full-page viewport, which the theme colours.
  doc.documentElement.classList.add('reveal-full-page');
  doc.body.classList.add('reveal-viewport');
  const layout = slidesLayout(config, { width: wrapper.offsetWidth, height: wrapper.offsetHeight });
  if (!layout) {
    doc.documentElement.classList.remove('reveal-full-page');
    doc.body.classList.remove('reveal-viewport');
    return false;
  }
  if (layout.center) wrapper.classList.add('center');
  slides.style.width = `${layout.width}px`;
  slides.style.height = `${layout.height}px`;
  if (layout.scale !== 1) {
    Object.assign(slides.style, { left: '50%', top: '50%', bottom: 'auto', right: 'auto' });
    slides.style.transform = `translate(-50%, -50%) scale(${layout.scale})`;
  }
  first.classList.add('present');
  first.style.display = 'block';
  if (layout.center || first.classList.contains('center')) first.style.top = `${Math.max((layout.height - first.scrollHeight) / 2, 0)}px`;
  return true;
}

/**
 * Draws the first slide, then starts the runtime: from the first frame when the slide is drawn (a script added
 * while a frame is made runs after it), at once otherwise. A hidden tab draws no frames: there, or if no frame
 * comes, a timer starts it. In an exported page the runtime is inline after this script, and there is nothing to start.
 */
export function firstPaint(doc: Document = document, win: Window = window): void {
  let drawn = false;
  try {
    drawn = drawFirstSlide(doc, win);
  } catch {
    // The runtime lays the deck out anyway.
  }
  // The start scripts, in the order they must run (a deck with widgets: their plugin, then the runtime).
  const sources = (doc.querySelector(`script[${RUNTIME_ATTRIBUTE}]`)?.getAttribute(RUNTIME_ATTRIBUTE) ?? '').split(' ').filter(Boolean);
  if (!sources.length) return;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    for (const src of sources) {
      const script = doc.createElement('script');
      // Added scripts run as soon as each arrives, unless told to keep their order.
      script.async = false;
      script.src = src;
      doc.body.append(script);
    }
  };
  if (!drawn || doc.visibilityState === 'hidden') return start();
  win.requestAnimationFrame(start);
  win.setTimeout(start, 1000);
}
