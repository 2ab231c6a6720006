import { expect, test } from 'vitest';
import { closedSpans, pairSpans } from '../../src/engine/spans.js';
import { EventKind, type TraceEvent } from '../../src/engine/trace.js';

const ev = (t: number, worker: number, kind: EventKind, a = 0): TraceEvent => ({ t, worker, kind, a, b: 0, c: 0 });
const brief = (spans: ReturnType<typeof pairSpans<string>>) => spans.map((s) => [s.track, s.label, s.from.t, s.to?.t ?? null]);

test('each end closes the span its kind opened on its worker; one event can end one kind and start another', () => {
  const events = [
    ev(0, 0, EventKind.GilRequest), ev(1, 1, EventKind.GilRequest), ev(2, 0, EventKind.GilAcquire),
    ev(3, 0, EventKind.GilDrop), ev(3, 1, EventKind.GilAcquire), ev(4, 1, EventKind.GilDrop),
  ];
  const kinds = [
    { start: EventKind.GilAcquire, end: EventKind.GilDrop, label: 'hold' },
    { start: EventKind.GilRequest, end: EventKind.GilAcquire, label: 'wait' },
  ];
  expect(brief(pairSpans(events, kinds))).toEqual([[0, 'wait', 0, 2], [0, 'hold', 2, 3], [1, 'wait', 1, 3], [1, 'hold', 3, 4]]);
});

test('an end with nothing open is ignored; spans still open come last, in the order they opened', () => {
  const events = [ev(0, 0, EventKind.IoEnd), ev(1, 1, EventKind.IoStart), ev(2, 0, EventKind.IoStart), ev(3, 0, EventKind.IoEnd), ev(4, 0, EventKind.IoStart)];
  const spans = pairSpans(events, [{ start: EventKind.IoStart, end: EventKind.IoEnd, label: 'io' }]);
  expect(brief(spans)).toEqual([[0, 'io', 2, 3], [1, 'io', 1, null], [0, 'io', 4, null]]);
  expect(closedSpans(spans).map((s) => s.to.t)).toEqual([3]);
});

test('a second start restarts the span, or with keep "first" is ignored', () => {
  const events = [ev(0, 0, EventKind.TaskStart), ev(1, 0, EventKind.TaskStart), ev(5, 0, EventKind.TaskEnd)];
  expect(brief(pairSpans(events, [{ start: EventKind.TaskStart, end: EventKind.TaskEnd, label: 'task' }]))).toEqual([[0, 'task', 1, 5]]);
  expect(brief(pairSpans(events, [{ start: EventKind.TaskStart, end: EventKind.TaskEnd, label: 'task', keep: 'first' }]))).toEqual([[0, 'task', 0, 5]]);
});

test('a track other than the worker: coroutines named in the events share one thread', () => {
  const events = [ev(0, 0, EventKind.TaskStart, 1), ev(1, 0, EventKind.TaskStart, 2), ev(2, 0, EventKind.TaskEnd, 1), ev(3, 0, EventKind.TaskEnd, 2)];
  expect(brief(pairSpans(events, [{ start: EventKind.TaskStart, end: EventKind.TaskEnd, label: 'task' }], (e) => e.a))).toEqual([[1, 'task', 0, 2], [2, 'task', 1, 3]]);
});
