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
