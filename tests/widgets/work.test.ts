import { expect, test } from 'vitest';
import type { RunSpec, TraceEvent } from '../../src/engine/index.js';
import { attr, defineWidget } from '../../src/widgets/attributes.js';
import type { WidgetDefinition } from '../../src/widgets/definition.js';
import { type RunRecord, recordedSource, streamSource } from '../../src/widgets/source.js';
import { timelineModel } from '../../src/widgets/timeline/model.js';
import { timelineWidget } from '../../src/widgets/timeline/widget.js';
import { driveWidget, startWork, WidgetStopped } from '../../src/widgets/work.js';
import { randomTrace } from './heatmap/randomTrace.js';

const host = { cores: 2, sharedMemory: false, mode: 'message-fallback' as const };
const SPEC: RunSpec = { strategy: 'threads', workers: 2, workload: 'primes', seconds: 1 };
const end = (events: readonly TraceEvent[]): Omit<RunRecord, 'events'> => ({ mode: 'message-fallback', wallMs: events.at(-1)?.t ?? 0, unitsPerMs: 100, counter: null, minWallMs: 0 });

/** A widget that plays one run and counts how often its live model runs. */
const spec = defineWidget({ name: 'counter', summary: 'test', attributes: { n: attr.int(1, 9, 1, 'n') } });
function counting() {
  const calls = { model: 0 };
  const def: WidgetDefinition<typeof spec.attributes, { events: number; mode: null }> = {
    spec,
    initial: () => ({ events: 0, mode: null }),
    view: () => ({ draw: () => undefined, destroy: () => undefined }),
    summary: (d) => `${d.events} events`,
    work: async ({ trace }) => {
      const run = await trace(SPEC, (events) => (calls.model++, { events: events.length, mode: null }));
      return { events: run.events.length, mode: null };
    },
  };
  return { def, calls };
}

test('the live model runs only when data is taken: fifty batches between two frames cost one model call, over all their events', () => {
  const { def, calls } = counting();
  const source = streamSource(host);
  const work = startWork(def, { n: 1 }, source, new AbortController().signal);
  return (async () => {
    await Promise.resolve();
    const { events } = randomTrace(3);
    for (let i = 0; i < 50; i++) source.push(events.slice(i, i + 1));
    expect(calls.model).toBe(0);
    expect(work.take()).toMatchObject({ events: 50 });
    expect(calls.model).toBe(1);
    // Nothing new since: nothing to draw, no model call.
    expect(work.take()).toBeNull();
    expect(calls.model).toBe(1);
    source.end(end(events));
    await work.done;
  })();
});

test('the framework writes the engine mode on the data, from the runs that made it (widgets never do)', async () => {
  const { def } = counting();
  const source = streamSource(host);
  const done = driveWidget(def, { n: 1 }, source);
  await Promise.resolve();
  source.end(end([]));
  expect((await done).mode).toBe('message-fallback');
});

test('a widget fed a recorded trace, or the same trace streamed in batches, ends with the data its model gives that trace', async () => {
  const { events } = randomTrace(7);
  const values = { strategy: 'threads' as const, workers: 2, workload: 'primes' as const, duration: 1, 'switch-interval': 5, controls: false };
  const spec: RunSpec = { strategy: 'threads', workers: 2, workload: 'primes', seconds: 1, switchIntervalMs: 5 };
  const run: RunRecord = { ...end(events), events };
  const recorded = await driveWidget(timelineWidget, values, recordedSource(host, [{ spec, run }]));

  const stream = streamSource(host);
  const frames: unknown[] = [];
  const streamed = driveWidget(timelineWidget, values, stream, { onData: (d) => frames.push(d) });
  await Promise.resolve();
  for (let i = 0; i < events.length; i += 40) {
    stream.push(events.slice(i, i + 40));
    await Promise.resolve();
  }
  stream.end(run);
  const direct = { ...timelineModel(events, { strategy: 'threads', workers: 2, cores: 2, now: 0, running: false, wallMs: run.wallMs }), mode: 'message-fallback' };
  expect(recorded).toEqual(direct);
  expect(await streamed).toEqual(direct);
  expect(frames.length).toBeGreaterThan(1);
});

test('stopping ends the work with WidgetStopped and the newest data it had; nothing it shows afterwards is kept', async () => {
  const { def } = counting();
  const source = streamSource(host);
  const abort = new AbortController();
  const work = startWork(def, { n: 1 }, source, abort.signal);
  await Promise.resolve();
  source.push(randomTrace(3).events.slice(0, 5));
  abort.abort();
  source.push(randomTrace(3).events.slice(5, 9));
  const e = await work.done.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(WidgetStopped);
  expect((e as WidgetStopped).last).toMatchObject({ events: 5 });
});

test('a widget that measures the device says it needs a live engine when fed a recording', async () => {
  const needs: WidgetDefinition<typeof spec.attributes, { mode: null }> = {
    spec,
    initial: () => ({ mode: null }),
    view: () => ({ draw: () => undefined, destroy: () => undefined }),
    summary: () => '',
    work: async ({ probes }) => (await probes.calibrate('primes'), { mode: null }),
  };
  await expect(driveWidget(needs, { n: 1 }, recordedSource(host, []))).rejects.toThrow(/needs a live engine/);
});
