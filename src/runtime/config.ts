/** reveal.js options as the page carries them (validated at build time from front matter). */
export type DeckConfig = Record<string, unknown>;

/**
 * The unattended booth preset, turned on with `?kiosk` in the URL: slides advance by themselves and loop, nothing
 * a passer-by touches can stop them, and the cursor hides. The deck's own autoSlide (ms) is kept if it set one.
 */
export function kioskPreset(deck: DeckConfig): DeckConfig {
  return {
    loop: true,
    autoSlide: typeof deck.autoSlide === 'number' && deck.autoSlide > 0 ? deck.autoSlide : 20_000,
    autoSlideStoppable: false,
    controls: false,
    help: false,
    hideInactiveCursor: true,
    hideCursorTime: 1000,
  };
}

/**
 * Configuration precedence, in one place: gildeck defaults < the deck's front matter < presets named in the URL.
 * (reveal.js itself then applies individual URL query options, e.g. `?transition=none`, on top.)
 */
export function resolveConfig(deck: DeckConfig, search: string): DeckConfig {
  const query = new URLSearchParams(search);
  const defaults: DeckConfig = { hash: true, respondToHashChanges: true, pdfSeparateFragments: false };
  const merged = { ...defaults, ...deck };
  return query.has('kiosk') ? { ...merged, ...kioskPreset(deck) } : merged;
}
