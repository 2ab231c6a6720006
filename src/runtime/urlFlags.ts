// The part of the address every page reads, without the option schema (zod): the bare flags, and whether the query
// holds anything else. Only a query that does loads the checker (urlOptions.ts), as a chunk of its own.

/**
 * Flags the URL may carry without a value: gildeck's kiosk and `clear-results` (forget this deck's stored runs),
 * reveal.js's print view and its speaker view frames.
 */
export const URL_FLAGS = ['kiosk', 'clear-results', 'print-pdf', 'receiver'] as const;
export const isFlag = (k: string): boolean => (URL_FLAGS as readonly string[]).includes(k);

/** The bare flags the query carries (`?kiosk`, not `?kiosk=1`): what the kiosk, print view and results read. */
export function urlFlags(search: string): Set<string> {
  const flags = new Set<string>();
  for (const [key, raw] of new URLSearchParams(search)) if (isFlag(key) && raw === '') flags.add(key);
  return flags;
}

/** Whether the query holds anything but bare flags: options to check, or something to report. */
export function needsChecking(search: string): boolean {
  for (const [key, raw] of new URLSearchParams(search)) if (!isFlag(key) || raw !== '') return true;
  return false;
}

/** What the address asks for, checked (see urlOptions.ts). */
export interface UrlOptions {
  /** Validated reveal.js options, numbers clamped to their ranges. */
  options: Record<string, unknown>;
  flags: Set<string>;
  /** What was ignored or changed, and why: shown on the page and in the console. */
  notes: string[];
}

/** A query of bare flags only, read without the checker. */
export const flagsOnlyOptions = (search: string): UrlOptions => ({ options: {}, flags: urlFlags(search), notes: [] });

/** The query with every `key=value` taken out: only bare flags (`?kiosk`, `?print-pdf`, `?receiver`) remain. */
export function flagsOnly(search: string): string {
  const parts = search.replace(/^\?/, '').split('&').filter((p) => p !== '' && !p.includes('='));
  return parts.length ? `?${parts.join('&')}` : '';
}

/**
 * reveal.js copies every `key=value` of the query into its config when it initializes, unvalidated (a remote
 * `parallaxBackgroundImage`, `plugins=x`, `autoSlide=1`), and that cannot be turned off. So while it initializes
 * the address carries only the bare flags, and the validated options go in through the config; the original
 * address is put back at once (the speaker view and reloads read it).
 */
export function withFlagsOnlyQuery<T>(initialize: () => T, win: Window = window): T {
  const { pathname, search, hash, href } = win.location;
  const bare = flagsOnly(search);
  if (bare === search) return initialize();
  win.history.replaceState(win.history.state, '', pathname + bare + hash);
  try {
    return initialize();
  } finally {
    win.history.replaceState(win.history.state, '', href);
  }
}
