/** Calls `cb` once per animation frame (or every 16 ms where there are no frames, as under Node); returns a stop. */
export function everyFrame(cb: () => void): () => void {
  const raf = globalThis.requestAnimationFrame;
  if (typeof raf === 'function') {
    let id = 0;
    const tick = () => {
      cb();
      id = raf(tick);
    };
    id = raf(tick);
    return () => cancelAnimationFrame(id);
  }
  const id = setInterval(cb, 16);
  return () => clearInterval(id);
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
