import { afterAll, beforeAll, expect, test } from 'vitest';
import { countingSource, drive, stopped } from '../../support/widgets.js';
import { driveWidget } from '../../../src/widgets/work.js';
import type { Engine } from '../../../src/engine/index.js';
import { parseAttributes } from '../../../src/widgets/attributes.js';
import { median } from '../../../src/stats.js';
import type { SharingData } from '../../../src/widgets/sharing/model.js';
import { sharingWidget } from '../../../src/widgets/sharing/widget.js';
import { nodeEngine } from '../../support/engine.js';

let engine: Engine;
beforeAll(async () => {
  engine = await nodeEngine();
});
afterAll(async () => {
  await engine.dispose();
});

test('every method is measured repeat times by the engine, live, and copying costs more than transferring', async () => {
  const { values } = parseAttributes(sharingWidget.spec, { size: '2', repeat: '3' }, () => undefined);
  const frames: SharingData[] = [];
  const d = await drive(sharingWidget, values, engine, (x) => frames.push(structuredClone(x)));
  expect(d.running).toBe(false);
  expect(d.bytes).toBe(2 * 1024 * 1024);
  expect(d.rows.map((r) => [r.method, r.samples.length, r.unavailable])).toEqual([['copy', 3, null], ['transfer', 3, null], ['shared', 3, null]]);
  expect(d.rows.every((r) => r.samples.every((ms) => ms > 0 && Number.isFinite(ms)))).toBe(true);
  expect(frames.filter((f) => f.rows.some((r) => r.samples.length > 0)).length).toBeGreaterThanOrEqual(9);
  const m = (i: number) => median(d.rows[i]!.samples);
  expect(m(0)).toBeGreaterThan(m(1));
  expect(sharingWidget.metrics!(d).map((x) => [x.key, x.bytes])).toEqual([['sharing:copy', 2097152], ['sharing:transfer', 2097152], ['sharing:shared', 2097152]]);
  expect(sharingWidget.summary(d)).toMatch(/^Moving 2 MB to a worker, median of 3: copy \(pickle-like\) [\d.]+ ms/);
});

test('a stopped run stops measuring', async () => {
  const { values } = parseAttributes(sharingWidget.spec, { size: '1', repeat: '50' }, () => undefined);
  const abort = new AbortController();
  let n = 0;
  const { source, asked } = countingSource(engine);
  const e = await stopped(driveWidget(sharingWidget, values, source, { signal: abort.signal, onData: () => ++n === 4 && abort.abort() }));
  const last = e.last as SharingData;
  expect(last.rows.reduce((s, r) => s + r.samples.length, 0)).toBe(3);
  // Nothing is measured after the stop: only the one already under way when it came.
  expect(asked.filter((a) => a === 'measureSharing').length).toBe(4);
});
