/**
 * The page's one frame loop. Everything that draws over time asks it for the next frame: a live element while its
 * run goes on (it takes the newest data and draws it), a view replaying a trace, a painter throttling redraws. One
 * requestAnimationFrame serves them all (a 16 ms timer where there are no frames, as under Node); nothing in a
 * widget keeps a timer of its own.
 */
export interface Frames {
  /** Calls `cb` once, on the next frame; returns a cancel. */
  request(cb: () => void): () => void;
  /** Whether frames are real (a rendering page), not a timer standing in for them. */
  readonly real: boolean;
  /**
   * Runs `timed` with the page holding still: first lets one frame draw what is waiting (and, with real frames, be
   * rendered: timing starts a frame later), then serves no frame until `timed` settles (requests made meanwhile are
   * served by the next frame after it). A measurement times its runs inside this: on a device with as many cores
   * as the run has workers, the page's own frames (a status clock, a chart) take CPU from the parallel run and not
   * from the sequential one, which read 3-4% low on 2 cores.
   */
  quiet<T>(timed: () => Promise<T>): Promise<T>;
}

function nextFrame(cb: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(cb);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(cb, 16);
  return () => clearTimeout(id);
}

/** A queue of callbacks for the next frame, served by one pending frame request. */
export function frameQueue(): Frames {
  const pending = new Set<() => void>();
  let cancel: (() => void) | null = null;
  /** Timed work in flight (see quiet): no frame is asked for while there is any. */
  let holds = 0;
  const run = () => {
    cancel = null;
    const due = [...pending];
    pending.clear();
    for (const cb of due) cb();
  };
  const schedule = () => {
    if (!holds && pending.size) cancel ??= nextFrame(run);
  };
  const request = (cb: () => void) => {
    // A callback asked for twice before its frame runs once.
    pending.add(cb);
    schedule();
    return () => {
      pending.delete(cb);
      if (!pending.size && cancel) {
        cancel();
        cancel = null;
      }
    };
  };
  return {
    request,
    get real() {
      return typeof requestAnimationFrame === 'function';
    },
    async quiet(timed) {
      // What is waiting to be drawn is drawn first (timed work runs back to back: without this, holding again
      // right after a release would cancel every frame until the whole measurement ended).
      const draws = !holds && pending.size > 0;
      if (draws) await new Promise<void>((drawn) => request(drawn));
      holds++;
      cancel?.();
      cancel = null;
      try {
        // A frame's callbacks only change the page; rendering it (style, layout, paint, then raster off the main
        // thread) follows them, and would take a core from the first milliseconds of the timed work: the parallel
        // runs of a speedup, not the sequential ones, read 2-3% low (Chromium, 2 cores: the compare table's x2
        // figures 1.87 against 1.92 with this wait, 6 interleaved page loads). Timing starts at the next frame,
        // which has nothing to draw.
        if (draws && typeof requestAnimationFrame === 'function') await new Promise<void>((rendered) => nextFrame(rendered));
        return await timed();
      } finally {
        holds--;
        schedule();
      }
    },
  };
}

/** The page's frames, shared by every widget. */
export const pageFrames: Frames = frameQueue();

/** Calls `tick` once per frame for as long as it returns true; returns a stop. */
export function frameLoop(tick: () => boolean, frames: Frames = pageFrames): () => void {
  let cancel: (() => void) | null = null;
  const step = () => {
    cancel = tick() ? frames.request(step) : null;
  };
  cancel = frames.request(step);
  return () => {
    cancel?.();
    cancel = null;
  };
}

/**
 * Wraps a paint function so the first call paints at once (the first frame must not wait) and later calls paint
 * the newest data at most once per frame (zooming, dragging and live runs call draw more often than the screen
 * refreshes). Without real frames every call paints at once.
 */
export function framePainter<D>(paint: (data: D) => void, frames: Frames = pageFrames): { draw(data: D): void; cancel(): void } {
  let latest!: D;
  let painted = false;
  let cancel: (() => void) | null = null;
  return {
    draw(data) {
      latest = data;
      if (!painted || !frames.real) {
        painted = true;
        return paint(data);
      }
      cancel ??= frames.request(() => {
        cancel = null;
        paint(latest);
      });
    },
    cancel() {
      cancel?.();
      cancel = null;
    },
  };
}
