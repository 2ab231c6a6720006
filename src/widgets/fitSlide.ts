/**
 * Keeps a slide whose widget grows with the talk's results (the finale's compare table gains a line per demo run)
 * on the screen: when the slide's content is taller than the slide, the widget's text shrinks (the CSS variable
 * `--gd-fit` its sizes are multiplied by) until it fits, so its caption, notes and the figure's caption below stay
 * visible. Measured in the slide's own pixels: reveal.js scales the slide as a whole.
 */

/** Never smaller than this share of the designed size: past it, the text is too small to read from the room. */
export const MIN_FIT = 0.7;

/**
 * The fit to try next: a slide `contentPx` tall in a `slidePx` slide, with the widget's shrinkable part
 * `shrinkablePx` tall at fit `fit`. Shrinks that part by the overflow (a little more, as line breaks move), never
 * below MIN_FIT; 1 when the content fits.
 */
export function nextFit(fit: number, contentPx: number, slidePx: number, shrinkablePx: number): number {
  if (contentPx <= slidePx || shrinkablePx <= 0) return fit;
  const wanted = fit * Math.max(0, 1 - (contentPx - slidePx) / shrinkablePx) * 0.98;
  return Math.max(MIN_FIT, Math.min(fit, wanted));
}

/** Fits `shrinkable` (inside a reveal.js slide) as above; does nothing outside a slide or where nothing is laid out. */
export function fitToSlide(shrinkable: HTMLElement): void {
  const slide = shrinkable.closest('section');
  const slides = slide?.closest<HTMLElement>('.slides');
  if (!slide || !slides || slides.offsetHeight === 0) return;
  shrinkable.style.removeProperty('--gd-fit');
  let fit = 1;
  for (let i = 0; i < 4; i++) {
    const next = nextFit(fit, slide.scrollHeight, slides.offsetHeight, shrinkable.offsetHeight);
    if (next === fit) break;
    fit = next;
    shrinkable.style.setProperty('--gd-fit', fit.toFixed(3));
  }
}
