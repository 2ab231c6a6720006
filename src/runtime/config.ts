import { readUrlOptions } from './urlOptions.js';

/** reveal.js options as the page carries them (validated at build time from front matter). */
export type DeckConfig = Record<string, unknown>;

/** The kiosk's pace unless the deck or the URL sets one, and the fastest it may go (each slide runs its demos). */
const KIOSK_AUTOSLIDE_MS = 20_000;
export const KIOSK_MIN_AUTOSLIDE_MS = 1000;

/**
 * The unattended booth preset, turned on with `?kiosk` in the URL: slides advance by themselves and loop, nothing
 * a passer-by touches can stop them, and the cursor hides. The pace chosen (ms) is kept, but never below 1 s, and
 * 0 (off) means the default pace: a kiosk that stops is not a kiosk.
 */
export function kioskPreset(deck: DeckConfig, note: (message: string) => void = () => undefined): DeckConfig {
  const asked = typeof deck.autoSlide === 'number' && deck.autoSlide > 0 ? deck.autoSlide : KIOSK_AUTOSLIDE_MS;
  const autoSlide = Math.max(KIOSK_MIN_AUTOSLIDE_MS, asked);
  if (autoSlide !== asked) note(`kiosk: autoSlide ${asked} raised to ${autoSlide} ms (the kiosk never advances faster)`);
  return {
    loop: true,
    autoSlide,
    autoSlideStoppable: false,
    controls: false,
    help: false,
    hideInactiveCursor: true,
    hideCursorTime: 1000,
  };
}

/**
 * Configuration precedence, in one place: gildeck defaults < the deck's front matter < URL options (validated by
 * the front matter schema, see urlOptions.ts) < the kiosk preset. reveal.js never sees the raw query options.
 * reveal.js's speaker view loads the deck in frames whose URL repeats the main window's (with `?receiver`):
 * those frames follow the main window and never run a kiosk of their own.
 */
export function resolveConfig(deck: DeckConfig, search: string, note: (message: string) => void = () => undefined): DeckConfig {
  const url = readUrlOptions(search);
  for (const n of url.notes) note(n);
  // scrollActivationWidth off: on a phone reveal.js would switch to its scroll view and drop a #/n deep link (see
  // smallScreen.ts); `?view=scroll` still opens that view. A printed slide is one page, whatever its content:
  // print view fits it (printView.ts), never spills it over two.
  const defaults: DeckConfig = { hash: true, respondToHashChanges: true, pdfSeparateFragments: false, scrollActivationWidth: false, pdfMaxPagesPerSlide: 1 };
  const merged = { ...defaults, ...deck, ...url.options };
  // Printed, reveal.js's inline notes would lie over the slide: they get pages of their own instead. On screen,
  // `separate-page` is a print setting: reveal.js would show the notes to the audience beside the slides.
  const printing = url.flags.has('print-pdf') || merged.view === 'print';
  if (merged.showNotes === true && printing) merged.showNotes = 'separate-page';
  if (merged.showNotes === 'separate-page' && !printing) merged.showNotes = false;
  const kiosk = url.flags.has('kiosk') && !url.flags.has('receiver');
  return kiosk ? { ...merged, ...kioskPreset(merged, note) } : merged;
}
