// The kiosk's front matter (`kiosk: { idle: 60, ... }`), in one place: the compiler validates it (frontMatter.ts)
// and the runtime reads its defaults. Plain data: the browser bundle imports it without a schema library.

/** Each setting's range, unit and default; `advance` has no default here (the deck's `autoSlide`, else 20 s). */
export const KIOSK_NUMBERS = {
  /** ms each slide (or fragment) stays when it has no `data-autoslide` of its own. */
  advance: { min: 1000, max: 3_600_000, unit: 'ms', default: 20_000 },
  /** s without a touch after which a visitor's deck returns to the start and advances again. */
  idle: { min: 1, max: 86_400, unit: 's', default: 60 },
  /** ms a demo's result stays on screen once every demo of the slide finished. */
  hold: { min: 0, max: 600_000, unit: 'ms', default: 8000 },
  /** ms a slide may wait for its demos at most: a stuck demo cannot hold the booth. */
  maxWait: { min: 1000, max: 3_600_000, unit: 'ms', default: 60_000 },
  /** s a running demo may go without new data before the watchdog stops it as failed. */
  watchdog: { min: 1, max: 3600, unit: 's', default: 20 },
  /** s the page may be frozen (its main thread blocked) before it reloads at the same slide. */
  freeze: { min: 1, max: 3600, unit: 's', default: 10 },
} as const;

export type KioskKey = keyof typeof KIOSK_NUMBERS;
export type KioskOptions = { [K in KioskKey]?: number };

export const KIOSK_KEYS = Object.keys(KIOSK_NUMBERS) as KioskKey[];

/** "a number of ms from 1000 to 3600000" for messages. */
export const describeKiosk = (k: KioskKey): string => `a number of ${KIOSK_NUMBERS[k].unit === 'ms' ? 'milliseconds' : 'seconds'} from ${KIOSK_NUMBERS[k].min} to ${KIOSK_NUMBERS[k].max}`;
