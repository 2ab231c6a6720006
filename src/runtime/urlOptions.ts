import { closest } from '../suggest.js';
import { REVEAL_NUMBERS, type RevealNumberKey, revealOptions, revealUrlOnlyOptions } from '../compiler/revealOptions.js';
import { isFlag, URL_FLAGS, type UrlOptions } from './urlFlags.js';

export type { UrlOptions } from './urlFlags.js';

const schemas: Record<string, { safeParse(v: unknown): { success: boolean } }> = { ...revealOptions, ...revealUrlOnlyOptions };
const ALLOWED = Object.keys(schemas);
const isNumberKey = (k: string): k is RevealNumberKey => Object.hasOwn(REVEAL_NUMBERS, k);

/** A query value as reveal.js would read it: `true`/`false`, a number, or text. */
function deserialize(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw)) return Number(raw);
  return raw;
}

/**
 * Reads reveal.js options from a query string with the schema front matter uses. Unknown keys and values of the
 * wrong kind are ignored, numbers are clamped to their ranges, and every such decision is noted.
 */
export function readUrlOptions(search: string): UrlOptions {
  const options: Record<string, unknown> = {};
  const flags = new Set<string>();
  const notes: string[] = [];
  for (const [key, raw] of new URLSearchParams(search)) {
    if (isFlag(key)) {
      if (raw === '') flags.add(key);
      else notes.push(`URL flag ${key}=${raw} ignored: it takes no value; write ?${key} alone`);
      continue;
    }
    if (!Object.hasOwn(schemas, key)) {
      const near = closest(key, [...ALLOWED, ...URL_FLAGS]);
      notes.push(`URL option "${key}" ignored: ${near ? `did you mean "${near}"?` : 'not an option the URL may set'} (see "URL options" in the README)`);
      continue;
    }
    const value = deserialize(raw);
    if (isNumberKey(key)) {
      const { min, max } = REVEAL_NUMBERS[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        notes.push(`URL option ${key}=${raw} ignored: it must be a number from ${min} to ${max}`);
        continue;
      }
      const clamped = Math.min(max, Math.max(min, value));
      if (clamped !== value) notes.push(`URL option ${key}=${raw} clamped to ${clamped} (the range is ${min} to ${max})`);
      options[key] = clamped;
    } else if (schemas[key]!.safeParse(value).success) options[key] = value;
    else notes.push(`URL option ${key}=${raw} ignored: not a value "${key}" takes (see the front matter table in the README)`);
  }
  return { options, flags, notes };
}
