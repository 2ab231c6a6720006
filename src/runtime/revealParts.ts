// Parts of reveal.js a page loads only when it uses them: its scroll view, its print view, auto-animate and fitty
// (`r-fit-text`). The build bundles reveal.js from its own sources and, in the start script, puts a stand-in in
// place of each part (src/cli/revealSourcePlugin.ts); the unit that carries a part (see src/runtime/chunks.ts)
// provides the real one here before the deck starts, and reveal.js, constructing the deck, then gets the real one.
// Every page that uses a part loads its unit before the deck starts (main.ts decides, from the config, the address
// and the slides), so a stand-in only ever stands for a part the page does not use.

import { SMALL_SCREEN_CLASS } from './smallScreen.js';

/** The parts, by the name the build knows them by. */
export const REVEAL_PARTS = ['scrollview', 'printview', 'autoanimate', 'fitty'] as const;
export type RevealPart = (typeof REVEAL_PARTS)[number];

type Registry = Partial<Record<RevealPart, unknown>>;
// On the page, not in this module: each unit bundles its own copy of this module.
const registry = (): Registry => ((globalThis as { __gildeckRevealParts?: Registry }).__gildeckRevealParts ??= {});

/** Called by a unit: the real part, for the deck about to start. */
export function provideRevealPart(part: RevealPart, value: unknown): void {
  registry()[part] = value;
}

/** The real part if its unit provided it. */
export const providedRevealPart = (part: RevealPart): unknown => registry()[part];

type Controller = new (reveal: unknown) => object;

/**
 * A controller class for reveal.js to construct: the real one if its unit is in, else an object that answers as the
 * part does while it is off (not active, nothing to run or reset). A constructor that returns an object gives that
 * object to `new`.
 */
export function deferredController(part: 'scrollview' | 'printview' | 'autoanimate', off: object): Controller {
  return function Deferred(this: unknown, reveal: unknown) {
    const Real = providedRevealPart(part) as Controller | undefined;
    return Real ? new Real(reveal) : Object.create(off);
  } as unknown as Controller;
}

/** What each part answers while it is off. */
const nothing = (): void => undefined;
export const SCROLL_VIEW_OFF = { isActive: () => false, activate: nothing, deactivate: nothing, toggle: nothing, layout: nothing, prev: () => false, next: () => false, scrollToSlide: nothing, getSlideByIndices: () => undefined };
export const PRINT_VIEW_OFF = { isActive: () => false, activate: nothing };
export const AUTO_ANIMATE_OFF = { run: nothing, reset: nothing };

/** Whether a slide of the page auto-animates (reveal.js's `data-auto-animate`). */
export const usesAutoAnimate = (root: ParentNode): boolean => root.querySelector('[data-auto-animate]') !== null;

export interface FitOptions {
  minSize?: number;
  maxSize?: number;
  [option: string]: unknown;
}

/**
 * reveal.js fits `r-fit-text` between 24 px and 80% of the deck's height. With the small-screen layout (a phone:
 * the deck's height is '100%', smallScreen.ts) that maximum is NaN and nothing was fitted, and 24 px would still
 * push a long title off a 390 px screen: there text fits between 12 px (the small-screen minimum) and 80% of the
 * screen's height.
 */
export function fitOptions(options: FitOptions, screenHeight: number, small: boolean): FitOptions {
  const maxSize = typeof options.maxSize === 'number' && Number.isFinite(options.maxSize) ? options.maxSize : screenHeight * 0.8;
  return { ...options, maxSize, ...(small ? { minSize: Math.min(options.minSize ?? 24, 12) } : {}) };
}

/**
 * fitty fits text to its parent's clientWidth, padding included; on a small screen the slide has 12 px of padding a
 * side, so the fitted text would reach past the screen's edge. After each fit, text wider than its parent's content
 * box is scaled down to it (not below the small-screen minimum).
 */
function keepInsideContentBox(el: HTMLElement): void {
  const parent = el.parentElement;
  if (!parent || !document.documentElement.classList.contains(SMALL_SCREEN_CLASS)) return;
  const pad = getComputedStyle(parent);
  const room = parent.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
  const width = el.getBoundingClientRect().width;
  const size = parseFloat(el.style.fontSize);
  if (width > room && room > 0 && size > 0) el.style.fontSize = `${Math.max(12, (size * room) / width)}px`;
}

const watched = new WeakSet<Element>();

/** fitty, or, without its unit, nothing fitted (no slide of this page asks for `r-fit-text`). */
export function deferredFitty(target: unknown, options: FitOptions = {}): unknown[] {
  const real = providedRevealPart('fitty') as ((t: unknown, o: FitOptions) => unknown[]) | undefined;
  if (!real) return [];
  if (target instanceof HTMLElement && !watched.has(target)) {
    watched.add(target);
    target.addEventListener('fit', () => keepInsideContentBox(target));
  }
  return real(target, fitOptions(options, window.innerHeight, document.documentElement.classList.contains(SMALL_SCREEN_CLASS)));
}
