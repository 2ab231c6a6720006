/**
 * A run recorded ahead of time (with `node build.mjs record-references`) and shipped in the page, so print view
 * and a PDF show a real picture of a widget that was never run on this device, labelled as such.
 */
export interface ReferenceRun<D = unknown> {
  widget: string;
  recordedAt: string;
  runtime: string;
  attributes: Record<string, unknown>;
  data: D;
  summary: string;
}

let cache: Record<string, ReferenceRun> | null = null;

/** The reference run the page carries for a widget, if any (embedded by the build as JSON). */
export function pageReference<D>(widget: string): ReferenceRun<D> | null {
  if (!cache) {
    const text = typeof document === 'undefined' ? null : document.getElementById('gildeck-references')?.textContent;
    try {
      cache = text ? (JSON.parse(text) as Record<string, ReferenceRun>) : {};
    } catch {
      cache = {};
    }
  }
  return (cache[widget] as ReferenceRun<D> | undefined) ?? null;
}
