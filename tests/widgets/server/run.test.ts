import { expect, test } from 'vitest';
import type { AttributeValues } from '../../../src/widgets/attributes.js';
import type { ServerData } from '../../../src/widgets/server/model.js';
import { serverWidget } from '../../../src/widgets/server/widget.js';
import { nodeEngine } from '../../support/engine.js';
import { countingSource, drive, stopped } from '../../support/widgets.js';
import { driveWidget } from '../../../src/widgets/work.js';

type Values = AttributeValues<typeof serverWidget.spec.attributes>;
const small: Values = { strategies: ['threads', 'free-threading'], workers: 2, 'cpu-ms': 3, 'io-ms': 2, 'max-rate': 200, steps: 2, duration: 0.12 };

test('a real run loads each server at each offered rate and measures every request it planned', async () => {
  const engine = await nodeEngine();
  try {
    const frames: number[] = [];
    const data = await drive(serverWidget, small, engine, (d) => frames.push(d.series.reduce((n, s) => n + s.points.length, 0)));
    expect(frames.at(-1)).toBe(4);
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    expect(data.running).toBe(false);
    expect(data.mode).toBe('shared-memory');
    expect(data.rates).toEqual([100, 200]);
    for (const s of data.series) {
      expect(s.points.map((p) => p.rate)).toEqual([100, 200]);
      // Every request waits its 2 ms of I/O, alone or under load, and alone is never less than its measured parts.
      expect(s.aloneMs!).toBeGreaterThanOrEqual(2);
      expect(s.aloneIoMs!).toBeGreaterThanOrEqual(2);
      expect(s.aloneCpuMs!).toBeGreaterThan(0);
      expect(s.aloneMs!).toBeGreaterThanOrEqual(s.aloneCpuMs! + s.aloneIoMs!);
      // "Alone" is a median of the probe's requests, shown with the range they spanned.
      expect(s.aloneRange!.n).toBe(4);
      expect(s.aloneRange!.low).toBeLessThanOrEqual(s.aloneMs!);
      expect(s.aloneRange!.high).toBeGreaterThanOrEqual(s.aloneMs!);
      // Under the GIL no step serves more than its GIL allows; without one there is no such ceiling.
      for (const p of s.points) {
        if (s.strategy === 'threads') expect(p.rps).toBeLessThanOrEqual(p.ceilingRps!);
        else expect(p.ceilingRps).toBeNull();
      }
      for (const p of s.points) {
        expect(p.requests).toBeGreaterThan(0);
        // Each worker serves the same number of requests; a request the trace lost would break this.
        expect(p.requests % 2).toBe(0);
        expect(p.rps).toBeGreaterThan(0);
        // Enough answers to state the throughput's spread, and under the GIL the ceiling's.
        expect(p.rpsSpread).toBeGreaterThanOrEqual(0);
        if (s.strategy === 'threads') expect(p.ceilingSpread).toBeGreaterThanOrEqual(0);
        expect(p.serviceP50).toBeGreaterThanOrEqual(2);
        expect(p.serviceP99).toBeGreaterThanOrEqual(p.serviceP50);
        expect(p.p99).toBeGreaterThanOrEqual(p.p50);
        expect(p.p50).toBeGreaterThan(0);
      }
    }
    const metrics = serverWidget.metrics!(data);
    expect(metrics.map((m) => m.key)).toEqual(['server-rps:threads', 'server-p99:threads', 'server-rps:free-threading', 'server-p99:free-threading']);
    expect(metrics.every((m) => m.value > 0 && m.workers === 2)).toBe(true);
    expect(JSON.parse(JSON.stringify(data)) as ServerData).toEqual(data);
  } finally {
    await engine.dispose();
  }
});

test('stopping between load steps ends the run early with what was measured', async () => {
  const engine = await nodeEngine();
  try {
    const abort = new AbortController();
    const { source, asked } = countingSource(engine);
    let runsAtStop = -1;
    const e = await stopped(
      driveWidget(serverWidget, small, source, {
        signal: abort.signal,
        onData: (d) => {
          if (d.series[0]!.points.length === 1 && runsAtStop < 0) (runsAtStop = asked.length), abort.abort();
        },
      }),
    );
    expect((e.last as ServerData).series.map((s) => s.points.length)).toEqual([1, 0]);
    // No load step starts after the stop (the next one may already have been asked for when it came).
    expect(asked.length).toBe(runsAtStop);
  } finally {
    await engine.dispose();
  }
});
