import type { EventKind, TraceEvent } from './trace.js';

/** What opens and what closes one kind of span (a GIL hold: GilAcquire to GilDrop), and the name it goes by. */
export interface SpanKind<L> {
  start: EventKind;
  end: EventKind;
  label: L;
  /** A second start while a span is open: 'last' (default) restarts it there, 'first' ignores it. */
  keep?: 'first' | 'last';
}

/** A start and the end that closed it, on one track; `to` is null for a span still open when the events ran out. */
export interface Span<L> {
  track: number;
  label: L;
  from: TraceEvent;
  to: TraceEvent | null;
}

/**
 * Pairs start and end events into spans, every kind on every track (the worker, unless `track` says otherwise)
 * apart. An end closes the span its kind has open on its track and is ignored when none is. Closed spans come in the
 * order of their ends (kinds in the order given when one event ends several), then the open ones in the order they
 * opened, for a caller that draws them up to now.
 */
export function pairSpans<L>(events: readonly TraceEvent[], kinds: ReadonlyArray<SpanKind<L>>, track: (e: TraceEvent) => number = (e) => e.worker): Array<Span<L>> {
  const open = new Map<string, Span<L>>();
  const out: Array<Span<L>> = [];
  for (const e of events) {
    kinds.forEach((k, i) => {
      if (e.kind !== k.start && e.kind !== k.end) return;
      const t = track(e);
      const key = `${t}:${i}`;
      if (e.kind === k.start) {
        if (k.keep !== 'first' || !open.has(key)) open.set(key, { track: t, label: k.label, from: e, to: null });
      } else {
        const span = open.get(key);
        if (!span) return;
        out.push({ ...span, to: e });
        open.delete(key);
      }
    });
  }
  return [...out, ...open.values()];
}

/** Only the closed spans, typed so. */
export const closedSpans = <L>(spans: ReadonlyArray<Span<L>>): Array<Span<L> & { to: TraceEvent }> => spans.filter((s): s is Span<L> & { to: TraceEvent } => s.to !== null);
