/**
 * A run recorded ahead of time for one widget *instance* (its name and validated attributes), with
 * `node build.mjs record-references`, stored with the deck and shipped in the page, so print view and a PDF show a
 * real picture of that very configuration when it never ran on this device, labelled with where and when it ran.
 */
import type { AttributeValue } from './attributes.js';

export interface ReferenceRun<D = unknown> {
  widget: string;
  /** `referenceKey(widget, attributes)`: the file name and the key the page looks it up by. */
  key: string;
  attributes: Record<string, AttributeValue>;
  /** ISO time the run finished. */
  recordedAt: string;
  /** Where it ran, e.g. "Node 20 worker threads". */
  runtime: string;
  cores: number;
  /** The gildeck version and a hash of the worker code that measured it, to tell a run from an older engine. */
  engine: string;
  /** Cores' worth of CPU other programs used just before the run (a busy machine makes runs slower). */
  busyCores?: number;
  data: D;
  summary: string;
}

/** The attributes as one string, independent of the order they were written in. */
export function canonicalAttributes(values: Readonly<Record<string, AttributeValue>>): string {
  return JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
}

/** FNV-1a, 64 bits: the same in Node and the browser, synchronous, and plenty against collisions in one deck. */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** The key of one widget configuration, e.g. `timeline-3f2a9c01d4e5`: its reference file is `<key>.json`. */
export const referenceKey = (widget: string, values: Readonly<Record<string, AttributeValue>>): string =>
  `${widget}-${fnv1a64(`${widget}\n${canonicalAttributes(values)}`).slice(0, 12)}`;

/** Other programs using this many cores make a run worth a warning, and its label says so. */
export const BUSY = 0.5;

/**
 * "reference run: Node 20 worker threads, 2 cores, 2026-11-29": what print view says above a reference run, with
 * ", 1.3 cores busy with other programs" when the machine was not idle.
 */
export const referenceLabel = (run: Pick<ReferenceRun, 'runtime' | 'cores' | 'recordedAt' | 'busyCores'>): string =>
  `reference run: ${run.runtime}, ${run.cores} core${run.cores === 1 ? '' : 's'}, ${run.recordedAt.slice(0, 10)}` +
  (run.busyCores !== undefined && run.busyCores >= BUSY ? `, ${run.busyCores} core${run.busyCores === 1 ? '' : 's'} busy with other programs` : '');

/** What print view says for a widget instance with no reference run of its own (never another configuration's). */
export const NO_REFERENCE = 'no reference run for these settings: run the demo';

let cache: { text: string; runs: Record<string, ReferenceRun> } | null = null;

/** The reference run the page carries for this widget configuration, if any (embedded by the build as JSON). */
export function pageReference<D>(widget: string, values: Readonly<Record<string, AttributeValue>>): ReferenceRun<D> | null {
  const text = (typeof document === 'undefined' ? null : document.getElementById('gildeck-references')?.textContent) ?? '';
  if (cache?.text !== text) {
    let runs: Record<string, ReferenceRun> = {};
    try {
      runs = text ? (JSON.parse(text) as Record<string, ReferenceRun>) : {};
    } catch {
      // A page with a damaged block prints "no reference run" rather than breaking.
    }
    cache = { text, runs };
  }
  const run = cache.runs[referenceKey(widget, values)] as ReferenceRun<D> | undefined;
  // A file renamed by hand, or recorded before the attributes changed, must not stand in for this configuration.
  return run && run.widget === widget && canonicalAttributes(run.attributes) === canonicalAttributes(values) ? run : null;
}
