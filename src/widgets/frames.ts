/** The next animation frame, or 16 ms where there are none (Node, a page without rendering). */
function nextFrame(cb: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(cb);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(cb, 16);
  return () => clearTimeout(id);
}

/** Calls `tick` once per frame for as long as it returns true; returns a stop. */
export function frameLoop(tick: () => boolean): () => void {
  let cancel: (() => void) | null = null;
  const step = () => {
    cancel = tick() ? nextFrame(step) : null;
  };
  cancel = nextFrame(step);
  return () => {
    cancel?.();
    cancel = null;
  };
}

/**
 * Wraps a paint function so the first call paints at once (the first frame must not wait) and later calls paint
 * the newest data at most once per animation frame (live runs call draw far more often than the screen refreshes).
 */
export function framePainter<D>(paint: (data: D) => void): { draw(data: D): void; cancel(): void } {
  let latest!: D;
  let painted = false;
  let raf = 0;
  return {
    draw(data) {
      latest = data;
      if (!painted || typeof requestAnimationFrame !== 'function') {
        painted = true;
        return paint(data);
      }
      if (raf) return;
      raf = requestAnimationFrame(() => {
        raf = 0;
        paint(latest);
      });
    },
    cancel() {
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
    },
  };
}
