// Parts of reveal.js a page loads only when it uses them: its scroll view, its print view, auto-animate and fitty
// (`r-fit-text`). The build bundles reveal.js from its own sources and, in the start script, puts a stand-in in
// place of each part (src/cli/revealSourcePlugin.ts); the unit that carries a part (see src/runtime/chunks.ts)
// provides the real one here before the deck starts, and reveal.js, constructing the deck, then gets the real one.
// Every page that uses a part loads its unit before the deck starts (main.ts decides, from the config, the address
// and the slides), so a stand-in only ever stands for a part the page does not use.

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

/** fitty, or, without its unit, nothing fitted (no slide of this page asks for `r-fit-text`). */
export function deferredFitty(...args: unknown[]): unknown[] {
  const real = providedRevealPart('fitty') as ((...a: unknown[]) => unknown[]) | undefined;
  return real ? real(...args) : [];
}
