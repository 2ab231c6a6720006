import { urlFlags, type UrlOptions } from './urlFlags.js';

/** reveal.js options as the page carries them (validated at build time from front matter). */
export type DeckConfig = Record<string, unknown>;

/** The kiosk preset over a resolved config (kiosk/preset.ts). */
export type KioskConfig = (merged: DeckConfig, note: (message: string) => void) => DeckConfig;

/** Whether this window runs the kiosk: `?kiosk`, but never in reveal.js's speaker-view frames (`?receiver`) or print view. */
export function isKiosk(search: string): boolean {
  const flags = urlFlags(search);
  return flags.has('kiosk') && !flags.has('receiver') && !flags.has('print-pdf');
}

/**
 * Configuration precedence, in one place: gildeck defaults < the deck's front matter < URL options (validated by
 * the front matter schema, see urlOptions.ts) < the kiosk preset. reveal.js never sees the raw query options.
 * reveal.js's speaker view loads the deck in frames whose URL repeats the main window's (with `?receiver`):
 * those frames follow the main window and never run a kiosk of their own. In the kiosk, `kiosk` holds its resolved
 * settings (kiosk/settings.ts: the pace from `kiosk.advance` or `autoSlide`, in ms) for the kiosk plugin.
 * `url` is the address as checked (urlOptions.ts), or its bare flags where it holds nothing else (urlFlags.ts).
 * `kiosk` is the kiosk unit's preset (kiosk/preset.ts), which a page loads only when it runs the kiosk.
 */
export function resolveConfig(deck: DeckConfig, url: UrlOptions, note: (message: string) => void = () => undefined, kiosk?: KioskConfig): DeckConfig {
  for (const n of url.notes) note(n);
  // scrollActivationWidth off: on a phone reveal.js would switch to its scroll view and drop a #/n deep link (see
  // smallScreen.ts); `?view=scroll` still opens that view. A printed slide is one page, whatever its content:
  // print view fits it (printView.ts), never spills it over two. reveal.js's controls tutorial bounces the "next"
  // arrow until the first step forward (100 s at 60 frames a second, 5-7% of a core in Chromium, measured): a
  // demo run on a slide opened by its link would share the CPU with it, so the arrows show but stay still.
  const defaults: DeckConfig = { hash: true, respondToHashChanges: true, pdfSeparateFragments: false, scrollActivationWidth: false, pdfMaxPagesPerSlide: 1, controlsTutorial: false };
  const merged = { ...defaults, ...deck, ...url.options };
  // Printed, reveal.js's inline notes would lie over the slide: they get pages of their own instead. On screen,
  // `separate-page` is a print setting: reveal.js would show the notes to the audience beside the slides.
  const printing = url.flags.has('print-pdf') || merged.view === 'print';
  if (merged.showNotes === true && printing) merged.showNotes = 'separate-page';
  if (merged.showNotes === 'separate-page' && !printing) merged.showNotes = false;
  const runsKiosk = url.flags.has('kiosk') && !url.flags.has('receiver') && !url.flags.has('print-pdf');
  return runsKiosk && kiosk ? kiosk(merged, note) : merged;
}
