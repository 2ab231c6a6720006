import { KIOSK_NUMBERS, type KioskKey, type KioskOptions } from '../../compiler/kioskOptions.js';

/** The kiosk's settings in milliseconds, resolved from the deck's `kiosk:` front matter and its `autoSlide`. */
export interface KioskSettings {
  /** Each step's time on screen unless its slide or fragment says otherwise (`data-autoslide`). */
  advance: number;
  idle: number;
  hold: number;
  maxWait: number;
  watchdog: number;
  freeze: number;
}

const ms = (k: KioskKey, v: number) => (KIOSK_NUMBERS[k].unit === 's' ? v * 1000 : v);

/**
 * The deck's kiosk settings with their defaults. The pace is `kiosk.advance`, else the deck's (or URL's) `autoSlide`
 * when it is on, else 20 s; never under 1 s. Values were validated at build time; they are clamped again here
 * because a URL may set `autoSlide`.
 */
export function kioskSettings(config: { kiosk?: unknown; autoSlide?: unknown }, note: (message: string) => void = () => undefined): KioskSettings {
  const given = (typeof config.kiosk === 'object' && config.kiosk !== null ? config.kiosk : {}) as KioskOptions;
  const read = (k: KioskKey, fallback: number) => {
    const v = given[k];
    const { min, max } = KIOSK_NUMBERS[k];
    return typeof v === 'number' && Number.isFinite(v) ? ms(k, Math.min(max, Math.max(min, v))) : fallback;
  };
  const autoSlide = typeof config.autoSlide === 'number' && config.autoSlide > 0 ? config.autoSlide : null;
  const min = KIOSK_NUMBERS.advance.min;
  if (given.advance === undefined && autoSlide !== null && autoSlide < min) note(`kiosk: autoSlide ${autoSlide} raised to ${min} ms (the kiosk never advances faster)`);
  return {
    advance: read('advance', Math.max(min, autoSlide ?? KIOSK_NUMBERS.advance.default)),
    idle: read('idle', ms('idle', KIOSK_NUMBERS.idle.default)),
    hold: read('hold', KIOSK_NUMBERS.hold.default),
    maxWait: read('maxWait', KIOSK_NUMBERS.maxWait.default),
    watchdog: read('watchdog', ms('watchdog', KIOSK_NUMBERS.watchdog.default)),
    freeze: read('freeze', ms('freeze', KIOSK_NUMBERS.freeze.default)),
  };
}

/**
 * A step's own pace, as reveal.js reads `data-autoslide`: the current fragment's, else the slide's, else its
 * vertical stack's; else `fallback`. Never under the kiosk's 1 s.
 */
export function stepPace(elements: ReadonlyArray<Element | null | undefined>, fallback: number): number {
  for (const el of elements) {
    const raw = el?.getAttribute('data-autoslide');
    if (raw == null || raw === '') continue;
    const v = Number(raw);
    if (Number.isFinite(v) && v > 0) return Math.max(KIOSK_NUMBERS.advance.min, v);
  }
  return fallback;
}

/** What the schedule needs to know about the step on screen. */
export interface StepTiming {
  /** When the step (slide or fragment) was shown. */
  shownAt: number;
  /** When its slide was shown (fragments of one slide share its demos and its upper bound). */
  slideShownAt: number;
  pace: number;
  /** Whether the slide has demos, and when the last of them finished (null: still running). */
  demos: boolean;
  finishedAt: number | null;
  hold: number;
  maxWait: number;
}

/**
 * When the kiosk leaves the step: after its pace; on a demo slide not before every demo finished and its result
 * was on screen `hold` ms; and never later than `maxWait` after the slide came, however its demos are doing.
 */
export function advanceDue(t: StepTiming): number {
  const paced = t.shownAt + t.pace;
  if (!t.demos) return paced;
  const bound = t.slideShownAt + t.maxWait;
  if (t.finishedAt === null) return Math.max(paced, bound);
  return Math.min(Math.max(paced, t.finishedAt + t.hold), Math.max(paced, bound));
}
