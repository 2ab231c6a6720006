// The reveal.js options a deck may set, in one place: the compiler validates front matter with it and the
// runtime validates URL options with it. Imported by the browser bundle, so zod/mini only.
import * as z from 'zod/mini';

export const TRANSITIONS = ['none', 'fade', 'slide', 'convex', 'concave', 'zoom'] as const;

/**
 * Numeric options and the ranges that keep reveal.js sane: beyond them its layout divides by zero or recurses
 * (margin 1, minScale 0), and a timer above 2^31 ms fires at once (autoSlide). `example` is shown in hints.
 */
export const REVEAL_NUMBERS = {
  /** ms between slides; 0 is off. */
  autoSlide: { min: 0, max: 3_600_000, example: 20_000 },
  width: { min: 100, max: 10_000, example: 960 },
  height: { min: 100, max: 10_000, example: 700 },
  /** A fraction of the slide size left empty around it. */
  margin: { min: 0, max: 0.5, example: 0.04 },
  minScale: { min: 0.05, max: 10, example: 0.2 },
  maxScale: { min: 0.05, max: 10, example: 2 },
  /** The speaker view's pacing: seconds for the whole talk, or for each slide without its own `data-timing`. */
  totalTime: { min: 0, max: 86_400, example: 2100 },
  defaultTiming: { min: 0, max: 3600, example: 120 },
} as const;

export type RevealNumberKey = keyof typeof REVEAL_NUMBERS;

const ranged = (k: RevealNumberKey) => z.number().check(z.gte(REVEAL_NUMBERS[k].min), z.lte(REVEAL_NUMBERS[k].max));

/** reveal.js options a deck may set in front matter (and a viewer in the URL); passed to `Reveal.initialize`. */
export const revealOptions = {
  transition: z.enum(TRANSITIONS),
  transitionSpeed: z.enum(['default', 'fast', 'slow']),
  backgroundTransition: z.enum(TRANSITIONS),
  slideNumber: z.union([z.boolean(), z.enum(['h.v', 'h/v', 'c', 'c/t'])]),
  controls: z.boolean(),
  progress: z.boolean(),
  center: z.boolean(),
  hash: z.boolean(),
  history: z.boolean(),
  loop: z.boolean(),
  keyboard: z.boolean(),
  overview: z.boolean(),
  touch: z.boolean(),
  fragments: z.boolean(),
  autoAnimate: z.boolean(),
  /** `separate-page`: printed notes get a page of their own after each slide (reveal.js's print option). */
  showNotes: z.union([z.boolean(), z.literal('separate-page')]),
  autoSlide: ranged('autoSlide'),
  width: ranged('width'),
  height: ranged('height'),
  margin: ranged('margin'),
  minScale: ranged('minScale'),
  maxScale: ranged('maxScale'),
  navigationMode: z.enum(['default', 'linear', 'grid']),
  totalTime: ranged('totalTime'),
  defaultTiming: ranged('defaultTiming'),
};

/**
 * Options only a URL sets: the print and scroll views, and what reveal.js's speaker view adds to the URLs of its
 * preview frames (`?receiver&progress=false&...&scrollActivationWidth=false&postMessageEvents=true`).
 */
export const revealUrlOnlyOptions = {
  view: z.enum(['print', 'scroll']),
  postMessageEvents: z.boolean(),
  // Only off: switched on, reveal.js turns a phone's deep link into the title slide (see runtime/smallScreen.ts).
  scrollActivationWidth: z.literal(false),
};

export type RevealOptions = { [K in keyof typeof revealOptions]?: z.infer<(typeof revealOptions)[K]> };
