import { afterAll, beforeAll, expect, test } from 'vitest';
import { toChromeTrace, type ChromeEvent } from '../../src/engine/chromeTrace.js';
import type { Engine } from '../../src/engine/index.js';
import { handoffsUs } from '../../src/engine/analysis.js';
import { nodeEngine } from '../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(() => engine.dispose());

/**
 * Perfetto cannot show slices on one track that overlap without nesting. Compared in whole nanoseconds, as Perfetto
 * reads the JSON's microseconds: a wait from 2080.939 us lasting 5032.201 us ends at 7113.14 us, where the next
 * slice starts, though the sum in floating point can come out a hair later.
 */
function overlappingSlices(events: ChromeEvent[]): Array<[ChromeEvent, ChromeEvent]> {
  const ns = (us: number) => Math.round(us * 1000);
  const end = (e: ChromeEvent) => ns(e.ts + e.dur!);
  const byTrack = new Map<number, ChromeEvent[]>();
  for (const e of events) if (e.ph === 'X') byTrack.set(e.tid, [...(byTrack.get(e.tid) ?? []), e]);
  const bad: Array<[ChromeEvent, ChromeEvent]> = [];
  for (const slices of byTrack.values()) {
    slices.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: ChromeEvent[] = [];
    for (const s of slices) {
      while (stack.length && end(stack[stack.length - 1]!) <= ns(s.ts)) stack.pop();
      const top = stack[stack.length - 1];
      if (top && end(s) > end(top)) bad.push([top, s]);
      stack.push(s);
    }
  }
  return bad;
}

test.each(['threads', 'free-threading', 'subinterpreters', 'multiprocessing', 'asyncio'] as const)('a %s trace has one named track per worker and no overlapping slices on a track', async (strategy) => {
  const r = await engine.run({ strategy, workers: 3, workload: strategy === 'asyncio' ? 'io' : 'mixed', seconds: 0.15, interpreters: 2 }).result;
  const trace = toChromeTrace(r);
  expect(trace.displayTimeUnit).toBe('ms');
  const names = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  // asyncio: one track per coroutine, all on the one event-loop thread.
  expect(names).toHaveLength(strategy === 'asyncio' ? 3 : r.workers);
  expect(trace.traceEvents.filter((e) => e.ph === 'X').length).toBeGreaterThan(0);
  expect(overlappingSlices(trace.traceEvents)).toEqual([]);
  // Survives a JSON round trip (what Perfetto opens).
  expect(JSON.parse(JSON.stringify(trace)).traceEvents.length).toBe(trace.traceEvents.length);
});

test('GIL hand-offs become flow arrows from the dropper to the next holder', async () => {
  const r = await engine.run({ strategy: 'threads', workers: 2, workload: 'countdown', seconds: 0.15 }).result;
  const trace = toChromeTrace(r);
  const starts = trace.traceEvents.filter((e) => e.ph === 's');
  const ends = trace.traceEvents.filter((e) => e.ph === 'f');
  expect(starts.length).toBe(handoffsUs(r.events).length);
  expect(starts.length).toBeGreaterThan(3);
  expect(ends.map((e) => e.id)).toEqual(starts.map((e) => e.id));
  for (let i = 0; i < starts.length; i++) expect(ends[i]!.tid).not.toBe(starts[i]!.tid);
});
