/**
 * Charts are drawn for a slide (about 1100 CSS px wide). In a narrower column (a blog post, a phone) the widget's
 * body is zoomed out to fit, canvas and SVG alike, instead of being cut at the column's edge; never zoomed in.
 * Returns what stops it.
 */
export function fitToColumn(host: HTMLElement): () => void {
  const fit = () => {
    const body = host.querySelector<HTMLElement>(':scope > .gd-w-body');
    if (!body) return;
    body.style.zoom = '';
    const natural = body.scrollWidth;
    const room = body.clientWidth;
    // Resetting and setting within one callback: the observer sees only the final size, so this never loops.
    if (room > 0 && natural > room + 1) body.style.zoom = String(Math.floor((room / natural) * 1000) / 1000);
  };
  const observer = new ResizeObserver(fit);
  observer.observe(host);
  return () => observer.disconnect();
}
