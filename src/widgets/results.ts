/**
 * What the deck measured, per widget: kept in localStorage under the deck's identity (so `compare` can use numbers
 * measured on earlier slides, and a reload, another tab or a print after the talk shows the talk's runs) and
 * broadcast to reveal.js's speaker view, whose iframes show the main window's results instead of running anything
 * themselves. `?clear-results` in the URL forgets the deck's stored runs.
 */
import type { Metric } from './definition.js';
import { urlFlags } from '../runtime/urlFlags.js';

export interface StoredResult<D = unknown> {
  widget: string;
  metrics?: Metric[];
  id: string;
  data: D;
  summary: string;
  mode: string;
  at: number;
  /** Final (the run finished) or a live frame while running. */
  final: boolean;
  /** The widget configuration it measured (`referenceKey`): a run of other attributes is never shown for these. */
  key?: string;
  /** Where it ran, e.g. "Chromium, 2 cores" (filled in when published). */
  where?: string;
}

const CHANNEL = 'gildeck-widgets';

/** The storage key of this deck's results: its identity, written into the page by the build. */
export function resultsKey(): string {
  const deck = typeof document === 'undefined' ? null : document.querySelector('meta[name="gildeck-deck"]')?.getAttribute('content');
  return `gildeck:results:${deck ?? 'unnamed deck'}`;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // A sandboxed frame or disabled storage throws on access.
    return null;
  }
}

let clearChecked = false;

/**
 * Once per page: `?clear-results` in the main window's URL forgets this deck's stored runs, and leaves the URL so
 * a speaker view opened later (it loads the same URL) does not clear what the talk measured since.
 */
function clearIfAsked(): void {
  if (clearChecked || typeof location === 'undefined') return;
  clearChecked = true;
  // Read as every URL flag is (urlFlags.ts): `?clear-results=no` is reported, never taken as the flag.
  const flags = urlFlags(location.search);
  if (!flags.has('clear-results') || flags.has('receiver') || window.top !== window) return;
  storage()?.removeItem(resultsKey());
  // Only this option goes; the others stay exactly as written (reveal.js reads `print-pdf` from the raw query).
  const rest = location.search.slice(1).split('&').filter((p) => p && p.split('=')[0] !== 'clear-results');
  history.replaceState(history.state, '', `${location.pathname}${rest.length ? `?${rest.join('&')}` : ''}${location.hash}`);
}

function read(): Record<string, StoredResult> {
  clearIfAsked();
  try {
    return JSON.parse(storage()?.getItem(resultsKey()) ?? '{}') as Record<string, StoredResult>;
  } catch {
    return {};
  }
}

/** The widget's last finished run, if it measured this configuration (`key`). */
export function storedResult<D>(id: string, key?: string): StoredResult<D> | null {
  const r = read()[id] as StoredResult<D> | undefined;
  return r && (key === undefined || r.key === key) ? r : null;
}

/** Forgets every stored run of this deck. */
export function clearResults(): void {
  storage()?.removeItem(resultsKey());
}

/** "Chromium, 2 cores": the browser and the cores it reports, for the label of a measured run. */
export function deviceLabel(userAgent: string, cores: number): string {
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chromium' : /Safari\//.test(userAgent) ? 'Safari' : /Node|node/.test(userAgent) ? 'Node' : 'a browser';
  return `${browser}, ${cores} core${cores === 1 ? '' : 's'}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "measured 2026-11-29 14:05 on this device, Chromium, 2 cores" (local time): print view's label of a stored run. */
export function measuredLabel(r: Pick<StoredResult, 'at' | 'where'>): string {
  const d = new Date(r.at);
  const when = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `measured ${when} on this device${r.where ? `, ${r.where}` : ''}`;
}

export function allResults(): StoredResult[] {
  return Object.values(read());
}

/** Every metric the deck measured, newest last (a later run of the same thing supersedes an earlier one). */
export function sessionMetrics(): Metric[] {
  return allResults()
    .sort((a, b) => a.at - b.at)
    .flatMap((r) => r.metrics ?? []);
}

let channel: BroadcastChannel | null = null;
const listeners = new Set<(r: StoredResult) => void>();

function open(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<{ type: 'result'; result: StoredResult } | { type: 'ask'; id: string }>) => {
    if (e.data.type === 'result') for (const l of listeners) l(e.data.result);
    else if (e.data.type === 'ask') {
      const r = storedResult(e.data.id);
      if (r) channel?.postMessage({ type: 'result', result: r });
    }
  };
  return channel;
}

/** Records a result (final ones are kept) and tells the speaker view. */
export function publishResult(r: StoredResult): void {
  if (r.final) {
    const where = r.where ?? (typeof navigator === 'undefined' ? undefined : deviceLabel(navigator.userAgent, navigator.hardwareConcurrency || 1));
    try {
      storage()?.setItem(resultsKey(), JSON.stringify({ ...read(), [r.id]: where ? { ...r, where } : r }));
    } catch {
      // Storage full or disabled (private mode): mirrors still get the broadcast.
    }
  }
  open()?.postMessage({ type: 'result', result: r });
}

/** Listens for one widget's results from the main window; asks for the latest at once. Returns an unsubscribe. */
export function followResults(id: string, onResult: (r: StoredResult) => void): () => void {
  const l = (r: StoredResult) => r.id === id && onResult(r);
  listeners.add(l);
  open()?.postMessage({ type: 'ask', id });
  return () => listeners.delete(l);
}
