import type { RevealPlugin } from 'reveal.js';

/** The parts of reveal.js's scroll view (its internal `deck.scroll`) this fix touches. */
interface ScrollViewInternals {
  active: boolean;
  viewportElement: HTMLElement;
  scrollToSlide(slide: HTMLElement): void;
  getSlideByIndices(h: number, v?: number): HTMLElement | null;
}

/**
 * Going to a slide in the scroll view shows that slide. reveal.js 6.0 places slide n at n/pages of the height the
 * view can scroll (one screen less than the pages' height), which falls ever further short of slide n's page down
 * the deck; past the middle, scroll snapping settles on the page before, so a shared link `?view=scroll#/20`, the
 * browser's back button or jump-to-slide showed slide 19 (hakimel/reveal.js#3815). Here a slide is scrolled to the
 * top of its own page, which reveal.js's scroll tracking reads back as that slide. And `deck.slide(h)` without a
 * vertical index, which reveal.js's scroll view ignored (it looked for slide (h, undefined)), goes to (h, 0).
 *
 * Plugins are given reveal.js's internal API, where `scroll` is the scroll view. Should a later reveal.js change
 * it, this leaves reveal.js's own placement alone, and tests/e2e/scrollView.test.ts says so.
 */
export const scrollViewPlacementPlugin = (): RevealPlugin => ({
  id: 'gildeck-scroll-placement',
  init(deck) {
    const view = (deck as unknown as { scroll?: Partial<ScrollViewInternals> }).scroll;
    if (!view || typeof view.scrollToSlide !== 'function') return;
    const revealPlacement = view.scrollToSlide.bind(view);
    if (typeof view.getSlideByIndices === 'function') {
      const bySlideIndices = view.getSlideByIndices.bind(view);
      view.getSlideByIndices = (h: number, v?: number) => bySlideIndices(h, v ?? 0);
    }
    // Before the view is active reveal.js queues the call and makes it again through this property, so the queued
    // one (a link's slide on load) lands here too.
    view.scrollToSlide = (slide: HTMLElement) => {
      const page = slide.closest('.scroll-page');
      const viewport = view.viewportElement;
      if (!view.active || !page || !viewport) return revealPlacement(slide);
      viewport.scrollTop += page.getBoundingClientRect().top - viewport.getBoundingClientRect().top;
    };
  },
});
