/** How a run ended, as the `gd-run` event tells it (`running` when one starts). */
export type RunState = 'running' | 'done' | 'error' | 'stopped';

/**
 * Dispatched (bubbling) by a widget when a run starts and when it ends: what the kiosk waits for before leaving a
 * demo slide. `detail.state` is a RunState. Its own module, so the page's start bundle can listen without
 * carrying the widgets (they load on demand).
 */
export const RUN_EVENT = 'gd-run';
