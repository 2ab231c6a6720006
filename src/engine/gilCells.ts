import { CTRL, GIL_LAST_HOLDER, GIL_LOCKED, GIL_SWITCH_NUMBER, MAX_WORKERS } from './protocol.js';

// What the main thread does to the GILs' shared cells around a run. Apart from SharedGil (gil.ts, which only the
// workers run) so the page's bundle carries these few lines, not the GIL itself.

/** `last_holder` before anyone has held the GIL. */
export const NO_HOLDER = -1;

/** Every GIL of a run unlocked, never held, no switch yet. */
export function resetGils(cells: Int32Array, gils: number): void {
  for (let g = 0; g < gils; g++) {
    const base = CTRL.GIL + g * CTRL.GIL_STRIDE;
    cells[base + GIL_LOCKED] = 0;
    cells[base + GIL_LAST_HOLDER] = NO_HOLDER;
    cells[base + GIL_SWITCH_NUMBER] = 0;
  }
}

/** Wakes every thread blocked on any GIL of the run, so a cancel is seen at once. */
export function wakeAll(cells: Int32Array, gils: number): void {
  for (let g = 0; g < gils; g++) {
    const base = CTRL.GIL + g * CTRL.GIL_STRIDE;
    Atomics.notify(cells, base + GIL_LAST_HOLDER);
  }
  for (let w = 0; w < MAX_WORKERS; w++) Atomics.notify(cells, CTRL.WAKE + w);
  Atomics.notify(cells, CTRL.CANCEL);
}
