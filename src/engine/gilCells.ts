import { CTRL, CV, GIL_LAST_HOLDER } from './protocol.js';

// What the main thread does to the GILs' shared cells around a run. Apart from SharedGil (gil.ts, which only the
// workers run) so the page's bundle carries these few lines, not the GIL itself.

/** `last_holder` before anyone has held the GIL. */
export const NO_HOLDER = -1;

/** Every GIL of a run unlocked, never held, no switch yet, nobody waiting (its mutex and condition variable new). */
export function resetGils(cells: Int32Array, gils: number): void {
  for (let g = 0; g < gils; g++) {
    const base = CTRL.GIL + g * CTRL.GIL_STRIDE;
    cells.fill(0, base, base + CTRL.GIL_STRIDE);
    cells[base + GIL_LAST_HOLDER] = NO_HOLDER;
  }
}

/** Wakes every thread blocked on any GIL of the run, so a cancel is seen at once. */
export function wakeAll(cells: Int32Array, gils: number): void {
  for (let g = 0; g < gils; g++) {
    const base = CTRL.GIL + g * CTRL.GIL_STRIDE;
    Atomics.notify(cells, base + GIL_LAST_HOLDER);
    for (const cell of [CV.MUTEX, CV.CV_LOCK, CV.SIGNALS, CV.SIGNALS + 1, CV.SWITCH_MUTEX]) Atomics.notify(cells, base + cell);
  }
  Atomics.notify(cells, CTRL.CANCEL);
}
