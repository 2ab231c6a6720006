/**
 * What the deck measured this session, per widget: kept in sessionStorage (so `compare` can use numbers measured
 * on earlier slides, and a reload keeps them) and broadcast to reveal.js's speaker view, whose iframes show the
 * main window's results instead of running anything themselves.
 */
import type { Metric } from './definition.js';

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
}

const KEY = 'gildeck:results';
const CHANNEL = 'gildeck-widgets';

function read(): Record<string, StoredResult> {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, StoredResult>;
  } catch {
    return {};
  }
}

export function storedResult<D>(id: string): StoredResult<D> | null {
  return (read()[id] as StoredResult<D> | undefined) ?? null;
}

export function allResults(): StoredResult[] {
  return Object.values(read());
}

/** Every metric measured this session, newest last (a later run of the same thing supersedes an earlier one). */
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
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ ...read(), [r.id]: r }));
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
