import type { RevealApi, RevealPlugin } from 'reveal.js';

/**
 * Shows the current slide's "Act II · 3/7" in one overlay pinned to the corner of the slide frame. The compiler
 * puts the same text in each section's footer, which print view shows instead (one page per slide).
 */
export function actIndicatorPlugin(): RevealPlugin {
  return {
    id: 'gildeck-act-indicator',
    init(deck: RevealApi) {
      // A deck without acts has no indicator to repeat (nor the stylesheet for one: see src/cli/build.ts).
      if (!deck.getRevealElement()?.querySelector('.gd-act-indicator')) return;
      const overlay = document.createElement('div');
      overlay.className = 'gd-act-overlay';
      overlay.setAttribute('aria-hidden', 'true');
      deck.getRevealElement()?.append(overlay);
      const update = () => {
        const footer = deck.getCurrentSlide()?.querySelector(':scope > .gd-act-indicator');
        overlay.textContent = footer?.textContent ?? '';
      };
      deck.on('ready', update);
      deck.on('slidechanged', update);
    },
  };
}
