/**
 * How print view says it is done, shared by the page (widgets, the print plugin) and `export pdf`, which waits for
 * it: no DOM here, so the CLI can import it.
 */

/** Fired (bubbling) by a widget in print view once its final picture is drawn. */
export const PRINT_EVENT = 'gd-print';
/** On each widget in print view: `ready` (drawn) or `error` (an error box instead). */
export const PRINT_STATE_ATTRIBUTE = 'data-print';
/** On `<html>`: `ready` once every page is laid out and every widget drawn. */
export const PRINT_READY_ATTRIBUTE = 'data-gildeck-print';
