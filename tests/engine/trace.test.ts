import { expect, test } from 'vitest';
import { decodeRecords, EventKind, TraceBuffer, type TraceEvent, TraceReader } from '../../src/engine/trace.js';

test('the reader sees each record once, in order, as the writer appends', () => {
  const ring = TraceBuffer.create(8, true);
  const reader = new TraceReader(ring, 3);
  const out: TraceEvent[] = [];
  ring.push(1, EventKind.RunStart);
  ring.push(2, EventKind.Progress, 10);
  expect(reader.drain(out)).toBe(2);
  ring.push(3, EventKind.Progress, 20);
  expect(reader.drain(out)).toBe(1);
  expect(out.map((e) => [e.t, e.kind, e.a, e.worker])).toEqual([
    [1, EventKind.RunStart, 0, 3],
    [2, EventKind.Progress, 10, 3],
    [3, EventKind.Progress, 20, 3],
  ]);
});

test('a reader that falls a whole ring behind counts what was overwritten instead of reading garbage', () => {
  const ring = TraceBuffer.create(4, false);
  const reader = new TraceReader(ring, 0);
  for (let i = 0; i < 10; i++) ring.push(i, EventKind.Progress, i);
  const out: TraceEvent[] = [];
  reader.drain(out);
  expect(reader.lost).toBe(6);
  expect(out.map((e) => e.a)).toEqual([6, 7, 8, 9]);
});

test('batches sent by the message fallback decode to the same events', () => {
  const ring = TraceBuffer.create(4, false);
  ring.push(5, EventKind.GilAcquire, 0, 7);
  const out: TraceEvent[] = [];
  decodeRecords(ring.records.slice(0, 5), 2, out);
  expect(out).toEqual([{ t: 5, kind: EventKind.GilAcquire, a: 0, b: 7, c: 0, worker: 2 }]);
});
