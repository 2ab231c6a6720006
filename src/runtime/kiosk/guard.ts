/**
 * What a passer-by's input may do in the kiosk. Keys that move through the deck (and R, which runs the slide's
 * demos) are a visitor taking over; every other key, with or without modifiers, is swallowed before reveal.js or
 * the page sees it: B . V (pause), O Esc (overview), S (speaker view), ? F1 (help), F (full screen), G, Tab, ...
 */
export type KeyVerdict = 'navigate' | 'block';

const NAVIGATION_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', ' ', 'Home', 'End', 'r', 'R']);

export function kioskKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>): KeyVerdict {
  if (e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return 'block';
  return NAVIGATION_KEYS.has(e.key) ? 'navigate' : 'block';
}

/** reveal.js's `keyboardCondition` in the kiosk: it acts only on the keys a visitor may use. */
export const kioskKeyboardCondition = (e: KeyboardEvent): boolean => kioskKey(e) === 'navigate';

/** Controls inside the deck a visitor may use (a widget's Run button, its inputs, reveal's progress bar). */
const CONTROL = 'button, input, select, textarea, [role="button"], .progress';

export interface GuardEvents {
  /** Any input at all (swallowed or not): a visitor is there. */
  onInput(): void;
  /** A visitor used a control of the deck (or a navigation key): they take over. */
  onTakeOver(): void;
}

/**
 * Installs the kiosk's input guard on `win`, in the capture phase so it runs before reveal.js and the page.
 * Returns the uninstall.
 */
export function installGuard(win: Window, events: GuardEvents): () => void {
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const onKey = (e: KeyboardEvent) => {
    events.onInput();
    if (kioskKey(e) === 'navigate') {
      if (e.type === 'keydown') events.onTakeOver();
      return;
    }
    swallow(e);
  };
  const onPointer = (e: Event) => {
    events.onInput();
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest(CONTROL)) events.onTakeOver();
  };
  const onClick = (e: MouseEvent) => {
    // Links leave the deck (another page, a new window): in the booth they do nothing.
    // A link to a slide (#/3) would move the deck: only the kiosk and the navigation keys do.
    if (e.target instanceof Element && e.target.closest('a[href], area[href]')) swallow(e);
  };
  const onWheel = (e: Event) => {
    events.onInput();
    swallow(e);
  };
  const listeners: Array<[string, (e: never) => void, AddEventListenerOptions]> = [
    ['keydown', onKey, { capture: true }],
    ['keyup', onKey, { capture: true }],
    ['keypress', onKey, { capture: true }],
    ['pointerdown', onPointer, { capture: true }],
    ['touchstart', () => events.onInput(), { capture: true, passive: true }],
    ['click', onClick, { capture: true }],
    ['auxclick', swallow, { capture: true }],
    ['dblclick', swallow, { capture: true }],
    ['contextmenu', swallow, { capture: true }],
    ['dragstart', swallow, { capture: true }],
    ['wheel', onWheel, { capture: true, passive: false }],
    ['gesturestart', swallow, { capture: true }],
  ];
  for (const [type, f, o] of listeners) win.addEventListener(type, f as EventListener, o);
  return () => {
    for (const [type, f, o] of listeners) win.removeEventListener(type, f as EventListener, o);
  };
}
